"""One journey with the keyboard alone: sign up, build and reorder a routine, tick a step,
start a patch test and record its result.
Pages are opened by address; everything else is Tab, typing, arrow keys and Enter."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, ConsoleWatcher
from tests.browser.site_checks import SIGN_UP_NO, SIGN_UP_YES, confirmation_path, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_keyboard_only_journey(browser, live_server):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(10_000)
    console = ConsoleWatcher(page)
    keys = page.keyboard

    # Sign up: the email field has focus when the page opens.
    page.goto(live_server.url + "/accounts/signup/")
    expect(page.get_by_label("Email")).to_be_focused()
    keys.type("keys@example.com")
    tab_to(page, page.get_by_label("Password", exact=True))
    keys.type("a-long-unusual-pass")
    tab_to(page, page.get_by_label("Password again"))
    keys.type("a-long-unusual-pass")
    # The time zone came from the browser; the evening-reminder question is answered
    # with the arrow keys (an unanswered radio group takes Tab on its first option).
    tab_to(page, page.get_by_label(SIGN_UP_YES))
    keys.press("ArrowDown")
    expect(page.get_by_label(SIGN_UP_NO)).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Sign up"))
    keys.press("Enter")
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    # The confirmation link from the mail, opened by address; confirmed from the keyboard.
    page.goto(live_server.url + confirmation_path("keys@example.com"))
    tab_to(page, page.get_by_role("button", name="Confirm my address"))
    keys.press("Enter")
    expect(page).to_have_url(re.compile(r"/routines/$"))

    # A new, empty routine.
    tab_to(page, page.get_by_role("link", name="start an empty routine"))
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1, name="New routine")).to_be_visible()
    tab_to(page, page.get_by_label("Name"))
    keys.type("Evening")
    tab_to(page, page.get_by_role("radio", checked=True))
    keys.press("ArrowUp")  # Evening (PM) is preselected; Morning (AM) is above it
    expect(page.get_by_role("radio", name="Morning (AM)")).to_be_checked()
    keys.press("ArrowDown")
    tab_to(page, page.get_by_role("button", name="Create routine"))
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Evening")

    # Two steps by name, then move the second one up (htmx keeps focus on the button).
    by_name = page.get_by_role("region", name="Add a product by name")
    for name, kind in (("Gentle cleanser", "Cleanser"), ("Night serum", "Biologic")):
        tab_to(page, by_name.get_by_label("Product name"))
        keys.type(name)
        tab_to(page, by_name.get_by_label("Step kind"))
        keys.type(kind[:3])  # a closed select picks the option typed
        expect(by_name.get_by_label("Step kind")).to_have_value(kind.lower())
        tab_to(page, by_name.get_by_role("button", name="Add step"))
        keys.press("Enter")
        expect(page.locator("#editor-status")).to_contain_text(f"{name} added")
    up = page.get_by_role("button", name="Move Night serum up")
    tab_to(page, up)
    keys.press("Enter")
    expect(page.locator("#editor-status")).to_contain_text("Night serum moved up")
    expect(page.locator(".step-row .step-name").first).to_contain_text("Night serum")

    # Check-in: go to Today through the sub-navigation, tick the first step.
    tab_to(
        page, page.get_by_role("navigation", name="My routine").get_by_role("link", name="Today")
    )
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today")
    tick = page.locator('button.tick[aria-pressed="false"]').first
    tab_to(page, tick)
    keys.press("Enter")
    expect(page.locator("#today-status")).to_contain_text("marked done")
    expect(page.locator('button.tick[aria-pressed="true"][data-focus-after-swap]')).to_be_focused()
    expect(page.locator(".today-progress")).to_contain_text("1 of 2")

    # Patch test: start one for a product typed by name, then record what the skin shows
    # (before 48 hours, so the early-read confirmation is ticked with the space bar).
    page.goto(live_server.url + "/routines/patch-tests/")
    tab_to(page, page.get_by_label("Or, if it is not in the catalog, its name"))
    keys.type("Rosehip face oil")
    tab_to(page, page.get_by_role("button", name=re.compile("^Start")))
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rosehip face oil")
    tab_to(page, page.get_by_role("radio", name="No reaction"))
    keys.press("Space")
    expect(page.get_by_role("radio", name="No reaction")).to_be_checked()
    tab_to(page, page.get_by_label(re.compile("48 hours have not passed")))
    keys.press("Space")
    tab_to(page, page.get_by_role("button", name="Save result"))
    keys.press("Enter")
    expect(page.get_by_text("No reaction").first).to_be_visible()
    expect(page.locator("#messages")).not_to_be_empty()

    context.close()
    console.assert_clean()
