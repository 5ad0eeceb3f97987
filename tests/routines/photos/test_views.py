"""Photo pages end to end through the test client: upload, private serving, refusals, quota,
compare, delete. Files go to a fresh folder per test (the photo_root fixture)."""

import datetime as dt
import io
import re

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from routines.models import ProgressPhoto, Step
from tests.routines.factories import StepFactory
from tests.routines.photos import images
from tests.routines.photos.conftest import stored_files, upload

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
ADD = reverse("routines:photo_add")


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def add(client, taken_on="2026-03-10", note="", **files):
    data = {"taken_on": taken_on, "note": note, **files}
    return client.post(ADD, data)


def one_photo(client, owner, **kwargs) -> ProgressPhoto:
    response = add(client, front=upload(images.jpeg_with_gps()), **kwargs)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ProgressPhoto.objects.filter(user=owner).latest("pk")


def file_url(photo, size="image"):
    return reverse("routines:photo_file", args=[photo.pk, size])


def object_urls(photo):
    return [
        reverse("routines:photo_detail", args=[photo.pk]),
        reverse("routines:photo_delete", args=[photo.pk]),
        file_url(photo, "image"),
        file_url(photo, "thumb"),
    ]


def test_uploaded_jpeg_with_gps_comes_back_without_any_exif(owner_client, owner, photo_root):
    photo = one_photo(owner_client, owner, note="morning light")

    response = owner_client.get(file_url(photo))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    served = Image.open(io.BytesIO(body))
    assert served.format == "JPEG"
    assert dict(served.getexif()) == {}
    assert b"TestCam" not in body
    thumb = b"".join(owner_client.get(file_url(photo, "thumb")).streaming_content)
    assert dict(Image.open(io.BytesIO(thumb)).getexif()) == {}
    assert (photo.angle, photo.taken_on, photo.note) == (
        "front",
        dt.date(2026, 3, 10),
        "morning light",
    )


def test_photo_files_are_private_no_store_and_not_sniffable(owner_client, owner, photo_root):
    photo = one_photo(owner_client, owner)
    for size in ("image", "thumb"):
        response = owner_client.get(file_url(photo, size))
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= cache_control
        assert "public" not in cache_control
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "image/jpeg"
    for url in object_urls(photo)[:2] + [reverse("routines:photos")]:
        assert "no-store" in owner_client.get(url)["Cache-Control"]


def test_stored_names_are_random_and_say_nothing_about_the_owner(owner_client, owner, photo_root):
    first = one_photo(owner_client, owner, note="")
    second = one_photo(owner_client, owner, note="")
    names = [first.image_name, first.thumb_name, second.image_name, second.thumb_name]
    assert len(set(names)) == 4
    for name in names:
        # "p/<32 url-safe characters: 24 random bytes>-<d|t>.jpg": no id, no email, no date.
        assert re.fullmatch(r"p/[A-Za-z0-9_-]{32}-[dt]\.jpg", name), name
    assert stored_files(photo_root) == sorted(names)


def test_no_public_address_reaches_the_stored_file(owner_client, owner, photo_root):
    photo = one_photo(owner_client, owner)
    for prefix in ("/", "/media/", "/static/", "/var/media/"):
        assert owner_client.get(prefix + photo.image_name).status_code == 404, prefix


@pytest.mark.parametrize("who", ["other_client", "editor_client"])
def test_other_users_and_the_editor_get_404_on_every_photo_url(
    request, who, owner_client, owner, photo_root
):
    photo = one_photo(owner_client, owner)
    intruder = request.getfixturevalue(who)
    for url in object_urls(photo):
        assert intruder.get(url).status_code == 404, url
    assert intruder.post(reverse("routines:photo_delete", args=[photo.pk])).status_code == 404
    assert ProgressPhoto.objects.filter(pk=photo.pk).exists()
    # Compare with the owner's ids shows the intruder's own (empty) set, never the owner's.
    page = intruder.get(
        reverse("routines:photo_compare") + f"?angle=front&before={photo.pk}&after={photo.pk}"
    )
    assert page.status_code == 200
    assert file_url(photo).encode() not in page.content


def test_anonymous_visitors_are_sent_to_log_in(client, owner_client, owner, photo_root):
    photo = one_photo(owner_client, owner)
    client.logout()
    urls = object_urls(photo) + [
        reverse("routines:photos"),
        ADD,
        reverse("routines:photo_compare"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse(settings.LOGIN_URL)), url


def test_png_renamed_jpg_is_judged_by_content_and_re_encoded(owner_client, owner, photo_root):
    # Rule: the name and the browser's content type are ignored; a real PNG is a picture we
    # accept, and what is stored is our own JPEG encoding of its pixels.
    photo = one_photo_from(owner_client, owner, upload(images.png(), name="selfie.jpg"))
    assert photo is not None
    body = b"".join(owner_client.get(file_url(photo)).streaming_content)
    assert body.startswith(b"\xff\xd8")  # JPEG, not the PNG's own bytes
    assert Image.open(io.BytesIO(body)).format == "JPEG"


def one_photo_from(client, owner, file):
    response = add(client, front=file)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ProgressPhoto.objects.filter(user=owner).latest("pk")


def refused(client, file, field="front"):
    response = add(client, **{field: file})
    assert response.status_code == 200  # the form again, never a 500
    return response.context["form"].errors


@pytest.mark.parametrize(
    ("make_file", "message"),
    [
        (
            lambda: upload(b"<html><body>not a photo</body></html>", name="photo.jpg"),
            "This file is not a photo we can read. Upload a JPEG, PNG or WebP picture.",
        ),
        (
            lambda: upload(b"<!doctype html><p>hi", name="page.html", content_type="text/html"),
            "This file is not a photo we can read. Upload a JPEG, PNG or WebP picture.",
        ),
        (
            lambda: upload(images.one_colour_png(10_000, 10_000), name="bomb.png"),
            "This picture has too many pixels to be processed safely; the limit is 50 megapixels.",
        ),
        (
            lambda: upload(b"\xff\xd8\xff" + b"\0" * (16 * 1024 * 1024), name="huge.jpg"),
            "This file is 16.0 MB; the limit is 15 MB per photo.",
        ),
    ],
    ids=["html-named-jpg", "html-file", "100-megapixel-bomb", "16-mb-file"],
)
def test_bad_files_are_refused_beside_the_field_and_nothing_is_stored(
    owner_client, owner, photo_root, make_file, message
):
    errors = refused(owner_client, make_file())
    assert errors["front"] == [message]
    assert not ProgressPhoto.objects.exists()
    assert stored_files(photo_root) == []
    page = owner_client.post(ADD, {"taken_on": "2026-03-10", "front": make_file()})
    html = page.content.decode()
    assert 'aria-invalid="true"' in html
    assert message.replace("’", "&#x27;")[:30] in html or message[:30] in html


def test_one_bad_file_in_a_set_stores_none_of_the_set(owner_client, owner, photo_root):
    response = add(
        owner_client,
        front=upload(images.jpeg_with_gps()),
        left=upload(b"GIF89a not really", name="left.jpg"),
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["left"]
    assert not ProgressPhoto.objects.exists()
    assert stored_files(photo_root) == []


def test_todays_set_stores_one_photo_per_chosen_angle(owner_client, owner, photo_root):
    response = add(
        owner_client,
        note="after cleansing",
        front=upload(images.jpeg_with_gps()),
        right=upload(images.png(), name="r.png", content_type="image/png"),
        close_up=upload(images.jpeg_with_gps(size=(200, 200))),
    )
    assert response.status_code == 302
    photos = ProgressPhoto.objects.filter(user=owner).order_by("angle")
    assert [p.angle for p in photos] == ["close_up", "front", "right"]
    assert {p.note for p in photos} == {"after cleansing"}
    assert len(stored_files(photo_root)) == 6


def test_empty_set_future_date_and_long_note_are_refused(owner_client, owner, photo_root):
    response = add(owner_client)
    assert response.context["form"].non_field_errors() == ["Choose or take at least one photo."]
    response = add(owner_client, taken_on="2026-03-11", front=upload(images.jpeg_with_gps()))
    assert response.context["form"].errors["taken_on"] == ["The date can’t be in the future."]
    response = add(owner_client, note="x" * 201, front=upload(images.jpeg_with_gps()))
    assert "note" in response.context["form"].errors
    assert not ProgressPhoto.objects.exists()
    assert stored_files(photo_root) == []


def test_the_form_opens_the_camera_on_phones(owner_client, photo_root):
    html = owner_client.get(ADD).content.decode()
    assert html.count('accept="image/*"') == 4
    assert html.count('capture="user"') == 4
    assert 'enctype="multipart/form-data"' in html
    single = owner_client.get(ADD + "?angle=left").content.decode()
    assert single.count('type="file"') == 1
    assert 'name="left"' in single


def test_quota_is_enforced_by_count(owner_client, owner, photo_root, settings):
    settings.PHOTO_QUOTA_COUNT = 2
    one_photo(owner_client, owner)
    response = add(
        owner_client, front=upload(images.jpeg_with_gps()), left=upload(images.jpeg_with_gps())
    )
    assert response.status_code == 200
    [message] = response.context["form"].non_field_errors()
    assert "you can keep up to 2 photos" in message and "room for 1 more photo." in message
    assert ProgressPhoto.objects.filter(user=owner).count() == 1
    assert len(stored_files(photo_root)) == 2  # only the first photo's two files
    one_photo(owner_client, owner)  # exactly at the limit is fine
    assert ProgressPhoto.objects.filter(user=owner).count() == 2


def test_quota_is_enforced_by_bytes(owner_client, owner, photo_root, settings):
    settings.PHOTO_QUOTA_MB = 0  # nothing fits
    response = add(owner_client, front=upload(images.jpeg_with_gps()))
    assert "Your photo space is full" in response.context["form"].non_field_errors()[0]
    assert stored_files(photo_root) == []


def test_quota_is_per_user(owner_client, owner, other_client, other_user, photo_root, settings):
    settings.PHOTO_QUOTA_COUNT = 1
    one_photo(owner_client, owner)
    one_photo(other_client, other_user)
    assert ProgressPhoto.objects.count() == 2


def test_delete_asks_first_then_removes_the_row_and_both_files(
    owner_client, owner, photo_root, django_capture_on_commit_callbacks
):
    keep = one_photo(owner_client, owner)
    photo = one_photo(owner_client, owner)
    url = reverse("routines:photo_delete", args=[photo.pk])
    confirm = owner_client.get(url)
    assert confirm.status_code == 200
    assert b"Delete the photo" in confirm.content
    assert ProgressPhoto.objects.filter(pk=photo.pk).exists()  # a GET deletes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(url)
    assert response.status_code == 302
    assert not ProgressPhoto.objects.filter(pk=photo.pk).exists()
    assert stored_files(photo_root) == sorted([keep.image_name, keep.thumb_name])
    assert owner_client.get(file_url(photo)).status_code == 404


def test_gallery_groups_by_angle_with_alt_text_and_timeline(owner_client, owner, photo_root):
    StepFactory(
        routine__user=owner,
        kind=Step.Kind.BIOLOGIC,
        custom_name="Growth factor serum",
        start_date=dt.date(2026, 1, 20),
    )
    one_photo(owner_client, owner, note="window light")
    html = owner_client.get(reverse("routines:photos")).content.decode()
    assert 'alt="Front photo of your skin, 10 March 2026: window light"' in html
    assert "week 8 of Growth factor serum" in html
    assert 'id="angle-front"' in html and 'id="angle-left"' not in html


def test_compare_defaults_to_first_and_latest_of_the_angle(owner_client, owner, photo_root):
    StepFactory(
        routine__user=owner, kind=Step.Kind.BIOLOGIC, custom_name="Serum",
        start_date=dt.date(2026, 3, 1),
    )  # fmt: skip
    first = one_photo(owner_client, owner, taken_on="2026-03-01")
    middle = one_photo(owner_client, owner, taken_on="2026-03-05")
    latest = one_photo(owner_client, owner, taken_on="2026-03-10")
    add(owner_client, left=upload(images.jpeg_with_gps()))  # another angle: never offered
    response = owner_client.get(reverse("routines:photo_compare") + "?angle=front")
    pair = response.context["pair"]
    assert (pair.before.photo, pair.after.photo) == (first, latest)
    assert [c.photo for c in pair.choices] == [first, middle, latest]
    html = response.content.decode()
    assert "day 1 of Serum" in html and "day 10 of Serum" in html
    assert "9 days apart" in html
    assert 'type="range"' in html  # the slider, shown by photos.js
    assert html.count('class="compare-photo"') == 2  # side by side without JavaScript

    chosen = owner_client.get(
        reverse("routines:photo_compare") + f"?angle=front&before={middle.pk}&after={latest.pk}"
    ).context["pair"]
    assert (chosen.before.photo, chosen.after.photo) == (middle, latest)
    from_detail = owner_client.get(
        reverse("routines:photo_compare") + f"?angle=front&after={first.pk}"
    ).context["pair"]
    assert (from_detail.before.photo, from_detail.after.photo) == (middle, first)


def test_compare_with_nonsense_parameters_is_not_an_error(owner_client, owner, photo_root):
    one_photo(owner_client, owner)
    response = owner_client.get(
        reverse("routines:photo_compare") + "?angle=<script>&before=abc&after=99999"
    )
    assert response.status_code == 200
    assert response.context["pair"].after is None
    assert b"one front photo so far" in response.content


def test_unknown_file_size_is_404(owner_client, owner, photo_root):
    photo = one_photo(owner_client, owner)
    url = reverse("routines:photo_file", args=[photo.pk, "original"])
    assert owner_client.get(url).status_code == 404


def make_rows(owner, count):
    start = ProgressPhoto.objects.count()
    ProgressPhoto.objects.bulk_create(
        ProgressPhoto(
            user=owner, angle=ProgressPhoto.Angle.values[i % 4],
            taken_on=dt.date(2026, 1, 1) + dt.timedelta(days=i), note=f"n{i}",
            image_name=f"p/x{owner.pk}-{i}-d.jpg", thumb_name=f"p/x{owner.pk}-{i}-t.jpg",
            width=300, height=400, stored_bytes=1000,
        )
        for i in range(start, start + count)
    )  # fmt: skip


@pytest.mark.parametrize("url_name", ["routines:photos", "routines:photo_compare"])
def test_query_count_is_constant_in_the_number_of_photos(
    owner_client, owner, django_assert_num_queries, url_name
):
    StepFactory(routine__user=owner, kind=Step.Kind.BIOLOGIC, start_date=dt.date(2025, 12, 1))
    make_rows(owner, 1)
    owner_client.get(reverse(url_name))  # warm the session and profile
    with CaptureQueriesContext(connection) as one:
        assert owner_client.get(reverse(url_name)).status_code == 200
    make_rows(owner, 49)
    with django_assert_num_queries(len(one.captured_queries)):
        assert owner_client.get(reverse(url_name)).status_code == 200


def test_photos_are_not_in_the_staff_admin(editor_client, owner_client, owner, photo_root):
    one_photo(owner_client, owner)
    assert editor_client.get("/admin/routines/progressphoto/").status_code == 404
    index = editor_client.get(reverse("admin:index")).content.decode()
    assert "progressphoto" not in index.lower() and "Progress photo" not in index
