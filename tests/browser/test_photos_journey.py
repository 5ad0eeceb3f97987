"""Progress photos on a phone (375 px): add a front photo on two dates, compare them with the
slider (keyboard) and side by side, export, delete the account, and the media folder is left
with nothing of that user."""

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from routines.models import ProgressPhoto
from tests.browser.conftest import DESKTOP, PHONE, _make_page
from tests.browser.site_checks import axe_available, axe_violations, open_main_menu
from tests.factories import UserFactory
from tests.routines.photos import images

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery-staple"


def files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def add_front_photo(page, base, taken_on: dt.date, note: str, color):
    page.goto(base + "/routines/photos/")
    page.get_by_role("link", name="Add today’s photos").first.click()
    front = page.get_by_label("Front photo")
    expect(front).to_have_attribute("capture", "user")
    expect(front).to_have_attribute("accept", "image/*")
    front.set_input_files(
        files=[
            {
                "name": "IMG_2040.jpg",
                "mimeType": "image/jpeg",
                "buffer": images.jpeg_with_gps(size=(900, 1200), color=color),
            }
        ]
    )
    page.get_by_label("Date taken").fill(taken_on.isoformat())
    page.get_by_label("Note (optional)").fill(note)
    page.get_by_role("button", name="Save photos").click()
    expect(page.get_by_text("1 photo saved for")).to_be_visible()


def shoot(context_or_page, screenshot_dir, base, name_urls):
    """Screenshots for a person to look at (only when SCREENSHOT_DIR is set)."""
    for name, url in name_urls:
        context_or_page.goto(base + url)
        context_or_page.screenshot(path=f"{screenshot_dir}/photos-{name}.png", full_page=True)


def test_photos_two_dates_compare_export_delete(
    browser, live_server, settings, tmp_path, screenshot_dir
):
    media = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "photos": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media)},
        },
    }
    context, page, console = _make_page(browser, PHONE)
    base = live_server.url
    user = UserFactory(email="photos@example.com", password=PASSWORD)
    # Someone else's photo stays when this user leaves.
    other = UserFactory(email="stays@example.com", password=PASSWORD)
    today = dt.date.today()
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    first_day = today - dt.timedelta(days=42)
    add_front_photo(page, base, first_day, "before starting", (190, 120, 100))
    add_front_photo(page, base, today, "six weeks in", (200, 140, 120))
    photos = list(ProgressPhoto.objects.filter(user=user).order_by("taken_on"))
    assert [p.taken_on for p in photos] == [first_day, today]
    assert len(files_under(media)) == 4
    thumbs = page.locator("#angle-front ~ ol img")
    expect(thumbs).to_have_count(2)
    expect(thumbs.first).to_have_attribute(
        "alt", re.compile(r"^Front photo of your skin, .*: before starting$")
    )
    assert page.evaluate("() => [...document.images].every(i => i.complete && i.naturalWidth)")

    # Compare: the slider is there with JavaScript and works from the keyboard.
    page.get_by_role("link", name="Compare the first and the latest front photo").click()
    expect(page.get_by_role("heading", name=re.compile("6 weeks apart"))).to_be_visible()
    slider = page.get_by_role("slider", name="Divide between the photos")
    expect(slider).to_be_visible()
    slider.focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    expect(slider).to_have_value("60")
    clip = page.locator("[data-compare-after]").evaluate("el => el.style.clipPath")
    assert clip == "inset(0px 0px 0px 60%)" or clip == "inset(0 0 0 60%)"
    page.get_by_role("button", name="Show side by side").click()
    expect(page.locator(".compare-photo")).to_have_count(2)
    expect(page.get_by_text("Earlier:")).to_be_visible()
    expect(page.locator(".compare-photo").first).to_contain_text(first_day.strftime("%-d %B %Y"))
    if axe_available():
        assert axe_violations(page) == []
    screenshot = page.screenshot(full_page=True)
    assert Image.open(io.BytesIO(screenshot)).width == PHONE["width"]

    if screenshot_dir:
        pages = [
            ("gallery", "/routines/photos/"),
            ("add", "/routines/photos/add/"),
            ("compare", "/routines/photos/compare/"),
            ("detail", f"/routines/photos/{photos[0].pk}/"),
            ("delete", f"/routines/photos/{photos[0].pk}/delete/"),
        ]
        shoot(page, screenshot_dir, base, [(f"phone-{n}", u) for n, u in pages])
        wide = browser.new_context(viewport=DESKTOP, storage_state=context.storage_state())
        shoot(wide.new_page(), screenshot_dir, base, [(f"desktop-{n}", u) for n, u in pages])
        wide.close()
        page.goto(base + "/routines/photos/add/")
        page.get_by_label("Front photo").set_input_files(
            files=[{"name": "x.jpg", "mimeType": "image/jpeg", "buffer": b"<html>"}]
        )
        page.get_by_role("button", name="Save photos").click()
        page.screenshot(path=f"{screenshot_dir}/photos-phone-add-error.png", full_page=True)

    # Export from the settings page: both photos and the CSV.
    open_main_menu(page)
    page.get_by_role("link", name="Settings").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download my data (.zip)").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    names = archive.namelist()
    photo_files = sorted(n for n in names if n.startswith("photos/") and n.endswith(".jpg"))
    assert len(photo_files) == 4  # display + thumbnail of each
    rows = list(csv.DictReader(io.StringIO(archive.read("photos/photos.csv").decode())))
    assert [(r["date"], r["angle"], r["note"]) for r in rows] == [
        (first_day.isoformat(), "Front", "before starting"),
        (today.isoformat(), "Front", "six weeks in"),
    ]
    for row in rows:
        exported = Image.open(io.BytesIO(archive.read(row["file"])))
        assert exported.format == "JPEG" and dict(exported.getexif()) == {}

    # Someone else's photo, stored beside these.
    from routines.photos import imaging, services

    services.add_photos(
        other,
        taken_on=today,
        note="",
        images=[("front", imaging.process_upload(images.png(), max_pixels=10**6))],
    )
    theirs = ProgressPhoto.objects.get(user=other)
    ours = {name for p in photos for name in (p.image_name, p.thumb_name)}

    # Delete the account: every file of this user goes; the other user's stay.
    page.get_by_role("link", name="Delete my account…").click()
    if "reauthenticate" in page.url:  # signed in a while ago: the password again first
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()
    page.get_by_label(re.compile("I understand that this deletes my account")).check()
    page.get_by_role("button", name="Delete my account and data").click()
    expect(page.get_by_role("heading", name="Your account is deleted")).to_be_visible()
    expect(page.get_by_text("2 progress photos")).to_be_visible()
    left = sorted(str(p.relative_to(media)) for p in files_under(media))
    assert left == sorted([theirs.image_name, theirs.thumb_name])
    assert not ours & set(left)
    page.goto(base + "/routines/photos/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    console.assert_clean()
    context.close()
