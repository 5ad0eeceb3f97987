import re

import pytest
from playwright.sync_api import expect

from tests.browser.site_checks import open_main_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_log_out_log_in(page_and_console, live_server, viewport, screenshot_dir):
    page, console = page_and_console
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/home-{viewport['width']}.png", full_page=True)

    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("Email").fill("journey@example.com")
    page.get_by_label("Password", exact=True).fill("a-long-unusual-pass")
    page.get_by_label("Password confirmation").fill("a-long-unusual-pass")
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(re.compile(r"/routines/$"))
    expect(page.get_by_text("Your account is ready")).to_be_visible()

    open_main_menu(page)
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out")).to_be_visible()

    page.get_by_role("link", name="Log in").first.click()
    page.get_by_label("Email").fill("journey@example.com")
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("do not match")).to_be_visible()
    page.get_by_label("Password").fill("a-long-unusual-pass")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/routines/$"))
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/today-{viewport['width']}.png", full_page=True)
    console.assert_clean()
