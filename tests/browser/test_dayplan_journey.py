"""One day plan in a real browser: on a Tuesday evening two days after microneedling, the
reminder email, the calendar feed, Today and History name the same due steps, the serum
is due and the streak is unbroken; a removed step stays in History and comes back on undo.

time_machine patches the clock process-wide, so the live_server thread sees the travel.
"""

import datetime as dt
import re

import icalendar
import pytest
import time_machine
from django.core import mail
from playwright.sync_api import expect

from routines.dayplan.selectors import load_plan
from routines.models import CheckIn, Step
from routines.reminders.sender import send_due
from routines.reminders.services import calendar_token, sync_reminders
from tests.browser.site_checks import log_in as site_log_in
from tests.browser.test_guide_journey import axe_violations
from tests.factories import UserFactory
from tests.routines.factories import RoutineFactory, StepFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Berlin is UTC+1 in early March. Microneedling on Sunday 8 March; Tuesday is 10 March.
SUNDAY_NOON = dt.datetime(2026, 3, 8, 11, 0, tzinfo=dt.UTC)
TUESDAY_EVENING = dt.datetime(2026, 3, 10, 19, 5, tzinfo=dt.UTC)  # 20:05 in Berlin
DUE_TUESDAY = ["Gentle cleanser", "Stem-cell serum"]
PAUSED = ["Retinal 0.1", "Glycolic toner"]


def log_in(page, live_server, email, password):
    site_log_in(page, live_server.url, email, password)
    expect(page).to_have_url(re.compile(r"/routines/$"))


def make_user(password):
    user = UserFactory(password=password)
    profile = user.profile
    profile.timezone = "Europe/Berlin"
    profile.pm_nudge_at = dt.time(20, 0)
    profile.wants_email_reminders = True
    profile.save()
    routine = RoutineFactory(user=user, name="Evening", period="pm")
    StepFactory(
        routine=routine,
        position=0,
        custom_name="Gentle cleanser",
        kind="cleanser",
        start_date=dt.date(2026, 3, 1),
    )
    retinoid = StepFactory(
        routine=routine,
        position=1,
        custom_name="Retinal 0.1",
        kind="retinoid",
        schedule="every_other_day",
        start_date=dt.date(2026, 3, 2),
    )
    StepFactory(
        routine=routine,
        position=2,
        custom_name="Glycolic toner",
        kind="exfoliant",
        schedule="weekdays",
        weekdays="024",
        start_date=dt.date(2026, 3, 1),
    )
    StepFactory(
        routine=routine,
        position=3,
        custom_name="Stem-cell serum",
        kind="biologic",
        schedule="alternate",
        alternate_with=retinoid,
        start_date=dt.date(2026, 3, 2),
    )
    return user, routine


def tick_every_due_step(user, first, last):
    """What the user ticked on the days before: every step the plan had due and open."""
    data = load_plan(user, user.profile.zone)
    day = first
    while day <= last:
        for pk in data.day(day).open_ids():
            CheckIn.objects.get_or_create(user=user, step_id=pk, date=day)
        day += dt.timedelta(days=1)


def test_tuesday_evening_after_microneedling_everything_names_the_same_steps(
    page_and_console, live_server, viewport, screenshot_dir, password
):
    page, console = page_and_console
    user, routine = make_user(password)

    def shot(name):
        if screenshot_dir:
            page.screenshot(
                path=f"{screenshot_dir}/dayplan-{name}-{viewport['width']}.png", full_page=True
            )

    tick_every_due_step(user, dt.date(2026, 3, 1), dt.date(2026, 3, 7))
    with time_machine.travel(SUNDAY_NOON, tick=True) as traveller:
        log_in(page, live_server, user.email, password)
        page.goto(live_server.url + "/routines/procedures/")
        page.get_by_label("Kind").select_option("microneedling")
        page.get_by_role("button", name="Log procedure").click()
        expect(page.get_by_role("heading", name="Recovery mode: day 1 of 7")).to_be_visible()
        sync_reminders(user)

        traveller.move_to(TUESDAY_EVENING)
        user.refresh_from_db()
        tick_every_due_step(user, dt.date(2026, 3, 8), dt.date(2026, 3, 9))
        # The evening email
        send_due()
        (email,) = [m for m in mail.outbox if "evening routine" in m.subject]
        assert "Due this evening: Gentle cleanser, Stem-cell serum." in email.body
        assert "Paused for recovery: Retinal 0.1, Glycolic toner (back on Sun 15 Mar)." in (
            email.body
        )

        # The calendar feed
        feed = page.request.get(
            live_server.url + f"/routines/calendar/{calendar_token(user.profile)}.ics"
        )
        assert feed.ok
        calendar = icalendar.Calendar.from_ical(feed.body())
        (tuesday,) = [e for e in calendar.walk("VEVENT") if "-pm-20260310@" in str(e["UID"])]
        assert str(tuesday["DESCRIPTION"]).splitlines()[0] == (
            "Due this evening: Gentle cleanser, Stem-cell serum."
        )
        assert tuesday.walk("VALARM")

        # Today
        page.goto(live_server.url + "/routines/")
        expect(page.get_by_role("heading", name="Recovery mode: day 3 of 7")).to_be_visible()
        for name in DUE_TUESDAY:
            expect(page.get_by_role("button", name=re.compile(f"^{name}"))).to_be_visible()
        blocked = page.locator(".check-row.is-blocked")
        expect(blocked).to_have_count(2)
        for name in PAUSED:
            expect(blocked.filter(has_text=name)).to_contain_text("back on 15 Mar")
        expect(page.get_by_text("Not due today")).to_have_count(0)
        for name in DUE_TUESDAY:
            page.get_by_role("button", name=re.compile(f"^{name}")).click()
            expect(page.get_by_role("button", name=re.compile(f"^{name}.*Done"))).to_be_visible()
        expect(page.locator("#streak")).to_contain_text("10 days in a row")
        shot("today")
        assert axe_violations(page) == []

        # History: the cell for Tuesday names the same steps and opens the day.
        page.goto(live_server.url + "/routines/history/?month=2026-03")
        tuesday_cell = page.get_by_role("link", name=re.compile(r"^10 March"))
        expect(tuesday_cell).to_contain_text("Due: Gentle cleanser, Stem-cell serum")
        expect(tuesday_cell).to_contain_text("all done")
        shot("history")
        assert axe_violations(page) == []

        # Correct an earlier day from History, without JavaScript's help: a plain link.
        page.get_by_role("link", name=re.compile(r"^4 March")).click()
        expect(page).to_have_url(re.compile(r"\?day=2026-03-04$"))
        expect(page.get_by_role("heading", level=1)).to_contain_text("Wednesday 4 March")

        # Remove the toner: confirmation, check-ins kept in History, then undo.
        page.goto(live_server.url + f"/routines/{routine.pk}/")
        page.get_by_role("link", name="Remove Glycolic toner").click()
        expect(page.get_by_text("stay in your History")).to_be_visible()
        page.get_by_role("button", name="Remove it").click()
        expect(page.locator("#editor-status")).to_contain_text("Glycolic toner removed")
        expect(page).to_have_url(re.compile(r"\?removed=\d+$"))
        removed_page = page.url
        toner = Step.objects.get(custom_name="Glycolic toner")
        assert toner.ended_on == dt.date(2026, 3, 10)
        assert CheckIn.objects.filter(step=toner).count() == 3  # Mon 2, Wed 4, Fri 6 March
        page.goto(live_server.url + "/routines/history/?month=2026-03")
        expect(page.get_by_role("link", name=re.compile(r"^4 March"))).to_contain_text(
            "Glycolic toner"
        )
        page.goto(removed_page)
        page.get_by_role("button", name="Undo").click()
        expect(page.locator("#editor-status")).to_contain_text("Glycolic toner is back")
        toner.refresh_from_db()
        assert toner.ended_on is None
    console.assert_clean()
