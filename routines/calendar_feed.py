"""The user's private calendar feed (RFC 5545), built with the icalendar library.

UIDs are derived from row ids, so calendar apps update events in place rather than
duplicating them: a patch test keeps `patch-test-<pk>`, a merged recovery window is
named after its earliest procedure, a routine nudge after the user and period.
"""

import datetime as dt

import icalendar

from routines import safety
from routines.models import PatchTest, Procedure, Profile, Routine
from routines.reminders import routine_step_names

PRODID = "-//Cellwise//Routine reminders//EN"


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
        start_day = now.astimezone(zone).date()
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
