"""Progress photos in the site-wide page inventory (tests/quality/pages.py): the rows the
owner's world needs and the pages each person reaches."""

import datetime as dt

from django.urls import reverse


def make_photos(owner, today: dt.date) -> list:
    """Two front photos six weeks apart and a close-up, stored through the real pipeline."""
    from routines.photos import imaging, services
    from tests.routines.photos import images

    def processed(color):
        data = images.jpeg_with_gps(size=(300, 400), color=color)
        return imaging.process_upload(data, max_pixels=10**6)

    first = services.add_photos(
        owner,
        taken_on=today - dt.timedelta(days=42),
        note="before starting",
        images=[("front", processed((190, 120, 100)))],
    )
    later = services.add_photos(
        owner,
        taken_on=today,
        note="left cheek",
        images=[("front", processed((200, 140, 120))), ("close_up", processed((180, 110, 90)))],
    )
    return first + later


def owner_pages(photos) -> list[tuple[str, str]]:
    first = photos[0]
    return [
        ("progress photos", reverse("routines:photos")),
        ("add photos", reverse("routines:photo_add")),
        ("add a front photo", reverse("routines:photo_add") + "?angle=front"),
        ("compare photos", reverse("routines:photo_compare")),
        ("compare, one photo", reverse("routines:photo_compare") + "?angle=close_up"),
        ("compare, no photos", reverse("routines:photo_compare") + "?angle=left"),
        ("photo", reverse("routines:photo_detail", args=[first.pk])),
        ("delete photo", reverse("routines:photo_delete", args=[first.pk])),
    ]


def newcomer_pages() -> list[tuple[str, str]]:
    return [
        ("progress photos, none yet", reverse("routines:photos")),
        ("compare photos, none yet", reverse("routines:photo_compare")),
    ]


def form_error() -> tuple[str, str, dict]:
    """The upload form posted with no photo and a future date."""
    return ("add photos, errors", reverse("routines:photo_add"), {"taken_on": "2999-01-01"})
