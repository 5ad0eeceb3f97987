"""Pictures made in memory for the photo tests: real encodings, chosen metadata."""

import io

from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F


def jpeg_with_gps(size=(640, 480), color=(200, 120, 90), orientation: int | None = None) -> bytes:
    """A JPEG carrying camera make, GPS coordinates (and optionally an orientation) in EXIF."""
    image = Image.new("RGB", size, color)
    exif = Image.Exif()
    exif[MAKE] = "TestCam"
    exif[GPS_IFD] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    if orientation is not None:
        exif[ORIENTATION] = orientation
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, quality=90)
    return out.getvalue()


def png(size=(320, 240), color=(10, 120, 200, 255)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, color).save(out, format="PNG")
    return out.getvalue()


def one_colour_png(width: int, height: int) -> bytes:
    """A small file that decodes to a huge picture (a decompression bomb)."""
    out = io.BytesIO()
    Image.new("1", (width, height), 0).save(out, format="PNG", optimize=True)
    return out.getvalue()


def gif(size=(64, 64)) -> bytes:
    out = io.BytesIO()
    Image.new("P", size, 3).save(out, format="GIF")
    return out.getvalue()
