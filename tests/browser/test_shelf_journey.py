"""Shelf and my-data journey: add a shelf item, see expiry and cost, avoid an ingredient,
download the export, delete the account."""

import datetime
import io
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from routines.shelf.rules import add_months
from tests.browser.site_checks import open_main_menu
from tests.catalog.factories import IngredientFactory, ProductFactory
from tests.factories import UserFactory
from tests.routines.shelf.factories import StepFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery-staple"


def test_shelf_avoid_list_export_and_delete(
    page_and_console, live_server, viewport, screenshot_dir
):
    page, console = page_and_console
    opened = datetime.date.today() - datetime.timedelta(days=10)
    expiry = add_months(opened, 6)
    user = UserFactory(email="shelf@example.com", password=PASSWORD)
    fragrance = IngredientFactory(name="Fragrance", slug="fragrance")
    product = ProductFactory(name="Repair Serum", size_ml=Decimal("30"), ingredients=[fragrance])
    StepFactory(routine__user=user, routine__name="Night", product=product)

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page).to_have_url(re.compile(r"/routines/$"))

    # Add a shelf item used in the routine step.
    open_main_menu(page)
    page.get_by_role("link", name="My shelf", exact=True).click()
    page.get_by_role("link", name="Add a product").click()
    page.get_by_label("Product", exact=True).select_option(label=str(product))
    page.get_by_label("Status").select_option("in_use")
    page.get_by_label("Opened on").fill(opened.isoformat())
    page.get_by_label("Period after opening (months)").fill("6")
    page.get_by_label("Price paid").fill("120")
    page.get_by_label("Used in routine step").select_option(index=1)
    page.get_by_role("button", name="Add to shelf").click()
    expect(page.get_by_text("is on your shelf")).to_be_visible()
    item = page.locator(".shelf-item").first
    expect(item.get_by_text(f"{expiry.day} {expiry:%b %Y}")).to_be_visible()  # opened + 6 months
    expect(item.get_by_text("USD 36.53")).to_be_visible()  # 120/30 ml × 0.3 ml × 30.44
    expect(page.get_by_text("Night routine")).to_be_visible()

    # The same figures beside the step on the routine page, with the routine's total.
    open_main_menu(page)
    page.get_by_role("link", name="My routine").click()
    page.get_by_role("link", name="Edit Night").click()
    expect(page.get_by_text("about USD 36.53 a month")).to_be_visible()
    expect(page.get_by_text("Estimated cost of this routine")).to_contain_text("USD 36.53")
    expect(page.get_by_text(f"Expires {expiry.day} {expiry:%b %Y}")).to_be_visible()
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/shelf-{viewport['width']}.png", full_page=True)

    # A typo is refused beside the field, then the real ingredient is added and flagged.
    nav = page.get_by_role("navigation", name="Main")
    open_main_menu(page)
    nav.get_by_role("link", name="My shelf").click()
    page.get_by_role("link", name="My avoid-list").click()
    page.get_by_role("combobox", name="Ingredient").fill("Fragrence")
    page.get_by_role("button", name="Add to my avoid-list").click()
    expect(page.get_by_text("is not in our ingredient list")).to_be_visible()
    page.get_by_role("combobox", name="Ingredient").fill("Fragrance")
    page.get_by_role("button", name="Add to my avoid-list").click()
    expect(page.get_by_text("is on your avoid-list")).to_be_visible()
    open_main_menu(page)
    nav.get_by_role("link", name="Catalog").click()
    card = page.locator(".product-card", has_text="Repair Serum")
    expect(card.get_by_text("Contains Fragrance, which you avoid.")).to_be_visible()
    card.get_by_role("link", name="Repair Serum", exact=True).click()
    expect(page.get_by_text("Contains Fragrance, which you avoid.")).to_be_visible()
    open_main_menu(page)
    nav.get_by_role("link", name="My shelf").click()
    expect(page.get_by_text("Contains Fragrance, which you avoid.")).to_be_visible()

    # Status change without leaving the page (htmx), announced to screen readers.
    page.get_by_label("Status").select_option("finished")
    page.get_by_role("button", name="Update").click()
    expect(page.locator("#shelf-announce")).to_contain_text("finished")

    # Download the export from the settings page.
    open_main_menu(page)
    page.get_by_role("link", name="Settings").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download my data (.zip)").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    payload = json.loads(archive.read("cellwise-data.json"))
    assert payload["account"]["email"] == user.email
    assert len(payload["data"]["routines.shelfitem"]) == 1
    assert len(payload["data"]["routines.avoidedingredient"]) == 1

    # Delete the account: the password again first (a wrong one is refused), then the
    # confirming tick (without it nothing is deleted).
    page.get_by_role("link", name="Delete my account…").click()
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    page.get_by_label("Password").fill("not-it")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("Incorrect password.")).to_be_visible()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("button", name="Delete my account and data").click()
    expect(page.get_by_text("Tick the box to confirm. Nothing was deleted.")).to_be_visible()
    assert get_user_model().objects.filter(email=user.email).exists()
    page.get_by_label(re.compile("I understand that this deletes my account")).check()
    page.get_by_role("button", name="Delete my account and data").click()
    expect(page.get_by_role("heading", name="Your account is deleted")).to_be_visible()
    expect(page.get_by_text("1 shelf item")).to_be_visible()
    assert not get_user_model().objects.filter(email=user.email).exists()
    page.goto(live_server.url + "/routines/shelf/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    console.assert_clean()
