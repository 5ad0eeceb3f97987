"""The Pillow step on its own: metadata gone, orientation applied, sizes, what is refused."""

import io

import pytest
from PIL import Image

from routines.photos import imaging
from tests.routines.photos import images

LIMIT = 50_000_000


def decoded(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def test_gps_and_camera_exif_are_stripped_from_both_sizes():
    source = images.jpeg_with_gps()
    assert images.GPS_IFD in decoded(source).getexif()  # the fixture really carries GPS

    result = imaging.process_upload(source, max_pixels=LIMIT)

    for data in (result.display, result.thumb):
        out = decoded(data)
        assert out.format == "JPEG"
        assert dict(out.getexif()) == {}
        assert "exif" not in out.info and "icc_profile" not in out.info
        assert b"TestCam" not in data


def test_exif_orientation_is_applied_to_the_pixels():
    # Orientation 6 = "rotate 90° clockwise to display": a 640×480 sensor image is portrait.
    result = imaging.process_upload(images.jpeg_with_gps(orientation=6), max_pixels=LIMIT)
    assert (result.width, result.height) == (480, 640)
    assert decoded(result.display).size == (480, 640)


def test_large_photo_is_resized_to_display_and_thumbnail_sizes():
    big = io.BytesIO()
    Image.new("RGB", (4000, 3000), (90, 90, 90)).save(big, format="JPEG")
    result = imaging.process_upload(big.getvalue(), max_pixels=LIMIT)
    assert max(decoded(result.display).size) == imaging.DISPLAY_SIZE
    assert max(decoded(result.thumb).size) == imaging.THUMB_SIZE
    assert (result.width, result.height) == (1600, 1200)
    assert result.stored_bytes == len(result.display) + len(result.thumb)


def test_a_real_png_is_accepted_whatever_its_name_and_re_encoded_as_jpeg():
    # The rule: content decides, not the name. A PNG is a picture we accept; it comes back
    # as a JPEG, transparency flattened onto white.
    result = imaging.process_upload(images.png(color=(0, 0, 0, 0)), max_pixels=LIMIT)
    out = decoded(result.display)
    assert out.format == "JPEG"
    assert result.source_format == "PNG"
    assert out.getpixel((5, 5)) == pytest.approx((255, 255, 255), abs=2)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"<!doctype html><html><script>alert(1)</script></html>", "not a photo we can read"),
        (b"", "not a photo we can read"),
        (images.gif(), "not a photo we can read"),
        (images.png()[:120], "damaged or incomplete"),
    ],
    ids=["html", "empty", "gif", "truncated-png"],
)
def test_what_is_not_an_accepted_picture_is_refused_with_a_message(data, words):
    with pytest.raises(imaging.ImageRefused, match=words):
        imaging.process_upload(data, max_pixels=LIMIT)


def test_a_100_megapixel_bomb_is_refused_before_it_is_decoded():
    bomb = images.one_colour_png(10_000, 10_000)
    assert len(bomb) < 100_000  # a small file…
    with pytest.raises(imaging.ImageRefused, match="50 megapixels"):
        imaging.process_upload(bomb, max_pixels=LIMIT)


def test_the_megapixel_limit_is_ours_not_only_pillows():
    # 8000×7000 = 56 MP: under Pillow's own bomb threshold, over our stated 50 MP.
    picture = images.one_colour_png(8000, 7000)
    with pytest.raises(imaging.ImageRefused, match=r"8000 × 7000 pixels \(56 megapixels\)"):
        imaging.process_upload(picture, max_pixels=LIMIT)
