"""The signed-in main navigation on a phone: folded behind "Menu", Notifications in view."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.site_checks import axe_violations, log_in, use_axe
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_phone_menu_folds_opens_and_closes_from_the_keyboard(browser, live_server, owner):
    context = browser.new_context(viewport=PHONE)
    use_axe(context)
    page = context.new_page()
    log_in(page, live_server.url, owner.email, PASSWORD)
    page.goto(live_server.url + "/routines/")
    nav = page.get_by_role("navigation", name="Main")
    toggle = page.get_by_role("button", name="Menu")

    # Folded: one header row, the unread count still in view.
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(nav.get_by_role("link", name="My shelf")).to_be_hidden()
    expect(nav.get_by_role("link", name="Notifications")).to_be_visible()
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 80, header

    # Keyboard: Tab from the logo reaches the button; Enter opens; Escape closes and
    # leaves focus on the button.
    page.locator(".brand").focus()
    page.keyboard.press("Tab")
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_role("link", name="My shelf")).to_be_visible()
    expect(nav.get_by_role("button", name="Log out")).to_be_visible()
    assert axe_violations(page) == []
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Guide")).to_be_focused()  # the list comes next
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    expect(nav.get_by_role("link", name="Guide")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # Wider than a phone: no button, every link in view.
    page.set_viewport_size(DESKTOP)
    expect(toggle).to_be_hidden()
    expect(nav.get_by_role("link", name="My shelf")).to_be_visible()
    context.close()


def test_without_javascript_the_whole_list_shows(browser, live_server, owner):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server.url, owner.email, PASSWORD)
    page.goto(live_server.url + "/routines/")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="My shelf")
    ).to_be_visible()
    context.close()
