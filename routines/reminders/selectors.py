"""Reminder reads: due rows, message text, unread count and the calendar feed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import icalendar
from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from routines import schedule
from routines.dayplan import holds
from routines.dayplan import rules as dayplan
from routines.dayplan.selectors import PlanData, load_plan
from routines.models import Profile, Reminder, Routine
from routines.safety import rules as safety

PRODID = "-//Cellwise//Routine reminders//EN"
Kind = Reminder.Kind


def claim_lease() -> dt.timedelta:
    """How long a sender's claim holds; an older one belongs to a sender that died."""
    return dt.timedelta(seconds=settings.REMINDER_CLAIM_LEASE_SECONDS)


def claimable(now: dt.datetime):
    """Due, unsent reminders that no sender holds (or whose holder's lease ran out)."""
    return Reminder.objects.filter(sent_at=None, due_at__lte=now).filter(
        Q(claimed_at=None) | Q(claimed_at__lt=now - claim_lease())
    )


def due_ids(now: dt.datetime, limit: int = 500) -> list[int]:
    """Ids of claimable reminders, oldest first."""
    return list(claimable(now).order_by("due_at", "pk").values_list("pk", flat=True)[:limit])


@dataclass
class Message:
    subject: str
    lines: list[str]
    path: str
    action: str


def _local(moment: dt.datetime, zone) -> str:
    local = moment.astimezone(zone)
    return f"{local:%a %-d %b at %H:%M} ({zone.key})"


def nudge_day(reminder: Reminder, zone) -> dt.date:
    """The local day a routine nudge speaks for: the day it was due."""
    return reminder.due_at.astimezone(zone).date()


def nudge_plan(reminder: Reminder, zone, data: PlanData | None = None):
    """The day plan a routine nudge reads (`data` shares one load across a list)."""
    data = data or load_plan(reminder.user, zone)
    return data.day(nudge_day(reminder, zone))


def build_message(reminder: Reminder, zone, plans: PlanData | None = None) -> Message:
    """Subject, body lines and link for one reminder, times in the user's zone.

    A routine nudge says what the day plan has due and open that morning or evening, and
    what is paused or held; `plans` lets a list page share one load of the plan.
    """
    kind = reminder.kind
    if kind in (Kind.SHELF_EXPIRES_SOON, Kind.SHELF_EXPIRES, Kind.SHELF_REORDER):
        name = reminder.shelf_item.name
        path = reverse("routines:shelf")
        if kind == Kind.SHELF_EXPIRES_SOON:
            return Message(
                f"{name} expires in two weeks",
                [
                    f"Your {name} reaches its expiry date in 14 days.",
                    "Plan to finish it or replace it.",
                ],
                path,
                "Open my shelf",
            )
        if kind == Kind.SHELF_EXPIRES:
            return Message(
                f"{name} expires today",
                [
                    f"Today is the expiry date of your {name}.",
                    "Mark it finished or discarded on your shelf.",
                ],
                path,
                "Open my shelf",
            )
        return Message(
            f"Time to reorder {name}",
            [f"At your current schedule, your {name} runs out in about two weeks."],
            path,
            "Open my shelf",
        )
    if kind in (Kind.PATCH_TEST_READ, Kind.PATCH_TEST_LAST_CALL):
        test = reminder.patch_test
        path = reverse("routines:patch_test", args=[test.pk])
        started = _local(test.started_at, zone)
        ends = _local(safety.patch_last_call_at(test.started_at), zone)
        if kind == Kind.PATCH_TEST_READ:
            return Message(
                f"Time to read your patch test of {test.product_name}",
                [
                    f"You started a patch test of {test.product_name} on {started}.",
                    "48 hours have passed: read it now. Look at the patch and record what you see.",
                    f"Read it once more at 72 hours ({ends}) for the final read.",
                ],
                path,
                "Record the result",
            )
        return Message(
            f"Last call: patch test of {test.product_name}",
            [
                f"72 hours have passed since you started your patch test of "
                f"{test.product_name} ({ends}): read it now for the final read.",
                "This reminder is sent when the 72 hours are up, even at night, so the "
                "reading is not missed.",
            ],
            path,
            "Record the result",
        )
    if kind == Kind.RECOVERY_ENDS:
        return Message(
            "Your recovery window has ended",
            [safety.RETURN_TO_MAINTENANCE],
            reverse("routines:procedures"),
            "See your procedures",
        )
    if kind == Kind.STEP_RESUMES:
        return Message(
            f"{reminder.step.name} can come back into your routine",
            [
                f"{reminder.step.name} was paused while your skin recovered.",
                "Reintroduce it slowly; if your skin protests, space it out further. If your "
                "clinician told you when to restart it, their date comes first.",
            ],
            reverse("routines:today"),
            "Open today's routine",
        )
    label = "morning" if reminder.period == Routine.Period.AM else "evening"
    plan = nudge_plan(reminder, zone, plans)
    return Message(
        f"Your {label} routine",
        dayplan.nudge_lines(plan, reminder.period, f"this {label}"),
        reverse("routines:today"),
        "Open today's routine",
    )


# A nudge sent later than this after its time (the sender was down) is not emailed.
NUDGE_LATE_LIMIT = dt.timedelta(hours=6)


def nudge_email_wanted(
    reminder: Reminder, now: dt.datetime, plans: PlanData | None = None
) -> tuple[bool, PlanData | None]:
    """Whether a routine nudge is worth an email: it speaks for the latest day its time has
    come (after downtime, today rather than the first missed day), that time is recent,
    and the day plan has something due and open then. Moves `reminder.due_at` to that
    day's time (sender.mark_sent stores it). Returns the answer and the plan it loaded,
    so the email reuses it."""
    profile = reminder.user.profile
    at = profile.am_nudge_at if reminder.period == Routine.Period.AM else profile.pm_nudge_at
    if at is not None:
        latest = safety.next_local_time(at, profile.zone, now - dt.timedelta(days=1))
        if latest > now:  # today's has not come yet: yesterday's is the latest
            latest = safety.next_local_time(at, profile.zone, now - dt.timedelta(days=2))
        reminder.due_at = max(reminder.due_at, latest)
    if now - reminder.due_at > NUDGE_LATE_LIMIT:
        return False, plans
    plans = plans or load_plan(reminder.user, profile.zone)
    return bool(nudge_plan(reminder, profile.zone, plans).open(reminder.period)), plans


def unread_count(user, now: dt.datetime | None = None) -> int:
    return Reminder.objects.filter(user=user).unread(now or timezone.now()).count()


# Routine nudge events are written out per day (not as one daily RRULE) so each names
# what the day plan has due that morning or evening.
CALENDAR_DAYS = 14


def _alarm(description: str, trigger) -> icalendar.Alarm:
    """A display alarm: the phone's calendar notifies at `trigger` (relative to the start)."""
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", description)
    alarm.add("trigger", trigger)
    return alarm


def build_calendar(profile: Profile, *, now: dt.datetime, host: str) -> bytes:
    """Patch-test reads, recovery windows and opted-in routine nudges, each with an alarm."""
    user = profile.user
    zone = profile.zone
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Cellwise reminders")
    domain = host.split(":")[0] or "cellwise"
    data = load_plan(user, zone)

    for test in data.tests:
        if test.abandoned_at is not None or test.result:
            continue
        first_read = holds.patch_first_read_at(test.started_at)
        final_read = holds.patch_final_read_at(test.started_at)
        event = icalendar.Event()
        event.add("uid", f"patch-test-{test.pk}@{domain}")
        event.add("dtstamp", now)
        event.add("summary", f"Read patch test: {test.product_name}")
        event.add("dtstart", first_read)
        event.add("dtend", final_read)
        event.add(
            "description",
            "Look at the patch and record what you see in Cellwise: once from 48 hours, "
            "and again at 72 hours for the final read.",
        )
        event.add_component(_alarm(f"Read your patch test of {test.product_name}", dt.timedelta(0)))
        cal.add_component(event)
        final = icalendar.Event()
        final.add("uid", f"patch-test-{test.pk}-final@{domain}")
        final.add("dtstamp", now)
        final.add("summary", f"Final patch test read: {test.product_name}")
        final.add("dtstart", final_read)
        final.add("duration", dt.timedelta(minutes=15))
        final.add("description", "72 hours have passed: record the final read in Cellwise.")
        final.add_component(
            _alarm(f"Final read of your patch test of {test.product_name}", dt.timedelta(0))
        )
        cal.add_component(final)

    hour = dt.timedelta(hours=profile.reminder_hour)
    for window in data.windows:
        event = icalendar.Event()
        event.add("uid", f"recovery-{min(window.source_pks)}@{domain}")
        event.add("dtstamp", now)
        event.add("summary", f"Recovery window ({window.length} days)")
        event.add("dtstart", window.start)
        event.add("dtend", window.end)  # all-day DTEND is exclusive: the resume day
        event.add("transp", "TRANSPARENT")
        event.add("description", safety.RECOVERY_GUIDANCE)
        # All-day events start at local midnight: the alarm rings at the reminder hour.
        event.add_component(_alarm("Recovery window: follow your aftercare", hour))
        cal.add_component(event)

    today = schedule.local_today(zone, now)
    plans = data.days(today, today + dt.timedelta(days=CALENDAR_DAYS - 1))
    for period, at in (
        (Routine.Period.AM, profile.am_nudge_at),
        (Routine.Period.PM, profile.pm_nudge_at),
    ):
        if at is None:
            continue
        label = "Morning" if period == Routine.Period.AM else "Evening"
        when = "this morning" if period == Routine.Period.AM else "this evening"
        for day, plan in plans.items():
            if not plan.open(period):
                continue  # nothing due: no nudge, as the email sends none
            event = icalendar.Event()
            event.add("uid", f"routine-{user.pk}-{period}-{day:%Y%m%d}@{domain}")
            event.add("dtstamp", now)
            event.add("summary", f"{label} routine")
            # A local wall time with its zone: 08:00 stays 08:00 across DST changes.
            event.add("dtstart", dt.datetime.combine(day, at, tzinfo=zone))
            event.add("duration", dt.timedelta(minutes=10))
            event.add("description", "\n".join(dayplan.nudge_lines(plan, period, when)))
            event.add_component(_alarm(f"{label} routine", dt.timedelta(0)))
            cal.add_component(event)

    cal.add_missing_timezones()
    return cal.to_ical()
