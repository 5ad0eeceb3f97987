"""Reminders: keep each user's pending rows in line with their data (`sync_reminders`).

Sending due ones (claims, leases, SMTP batches) is routines/reminders/sender.py.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from django.core import signing
from django.utils import timezone

from routines import schedule
from routines.models import PatchTest, Procedure, Profile, Reminder, Routine, Step
from routines.reminders.selectors import claimable
from routines.safety import rules as safety
from routines.shelf.selectors import shelf_reminder_plan

log = logging.getLogger("cellwise.reminders")

UNSUBSCRIBE_SALT = "routines.reminders.unsubscribe"
Kind = Reminder.Kind


def unsubscribe_token(user_id: int) -> str:
    return signing.dumps(user_id, salt=UNSUBSCRIBE_SALT)


def user_from_unsubscribe_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


# ---------------------------------------------------------------- reminders


def _desired_reminders(user, profile: Profile, now: dt.datetime) -> list[Reminder]:
    """Every reminder the user's current data calls for (unsaved rows)."""
    zone = profile.zone
    hour = profile.reminder_hour
    wanted: list[Reminder] = []
    for test in PatchTest.objects.filter(user=user, result="", abandoned_at=None).prefetch_related(
        "reads"
    ):
        wanted.extend(_patch_reminders(user, test, zone, hour, now))
    procedures = {p.pk: p for p in Procedure.objects.filter(user=user)}
    windows = safety.merge_windows(
        [safety.recovery_window(p.pk, p.date, p.recovery_days) for p in procedures.values()]
    )
    paused_steps = list(
        Step.objects.filter(
            routine__user=user,
            routine__is_active=True,
            routine__deleted_at=None,
            ended_on=None,
            kind__in=sorted(safety.PAUSED_DURING_RECOVERY),
        )
    )
    for window in windows:
        # Anchor on the procedure whose own window ends last, so the row cascades sensibly.
        anchor = max(
            (procedures[pk] for pk in window.source_pks),
            key=lambda p: (p.date + dt.timedelta(days=p.recovery_days), p.pk),
        )
        due = safety.local_datetime(window.end, dt.time(hour), zone)
        wanted.append(Reminder(user=user, kind=Kind.RECOVERY_ENDS, procedure=anchor, due_at=due))
        for step in paused_steps:
            if step.start_date < window.end:
                wanted.append(
                    Reminder(
                        user=user,
                        kind=Kind.STEP_RESUMES,
                        procedure=anchor,
                        step=step,
                        due_at=due,
                    )
                )
    for period, at in (
        (Routine.Period.AM, profile.am_nudge_at),
        (Routine.Period.PM, profile.pm_nudge_at),
    ):
        if at is not None:
            wanted.append(
                Reminder(
                    user=user,
                    kind=Kind.ROUTINE_NUDGE,
                    period=period,
                    due_at=safety.next_local_time(at, zone, now),
                )
            )
    wanted.extend(_shelf_reminders(user, zone, hour, now))
    return wanted


def _patch_reminders(user, test: PatchTest, zone, hour: int, now: dt.datetime) -> list[Reminder]:
    """The reads a running test still needs: the 48-hour read (moved out of quiet hours)
    until 72 hours have passed, and the 72-hour read (on time, night or not: the window
    closes then). A read already due (a test started earlier than it was logged) is due
    at once, so the notification says "read it now"."""
    first, final = safety.patch_read_at(test.started_at), safety.patch_last_call_at(test.started_at)
    reads = [r.read_at for r in test.reads.all()]
    rows = []
    if now < final and not any(at >= first for at in reads):
        due = safety.after_quiet_hours(first, zone, hour) if first > now else now
        rows.append(Reminder(user=user, kind=Kind.PATCH_TEST_READ, patch_test=test, due_at=due))
    if not any(at >= final for at in reads):
        rows.append(
            Reminder(
                user=user, kind=Kind.PATCH_TEST_LAST_CALL, patch_test=test, due_at=max(final, now)
            )
        )
    return rows


SHELF_KINDS = {
    "expires_soon": Kind.SHELF_EXPIRES_SOON,
    "expires_today": Kind.SHELF_EXPIRES,
    "reorder": Kind.SHELF_REORDER,
}


def _shelf_reminders(user, zone, hour: int, now: dt.datetime) -> list[Reminder]:
    """Expiry (two weeks before, on the day) and reorder reminders for open shelf items."""
    return [
        Reminder(
            user=user,
            kind=SHELF_KINDS[kind],
            shelf_item=item,
            due_at=safety.local_datetime(day, dt.time(hour), zone),
        )
        for kind, item, day in shelf_reminder_plan(user, schedule.local_today(zone, now))
    ]


def _key(reminder: Reminder) -> tuple:
    return (
        reminder.kind,
        reminder.patch_test_id,
        reminder.procedure_id,
        reminder.step_id,
        reminder.period,
        reminder.shelf_item_id,
    )


def sync_reminders(user, now: dt.datetime | None = None) -> dict[str, int]:
    """Bring the user's pending reminders in line with their data.

    Creates what is missing, moves what changed time, deletes what no longer applies.
    A reminder already sent is never re-created (except the next routine nudge), and a
    new one whose time has already passed is not created — logging last month's
    procedure must not send a burst of stale emails.
    """
    now = now or timezone.now()
    profile = Profile.for_user(user)
    wanted = {_key(r): r for r in _desired_reminders(user, profile, now)}
    counts = {"created": 0, "moved": 0, "deleted": 0}
    existing = list(Reminder.objects.filter(user=user))
    sent_keys = {
        _key(r) for r in existing if r.sent_at is not None and r.kind != Kind.ROUTINE_NUDGE
    }
    pending = {}
    for reminder in existing:
        if reminder.sent_at is not None:
            continue
        key = _key(reminder)
        if key not in wanted or key in pending:
            reminder.delete()
            counts["deleted"] += 1
            continue
        pending[key] = reminder
        target = wanted[key].due_at
        # A reminder already due stays as it is ("read it now" is not pushed along).
        if reminder.due_at != target and not (reminder.due_at <= now and target <= now):
            reminder.due_at = target
            reminder.claimed_at = None
            reminder.save(update_fields=["due_at", "claimed_at"])
            counts["moved"] += 1
    for key, reminder in wanted.items():
        if key in pending or key in sent_keys or reminder.due_at < now:
            continue
        reminder.save()
        counts["created"] += 1
    return counts


# Reminders more than this late when the sender gets to them are a backlog after downtime.
BACKLOG_AFTER = dt.timedelta(hours=1)


def collapse_backlog(now: dt.datetime) -> int:
    """Of the reminders more than BACKLOG_AFTER late that no sender holds, keep the newest per
    user and kind (and period); the older ones are marked sent without an email (they
    stay in the in-app list). One message per kind after downtime, not a burst. Returns
    how many were collapsed."""
    rows = list(
        claimable(now)
        .filter(due_at__lt=now - BACKLOG_AFTER)
        .values_list("pk", "user_id", "kind", "period", "due_at")
    )
    newest: dict[tuple, tuple] = {}
    for pk, user_id, kind, period, due_at in rows:
        key = (user_id, kind, period)
        if key not in newest or (due_at, pk) > newest[key]:
            newest[key] = (due_at, pk)
    keep = {pk for _, pk in newest.values()}
    superseded = [pk for pk, *_ in rows if pk not in keep]
    if not superseded:
        return 0
    # Guarded like a claim: a row another sender took meanwhile is left to it.
    return claimable(now).filter(pk__in=superseded).update(sent_at=now, emailed=False)


def schedule_next_nudge(user, period: str, after: dt.datetime, *, now: dt.datetime) -> None:
    """After a nudge goes out, queue the next one (the daily rule, computed per day): after
    downtime that is the next one still ahead, not each missed day in turn."""
    profile = Profile.for_user(user)
    at = profile.am_nudge_at if period == Routine.Period.AM else profile.pm_nudge_at
    if at is None:
        return
    due = safety.next_local_time(at, profile.zone, max(after, now) + dt.timedelta(minutes=1))
    if not Reminder.objects.filter(
        user=user, kind=Kind.ROUTINE_NUDGE, period=period, sent_at=None
    ).exists():
        Reminder.objects.create(user=user, kind=Kind.ROUTINE_NUDGE, period=period, due_at=due)


# The evening routine nudge a new account may ask for at sign-up (local time); the
# Reminders page changes it.
SIGN_UP_EVENING_NUDGE_AT = dt.time(20, 0)


def set_up_new_profile(user, *, timezone: str, evening_reminder: bool) -> Profile:
    """Sign-up's answers: the time zone (a canonical IANA name; empty keeps UTC) and whether
    to email an evening routine reminder, at SIGN_UP_EVENING_NUDGE_AT in that zone."""
    profile = Profile.for_user(user)
    if timezone:
        profile.timezone = timezone
    if evening_reminder:
        profile.pm_nudge_at = SIGN_UP_EVENING_NUDGE_AT
        profile.wants_email_reminders = True
    profile.full_clean(validate_unique=False, validate_constraints=False)
    profile.save(update_fields=["timezone", "pm_nudge_at", "wants_email_reminders"])
    if evening_reminder:
        sync_reminders(user)  # queues the first evening nudge
    return profile


def time_zone_changed(user) -> None:
    """Called by account settings: wall-clock reminders follow the new zone."""
    sync_reminders(user)


def mark_all_read(user, now: dt.datetime) -> int:
    return Reminder.objects.filter(user=user).unread(now).update(read_at=now)


def dismiss(reminder: Reminder, now: dt.datetime) -> None:
    reminder.dismissed_at = now
    reminder.read_at = reminder.read_at or now
    reminder.save(update_fields=["dismissed_at", "read_at"])


# ---------------------------------------------------------------- calendar token


def calendar_token(profile: Profile) -> str:
    """The user's feed token, created on first use."""
    if not profile.calendar_token:
        regenerate_calendar_token(profile)
    return profile.calendar_token


def regenerate_calendar_token(profile: Profile) -> str:
    """A new random token; the old feed URL stops working at once."""
    profile.calendar_token = secrets.token_urlsafe(32)
    profile.save(update_fields=["calendar_token"])
    return profile.calendar_token
