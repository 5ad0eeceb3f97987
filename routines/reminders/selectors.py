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
from routines.models import PatchTest, Procedure, Profile, Reminder, Routine, Step
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


def routine_step_names(user, period: str) -> list[str]:
    steps = (
        Step.objects.filter(routine__user=user, routine__is_active=True, routine__period=period)
        .select_related("product__brand")
        .order_by("routine__name", "position", "pk")
    )
    return [step.name for step in steps]


def build_message(
    reminder: Reminder, zone, step_names: dict[str, list[str]] | None = None
) -> Message:
    """Subject, body lines and link for one reminder, times in the user's zone.

    `step_names` (period → names) lets a list page name routine steps without a query
    per nudge.
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
                    "48 hours have passed: look at the patch and record what you see.",
                    f"The observation window closes on {ends}.",
                ],
                path,
                "Record the result",
            )
        return Message(
            f"Last call: patch test of {test.product_name}",
            [
                f"The 72-hour window for your patch test of {test.product_name} closes now "
                f"({ends}).",
                "This reminder is sent at the time the window closes, even at night, so "
                "the reading is not missed.",
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
    if step_names is not None:
        names = step_names.get(reminder.period, [])
    else:
        names = routine_step_names(reminder.user, reminder.period)
    label = "morning" if reminder.period == Routine.Period.AM else "evening"
    return Message(
        f"Your {label} routine",
        [f"Time for your {label} routine: " + (", ".join(names) or "no steps yet") + "."],
        reverse("routines:today"),
        "Open today's routine",
    )


def unread_count(user, now: dt.datetime | None = None) -> int:
    return Reminder.objects.filter(user=user).unread(now or timezone.now()).count()


def build_calendar(profile: Profile, *, now: dt.datetime, host: str) -> bytes:
    """Patch-test reading windows, recovery windows and opted-in routine nudges."""
    user = profile.user
    zone = profile.zone
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Cellwise reminders")
    domain = host.split(":")[0] or "cellwise"

    for test in PatchTest.objects.filter(user=user, result="", abandoned_at=None):
        event = icalendar.Event()
        event.add("uid", f"patch-test-{test.pk}@{domain}")
        event.add("dtstamp", now)
        event.add("summary", f"Read patch test: {test.product_name}")
        event.add("dtstart", safety.patch_read_at(test.started_at))
        event.add("dtend", safety.patch_last_call_at(test.started_at))
        event.add(
            "description",
            "Look at the patch and record the result in Cellwise. "
            "The observation window runs from 48 to 72 hours after you started.",
        )
        cal.add_component(event)

    windows = safety.merge_windows(
        [
            safety.recovery_window(p.pk, p.date, p.recovery_days)
            for p in Procedure.objects.filter(user=user).only("pk", "date", "recovery_days")
        ]
    )
    for window in windows:
        event = icalendar.Event()
        event.add("uid", f"recovery-{min(window.source_pks)}@{domain}")
        event.add("dtstamp", now)
        event.add("summary", f"Recovery window ({window.length} days)")
        event.add("dtstart", window.start)
        event.add("dtend", window.end)  # all-day DTEND is exclusive: the resume day
        event.add("transp", "TRANSPARENT")
        event.add("description", safety.RECOVERY_GUIDANCE)
        cal.add_component(event)

    for period, at in (
        (Routine.Period.AM, profile.am_nudge_at),
        (Routine.Period.PM, profile.pm_nudge_at),
    ):
        if at is None:
            continue
        label = "Morning" if period == Routine.Period.AM else "Evening"
        start_day = schedule.local_today(zone, now)
        event = icalendar.Event()
        event.add("uid", f"routine-{user.pk}-{period}@{domain}")
        event.add("dtstamp", now)
        event.add("summary", f"{label} routine")
        # A local wall time with its zone: the calendar keeps 08:00 across DST changes.
        event.add("dtstart", dt.datetime.combine(start_day, at, tzinfo=zone))
        event.add("duration", dt.timedelta(minutes=10))
        event.add("rrule", {"freq": "daily"})
        names = routine_step_names(user, period)
        event.add("description", ", ".join(names) if names else "Your routine steps.")
        cal.add_component(event)

    cal.add_missing_timezones()
    return cal.to_ical()
