"""Sign-up in Chromium: a Berlin browser signs up in Europe/Berlin (static/js/timezone.js),
and without JavaScript the zone is typed against the searchable list, in any case, with a
clear message beside the field when it is no zone."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from routines.models import Profile, Reminder
from tests.browser.conftest import DESKTOP, ConsoleWatcher
from tests.browser.site_checks import sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-unusual-pass"


def test_a_berlin_browser_signs_up_in_europe_berlin_with_the_evening_reminder(browser, live_server):
    context = browser.new_context(viewport=DESKTOP, timezone_id="Europe/Berlin")
    page = context.new_page()
    page.set_default_timeout(10_000)
    console = ConsoleWatcher(page)  # a CSP violation by the script would show here
    try:
        page.goto(live_server.url + "/accounts/signup/")
        expect(page.get_by_label("Time zone")).to_have_value("Europe/Berlin")

        sign_up(page, live_server.url, "berlin@example.com", PASSWORD, evening_reminder=True)
        profile = Profile.objects.get(user__email="berlin@example.com")
        assert profile.timezone == "Europe/Berlin"
        assert profile.pm_nudge_at == dt.time(20, 0)
        assert Reminder.objects.filter(
            user=profile.user, kind="routine_nudge", period="pm", sent_at=None
        ).exists()

        page.goto(live_server.url + "/accounts/settings/")
        expect(page.get_by_label("Time zone")).to_have_value("Europe/Berlin")
        console.assert_clean()
    finally:
        context.close()


def test_without_javascript_the_zone_is_typed_in_any_case_and_checked_beside_the_field(
    browser, live_server
):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(live_server.url + "/accounts/signup/")
        field = page.get_by_label("Time zone")
        expect(field).to_have_value("")  # nothing guessed: the person picks
        expect(field).to_have_attribute("list", "timezone-list")
        assert page.locator("#timezone-list option[value='Europe/Berlin']").count() == 1

        page.get_by_label("Email").fill("tokyo@example.com")
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_label("Password again").fill(PASSWORD)
        field.fill("Mars/Olympus")
        page.get_by_role("button", name="Sign up").click()
        group = page.locator(".field", has=page.get_by_label("Time zone"))
        expect(group).to_contain_text("“Mars/Olympus” is not a time zone name we recognise")
        assert not Profile.objects.filter(user__email="tokyo@example.com").exists()

        sign_up(page, live_server.url, "tokyo@example.com", PASSWORD, timezone="asia/tokyo")
        expect(page).to_have_url(re.compile(r"/routines/$"))
        profile = Profile.objects.get(user__email="tokyo@example.com")
        assert (profile.timezone, profile.pm_nudge_at) == ("Asia/Tokyo", None)
    finally:
        context.close()
