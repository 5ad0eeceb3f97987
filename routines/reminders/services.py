"""Reminders: keep each user's pending rows in line with their data (`sync_reminders`), and
send due ones.

Sending: claim one row with a guarded UPDATE, email it, mark it sent.

`send_one()` is the unit the tests call; the management command only loops over it.
Exactly-once under normal operation: the claim is an UPDATE guarded on
`sent_at IS NULL AND (claimed_at IS NULL OR claimed_at < stale)`, which matches for
exactly one worker (PostgreSQL row locks; SQLite IMMEDIATE transactions serialise
writers). A sender that dies after claiming leaves a claim that goes stale after
CLAIM_TIMEOUT and is then retried by another pass.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, mailers
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.selectors import verified_email_for
from routines import schedule
from routines.models import PatchTest, Procedure, Profile, Reminder, Routine, Step
from routines.reminders.selectors import CLAIM_TIMEOUT, build_message, due_ids, nudge_plan
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


def claim(pk: int, now: dt.datetime) -> bool:
    """True for exactly one caller per reminder (until the claim goes stale)."""
    # due_at is re-checked: a service may have moved the reminder since it was listed.
    return (
        Reminder.objects.filter(pk=pk, sent_at=None, due_at__lte=now)
        .filter(Q(claimed_at=None) | Q(claimed_at__lt=now - CLAIM_TIMEOUT))
        .update(claimed_at=now)
        == 1
    )


def send_email(reminder: Reminder, *, to: str, connection=None) -> None:
    """Plain-text and HTML email with a one-click unsubscribe link, to a verified address."""
    user = reminder.user
    zone = user.profile.zone
    message = build_message(reminder, zone)
    base = settings.SITE_URL
    unsubscribe = base + reverse("routines:unsubscribe", args=[unsubscribe_token(user.pk)])
    context = {"message": message, "link": base + message.path, "unsubscribe": unsubscribe}
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=render_to_string("routines/reminders/email/reminder.txt", context),
        to=[to],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "X-Cellwise-Reminder": str(reminder.pk),
        },
    )
    email.attach_alternative(
        render_to_string("routines/reminders/email/reminder.html", context), "text/html"
    )
    (connection or mailers.default).send_messages([email])


def send_one(pk: int, *, now: dt.datetime | None = None, connection=None) -> bool:
    """Claim, send and mark one reminder. False when another sender has it."""
    now = now or timezone.now()
    if not claim(pk, now):
        return False
    reminder = Reminder.objects.select_related(
        "user__profile", "patch_test", "procedure", "step__product__brand"
    ).get(pk=pk)
    # Only to an address its owner has confirmed; the reminder still shows in the app.
    profile = reminder.user.profile
    address = verified_email_for(reminder.user) if profile.wants_email_reminders else None
    wants_email = bool(address)
    if reminder.kind == Kind.ROUTINE_NUDGE:
        # Only what is due and open that morning or evening, and never a stale backlog.
        wants_email = wants_email and _nudge_has_work(reminder, now)
    if wants_email:
        send_email(reminder, to=address, connection=connection)
    Reminder.objects.filter(pk=pk).update(
        sent_at=timezone.now(), emailed=wants_email, due_at=reminder.due_at
    )
    if reminder.kind == Kind.ROUTINE_NUDGE:
        schedule_next_nudge(reminder.user, reminder.period, reminder.due_at, now=now)
    return True


# A nudge sent later than this after its time (the sender was down) is not emailed.
NUDGE_LATE_LIMIT = dt.timedelta(hours=6)


def _nudge_has_work(reminder: Reminder, now: dt.datetime) -> bool:
    """Whether a routine nudge is worth an email: it speaks for the latest day its time has
    come (after downtime, today rather than the first missed day), that time is recent,
    and the day plan has something due and open then. Moves `reminder.due_at` to it."""
    profile = reminder.user.profile
    at = profile.am_nudge_at if reminder.period == Routine.Period.AM else profile.pm_nudge_at
    if at is not None:
        latest = safety.next_local_time(at, profile.zone, now - dt.timedelta(days=1))
        if latest > now:  # today's has not come yet: yesterday's is the latest
            latest = safety.next_local_time(at, profile.zone, now - dt.timedelta(days=2))
        reminder.due_at = max(reminder.due_at, latest)
    if now - reminder.due_at > NUDGE_LATE_LIMIT:
        return False
    return bool(nudge_plan(reminder, profile.zone).open(reminder.period))


# Reminders more than this late when the sender gets to them are a backlog after downtime.
BACKLOG_AFTER = dt.timedelta(hours=1)


def collapse_backlog(ids: list[int], now: dt.datetime) -> list[int]:
    """Of late reminders, keep the newest per user and kind (and period); the older ones are
    marked sent without an email (they stay in the in-app list). One message per kind
    after downtime, not a burst."""
    rows = list(
        Reminder.objects.filter(pk__in=ids, due_at__lt=now - BACKLOG_AFTER).values_list(
            "pk", "user_id", "kind", "period", "due_at"
        )
    )
    newest: dict[tuple, tuple] = {}
    for pk, user_id, kind, period, due_at in rows:
        key = (user_id, kind, period)
        if key not in newest or (due_at, pk) > newest[key]:
            newest[key] = (due_at, pk)
    keep = {pk for _, pk in newest.values()}
    superseded = [pk for pk, *_ in rows if pk not in keep]
    if superseded:
        Reminder.objects.filter(pk__in=superseded, sent_at=None).update(sent_at=now, emailed=False)
    return [pk for pk in ids if pk not in set(superseded)]


def send_due(now: dt.datetime | None = None, *, connection=None, stop=None) -> int:
    """One pass: send every due reminder; returns how many this process sent."""
    sent = 0
    while True:
        now_ = now or timezone.now()
        ids = collapse_backlog(due_ids(now_), now_)
        if not ids:
            return sent
        for pk in ids:
            if stop is not None and stop.is_set():
                return sent
            try:
                sent += send_one(pk, now=now_, connection=connection)
            except Exception:
                # Left claimed: the claim goes stale and a later pass retries it.
                log.exception("reminder_send_failed reminder_id=%s", pk)


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
