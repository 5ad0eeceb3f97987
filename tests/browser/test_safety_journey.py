"""Patch test gating and recovery mode in a real browser, with the server's clock moved.

time_machine patches the clock process-wide, so the live_server thread sees the travel.
"""

import datetime as dt
import re

import pytest
import time_machine
from playwright.sync_api import expect

from tests.browser.test_guide_journey import axe_violations
from tests.factories import UserFactory
from tests.routines.safety.factories import SafetyRoutineFactory, SafetyStepFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)  # a Monday morning, UTC user


def log_in(page, live_server, email, password):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page).to_have_url(re.compile(r"/routines/$"))


def test_patch_test_gates_until_read_and_recovery_pauses_retinoid(
    page_and_console, live_server, viewport, screenshot_dir, password
):
    page, console = page_and_console
    user = UserFactory(password=password)
    routine = SafetyRoutineFactory(user=user, name="Night")
    SafetyStepFactory(routine=routine, kind="retinoid", custom_name="Retinal 0.1")
    shot = (
        (
            lambda name: page.screenshot(
                path=f"{screenshot_dir}/safety-{name}-{viewport['width']}.png", full_page=True
            )
        )
        if screenshot_dir
        else (lambda name: None)
    )

    with time_machine.travel(START, tick=True) as traveller:
        log_in(page, live_server, user.email, password)
        page.goto(live_server.url + "/routines/patch-tests/")
        page.get_by_label("Or, if it is not in the catalog, its name").fill("Cell serum")
        page.get_by_label("Where on your skin").select_option("behind_ear")
        page.get_by_role("button", name="Start the test").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Cell serum")
        expect(page.get_by_text("Patch test running")).to_be_visible()
        expect(page.get_by_test_id("unread-badge")).to_have_count(0)
        shot("testing")
        assert axe_violations(page) == []

        traveller.move_to(START + dt.timedelta(hours=48, minutes=1))
        page.reload()
        badge = page.get_by_test_id("unread-badge")
        expect(badge).to_have_text(re.compile(r"^1"))
        page.get_by_role("link", name=re.compile("Notifications")).first.click()
        expect(
            page.get_by_role("heading", name=re.compile("Time to read your patch test of Cell"))
        ).to_be_visible()
        shot("notifications")
        assert axe_violations(page) == []
        page.get_by_role("link", name="Record the result").click()
        page.get_by_label("No reaction").check()
        page.get_by_role("button", name="Save result").click()
        # Two reads: the 48-hour one is saved on its own; the 72-hour one decides.
        expect(page.get_by_text("First read saved")).to_be_visible()
        expect(page.get_by_text("Patch test running")).to_be_visible()
        traveller.move_to(START + dt.timedelta(hours=72, minutes=1))
        page.reload()
        page.get_by_label("No reaction").check()
        page.get_by_role("button", name="Save result").click()
        expect(page.get_by_text("Passed.")).to_be_visible()
        expect(page.get_by_text("Patch test running")).to_have_count(0)

        page.goto(live_server.url + "/routines/procedures/")
        page.get_by_label("Kind").select_option("microneedling")
        page.get_by_role("button", name="Log procedure").click()
        expect(page.get_by_role("heading", name="Recovery mode: day 1 of 7")).to_be_visible()
        expect(page.locator(".paused-steps")).to_contain_text("Retinal 0.1")
        shot("recovery")
        assert axe_violations(page) == []
        page.goto(live_server.url + "/routines/")
        expect(page.get_by_role("heading", name="Recovery mode: day 1 of 7")).to_be_visible()
        paused = page.locator(".check-row.is-blocked")
        expect(paused).to_contain_text("Retinal 0.1")
        expect(paused).to_contain_text("Paused during recovery")
        shot("today-recovery")
        assert axe_violations(page) == []

        # Logged on day 4 (5 March, after the 72-hour read): seven days later, 12 March,
        # the window has closed.
        traveller.move_to(START + dt.timedelta(days=10, hours=1))
        page.reload()
        expect(page.get_by_role("heading", name=re.compile("Recovery mode"))).to_have_count(0)
        expect(page.locator(".paused-steps")).to_have_count(0)
        page.goto(live_server.url + "/routines/")
        expect(page.get_by_role("heading", name="Back to maintenance")).to_be_visible()
        expect(page.locator(".check-row.is-blocked")).to_have_count(0)
        expect(page.get_by_role("button", name=re.compile("^Retinal 0.1"))).to_be_visible()
        page.goto(live_server.url + "/routines/notifications/")
        expect(
            page.get_by_role("heading", name=re.compile("recovery window has ended"))
        ).to_be_visible()
        expect(
            page.get_by_role("heading", name=re.compile("Retinal 0.1 can come back"))
        ).to_be_visible()
    console.assert_clean()
