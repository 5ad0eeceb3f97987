"""Sign up, copy a starter, add a catalog product, move it up, see the advice change,
tick today's steps and see the streak — by mouse on phone and desktop, and by keyboard."""

import re

import pytest
from playwright.sync_api import expect

from catalog.models import Product
from tests.browser.conftest import DESKTOP
from tests.browser.site_checks import sign_up as site_sign_up
from tests.catalog.factories import BrandFactory, ProductFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PRODUCT = "Symbiome The Answer Reparative Serum"


@pytest.fixture
def catalog_product(db):
    # The catalog's seed migration ships this product; transactional tests that ran
    # earlier may have flushed it, so make it when it is missing.
    existing = Product.objects.published().filter(
        brand__name="Symbiome", name="The Answer Reparative Serum"
    )
    return existing.first() or ProductFactory(
        brand=BrandFactory(name="Symbiome", slug="symbiome"),
        name="The Answer Reparative Serum",
        slug="symbiome-the-answer-reparative-serum-test",
    )


def sign_up(page, live_server, email):
    site_sign_up(page, live_server.url, email, "a-long-unusual-pass")
    expect(page).to_have_url(re.compile(r"/routines/$"))


def product_row(page):
    return page.locator(".step-row", has=page.locator(".step-name", has_text=PRODUCT))


def biologic_first_advice(page):
    return product_row(page).locator('[data-rule="biologic_first"]')


def test_routine_journey(page_and_console, live_server, viewport, catalog_product, screenshot_dir):
    page, console = page_and_console
    sign_up(page, live_server, f"routine-{viewport['width']}@example.com")
    expect(page.get_by_role("heading", name="Set up your first routine")).to_be_visible()

    page.get_by_role("button", name=re.compile("Copy “Mature skin")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Firming evening")
    expect(page.get_by_text("Copied")).to_be_visible()

    # Search as you type and add the product from the catalog (htmx).
    page.get_by_label("Search serums by name or brand").press_sequentially("answer", delay=30)
    add = page.get_by_role("button", name=re.compile(f"Add {PRODUCT}"))
    expect(add).to_be_visible()
    add.click()
    expect(product_row(page)).to_be_visible()
    expect(page.locator("#editor-status")).to_contain_text("added")
    # Added at the end, after the moisturiser: the layering advice points at it.
    expect(biologic_first_advice(page)).to_be_visible()

    names = page.locator(".step-row .step-name")
    expect(names.nth(4)).to_contain_text(PRODUCT)
    for position in (3, 2, 1):
        product_row(page).get_by_role("button", name=f"Move {PRODUCT} up").click()
        expect(names.nth(position)).to_contain_text(PRODUCT)
    expect(page.locator("#editor-status")).to_contain_text("moved up")
    expect(biologic_first_advice(page)).to_have_count(0)
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/editor-{viewport['width']}.png", full_page=True)

    page.get_by_role("navigation", name="My routine").get_by_role("link", name="Today").click()
    ticks = page.locator('button.tick[aria-pressed="false"]')
    count = ticks.count()
    assert count > 0
    for done in range(1, count + 1):
        ticks.first.click()
        expect(page.locator(".today-progress")).to_contain_text(f"{done} of {count}")
    expect(page.locator(".today-progress")).to_contain_text("All done")
    expect(page.locator("#streak")).to_contain_text("1 day in a row")
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/today-done-{viewport['width']}.png", full_page=True)
    console.assert_clean()


def tab_to(page, locator, limit=120):
    """Press Tab until `locator` has focus (fails if it never does)."""
    handle = locator.element_handle()
    for _ in range(limit):
        if page.evaluate("el => document.activeElement === el", handle):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"never reached {locator} with Tab")


def test_routine_journey_keyboard_only(page_and_console, live_server, viewport, catalog_product):
    if viewport != DESKTOP:
        pytest.skip("one keyboard-only pass, on the desktop size")
    page, console = page_and_console
    sign_up(page, live_server, "keyboard@example.com")

    tab_to(page, page.get_by_role("button", name=re.compile("Copy “Mature skin")))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Firming evening")

    tab_to(page, page.get_by_label("Search serums by name or brand"))
    page.keyboard.type("answer", delay=30)
    add = page.get_by_role("button", name=re.compile(f"Add {PRODUCT}"))
    expect(add).to_be_visible()
    tab_to(page, add)
    page.keyboard.press("Enter")
    expect(biologic_first_advice(page)).to_be_visible()

    up = product_row(page).get_by_role("button", name=f"Move {PRODUCT} up")
    tab_to(page, up)
    names = page.locator(".step-row .step-name")
    for position in (3, 2, 1):
        page.keyboard.press("Enter")
        expect(names.nth(position)).to_contain_text(PRODUCT)
        # Focus stays on the same button after the swap, so Enter again moves it again.
        expect(product_row(page).get_by_role("button", name=f"Move {PRODUCT} up")).to_be_focused()
    expect(biologic_first_advice(page)).to_have_count(0)

    page.goto(live_server.url + "/routines/")
    ticks = page.locator('button.tick[aria-pressed="false"]')
    count = ticks.count()
    for _ in range(count):
        tab_to(page, ticks.first)
        page.keyboard.press("Enter")
        expect(
            page.locator('button.tick[aria-pressed="true"][data-focus-after-swap]')
        ).to_be_focused()
    expect(page.locator("#streak")).to_contain_text("1 day in a row")
    console.assert_clean()
