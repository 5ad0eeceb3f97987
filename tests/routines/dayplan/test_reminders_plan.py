"""Reminders say only what the day plan has due and open, name what is paused and until
when, collapse a backlog to one message, and the calendar feed's events carry alarms."""

import datetime as dt

import icalendar
import pytest
import time_machine
from django.core import mail

from routines.models import Reminder
from routines.reminders.selectors import build_calendar, build_message
from routines.reminders.sender import send_due
from routines.reminders.services import sync_reminders
from tests.routines.factories import RoutineFactory, StepFactory
from tests.routines.safety.factories import PatchTestFactory, ProcedureFactory
from tests.routines.shelf.factories import ShelfItemFactory

# Tuesday 10 March 2026 in Berlin (UTC+1); microneedling on Sunday 8 March.
TUESDAY = dt.date(2026, 3, 10)
BERLIN_20H = dt.datetime(2026, 3, 10, 19, 0, tzinfo=dt.UTC)


@pytest.fixture
def evening(owner):
    profile = owner.profile
    profile.timezone = "Europe/Berlin"
    profile.pm_nudge_at = dt.time(20, 0)
    profile.wants_email_reminders = True
    profile.save()
    routine = RoutineFactory(user=owner, name="Evening", period="pm")
    retinoid = StepFactory(
        routine=routine,
        custom_name="Retinal",
        kind="retinoid",
        schedule="every_other_day",
        start_date=dt.date(2026, 3, 2),
        position=1,
    )
    StepFactory(
        routine=routine,
        custom_name="Cleanser",
        kind="cleanser",
        position=0,
        start_date=dt.date(2026, 3, 1),
    )
    StepFactory(
        routine=routine,
        custom_name="Glycolic toner",
        kind="exfoliant",
        schedule="weekdays",
        weekdays="024",
        start_date=dt.date(2026, 3, 1),
        position=2,
    )
    StepFactory(
        routine=routine,
        custom_name="Stem-cell serum",
        kind="biologic",
        schedule="alternate",
        alternate_with=retinoid,
        start_date=dt.date(2026, 3, 2),
        position=3,
    )
    ProcedureFactory(user=owner, date=dt.date(2026, 3, 8), recovery_days=7)
    return routine


def nudge(owner, due_at=BERLIN_20H):
    return Reminder(user=owner, kind="routine_nudge", period="pm", due_at=due_at)


def test_the_evening_nudge_lists_only_what_is_due_and_names_what_is_paused(owner, evening):
    message = build_message(nudge(owner), owner.profile.zone)
    assert message.lines[0] == "Due this evening: Cleanser, Stem-cell serum."
    assert message.lines[1] == "Paused for recovery: Retinal, Glycolic toner (back on Sun 15 Mar)."


def test_a_day_with_nothing_due_sends_no_nudge_email(owner):
    owner.profile.pm_nudge_at = dt.time(20, 0)
    owner.profile.save()
    routine = RoutineFactory(user=owner, period="pm")
    StepFactory(routine=routine, schedule="weekdays", weekdays="0", start_date=dt.date(2026, 3, 1))
    with time_machine.travel(dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC), tick=False):
        sync_reminders(owner)
    with time_machine.travel(dt.datetime(2026, 3, 10, 20, 1, tzinfo=dt.UTC), tick=False):
        assert send_due() == 1
    assert mail.outbox == []
    sent = Reminder.objects.get(kind="routine_nudge", sent_at__isnull=False)
    assert not sent.emailed


def test_a_backlog_of_nudges_after_downtime_goes_out_once(owner, evening):
    with time_machine.travel(dt.datetime(2026, 3, 3, 12, 0, tzinfo=dt.UTC), tick=False):
        sync_reminders(owner)
    # The sender was down from Tuesday 3 March to Monday 9 March.
    with time_machine.travel(dt.datetime(2026, 3, 9, 21, 0, tzinfo=dt.UTC), tick=False):
        send_due()
    assert len(mail.outbox) == 1
    assert "Due this evening" in mail.outbox[0].body
    # The next nudge is tomorrow evening, not another day of the backlog.
    (pending,) = Reminder.objects.filter(kind="routine_nudge", sent_at=None)
    assert pending.due_at == BERLIN_20H


def test_a_backlog_of_other_reminders_collapses_to_one_email_per_kind(owner):
    owner.profile.wants_email_reminders = True
    owner.profile.save()
    tests = PatchTestFactory.create_batch(3, user=owner)
    down = dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC)
    back = down + dt.timedelta(days=3)
    reads = [
        Reminder.objects.create(
            user=owner, kind="patch_read", patch_test=t, due_at=down + dt.timedelta(hours=i)
        )
        for i, t in enumerate(tests)
    ]
    last_call = Reminder.objects.create(
        user=owner, kind="patch_last_call", patch_test=tests[0], due_at=down
    )
    # Another sender holds this one (its lease is live): the collapse leaves it to that sender.
    held = Reminder.objects.create(
        user=owner,
        kind="patch_read",
        patch_test=tests[1],
        due_at=down,
        claimed_at=back - dt.timedelta(seconds=5),
    )
    # Due half an hour ago is not a backlog: sent as usual.
    recent = Reminder.objects.create(
        user=owner,
        kind=Reminder.Kind.SHELF_EXPIRES,
        shelf_item=ShelfItemFactory(user=owner),
        due_at=back - dt.timedelta(minutes=30),
    )
    assert send_due(now=back) == 3
    emailed = {m.extra_headers["X-Cellwise-Reminder"] for m in mail.outbox}
    assert emailed == {str(reads[-1].pk), str(last_call.pk), str(recent.pk)}
    for older in reads[:-1]:
        older.refresh_from_db()
        assert older.sent_at == back and not older.emailed  # still in the in-app list
    held.refresh_from_db()
    assert held.sent_at is None


def test_calendar_routine_events_name_the_plan_and_ring_at_the_local_time(owner, evening):
    with time_machine.travel(dt.datetime(2026, 3, 10, 6, 0, tzinfo=dt.UTC), tick=False):
        feed = build_calendar(owner.profile, now=dt.datetime.now(dt.UTC), host="cellwise.test")
    calendar = icalendar.Calendar.from_ical(feed)
    tuesday = next(e for e in calendar.walk("VEVENT") if "-pm-20260310@" in str(e["UID"]))
    start = tuesday.decoded("DTSTART")
    assert (start.hour, str(start.tzinfo)) == (20, "Europe/Berlin")
    assert (
        str(tuesday["DESCRIPTION"]).splitlines()[0]
        == "Due this evening: Cleanser, Stem-cell serum."
    )
    (alarm,) = tuesday.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm.decoded("TRIGGER") == dt.timedelta(0)
    recovery = next(e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("recovery-"))
    assert recovery.walk("VALARM")
