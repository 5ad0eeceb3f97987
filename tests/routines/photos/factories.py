"""Progress photos for tests, stored through the real pipeline (real files in storage)."""

import datetime as dt

from routines.photos import imaging, services
from tests.routines.photos import images


def store_photo(user, angle="front", day=dt.date(2026, 2, 1), note=""):
    """One processed photo of `user`, its two files written to the photo storage."""
    processed = imaging.process_upload(images.jpeg_with_gps(size=(120, 160)), max_pixels=10**6)
    [photo] = services.add_photos(user, taken_on=day, note=note, images=[(angle, processed)])
    return photo
