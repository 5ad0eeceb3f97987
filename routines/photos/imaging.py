"""Turn an uploaded file into safe pictures: bytes in, bytes out. No ORM, no storage.

What comes back never carries the upload's own bytes: the picture is decoded, turned the
way the camera meant (EXIF orientation), stripped of every piece of metadata (EXIF, GPS,
XMP, ICC, comments) by re-encoding only the pixels, and resized to a display size and a
thumbnail. What we accept is decided by sniffing the content, never by the file's name or
the browser's content type.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

# Decoders we let Pillow use on uploads: the formats phone cameras and browsers send.
# (A GIF, a TIFF or an SVG is refused, whatever its name says.)
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
DISPLAY_SIZE = 1600  # longest side, in pixels
THUMB_SIZE = 400
JPEG_QUALITY = 85
THUMB_QUALITY = 80
OUTPUT_FORMAT = "JPEG"
OUTPUT_CONTENT_TYPE = "image/jpeg"
OUTPUT_EXTENSION = "jpg"


class ImageRefused(ValueError):
    """The upload is not a picture we will keep; the message is for the person."""


@dataclass(frozen=True)
class ProcessedImage:
    display: bytes
    thumb: bytes
    width: int
    height: int
    source_format: str

    @property
    def stored_bytes(self) -> int:
        return len(self.display) + len(self.thumb)


def _encode(image: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    # Only pixels are written: no exif=, icc_profile= or comment= is passed on.
    image.save(out, format=OUTPUT_FORMAT, quality=quality, optimize=True)
    return out.getvalue()


def _flatten(image: Image.Image) -> Image.Image:
    """RGB pixels; transparency goes onto white rather than black."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def process_upload(data: bytes, *, max_pixels: int) -> ProcessedImage:
    """Decode `data`, refuse what is not a photo we accept, and return clean JPEGs.

    Raises ImageRefused with a message fit to show beside the form field.
    """
    limit_words = f"{max_pixels / 1_000_000:g} megapixels"
    with warnings.catch_warnings():
        # Pillow warns (and past twice its own limit refuses) on huge images; both are a no.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
            width, height = image.size  # read from the header, nothing decoded yet
            if width * height > max_pixels:
                raise ImageRefused(
                    f"This picture is {width} × {height} pixels "
                    f"({width * height / 1_000_000:.0f} megapixels); the limit is {limit_words}."
                )
            source_format = image.format or "unknown"
            if getattr(image, "n_frames", 1) > 1:
                raise ImageRefused("Animated pictures can’t be used; upload a single photo.")
            if image.format == "JPEG":
                # Let libjpeg decode at 1/2, 1/4 or 1/8 scale when that still leaves at least
                # the display size: a 12-megapixel photo then decodes in a fraction of the time.
                ratio = DISPLAY_SIZE / max(width, height)
                if ratio < 1:
                    image.draft("RGB", (round(width * ratio), round(height * ratio)))
            image = ImageOps.exif_transpose(image)
            image = _flatten(image)
        except ImageRefused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageRefused(
                f"This picture has too many pixels to be processed safely; the limit is "
                f"{limit_words}."
            ) from None
        except UnidentifiedImageError:
            raise ImageRefused(
                "This file is not a photo we can read. Upload a JPEG, PNG or WebP picture."
            ) from None
        except (OSError, SyntaxError, ValueError, EOFError):
            raise ImageRefused(
                "This picture is damaged or incomplete and can’t be read. Try another copy."
            ) from None

    display = image.copy()
    display.thumbnail((DISPLAY_SIZE, DISPLAY_SIZE), Image.Resampling.LANCZOS)
    thumb = display.copy()
    thumb.thumbnail((THUMB_SIZE, THUMB_SIZE), Image.Resampling.LANCZOS)
    return ProcessedImage(
        display=_encode(display, JPEG_QUALITY),
        thumb=_encode(thumb, THUMB_QUALITY),
        width=display.width,
        height=display.height,
        source_format=source_format,
    )
