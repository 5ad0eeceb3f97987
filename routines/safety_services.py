"""Safety workflows: patch tests, procedures, gating and the reminders derived from them.

Every change to a patch test, a procedure, the user's time zone or nudge settings goes
through a function here, which then re-derives that user's pending reminders
(`sync_reminders`). Nothing is done in signals or `save()`.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from routines import safety
from routines.models import PatchTest, Procedure, Profile, Reminder, Routine, Step

Kind = Reminder.Kind


# ---------------------------------------------------------------- patch tests


def start_patch_test(
    user, *, product, product_name: str, site: str, started_at: dt.datetime, notes: str = ""
) -> PatchTest:
    """Record a new patch test and schedule its 48 h and 72 h reminders."""
    with transaction.atomic():
        test = PatchTest.objects.create(
            user=user,
            product=product,
            product_name=product_name or str(product),
            site=site,
            started_at=started_at,
            notes=notes,
        )
        sync_reminders(user)
    return test


def record_result(test: PatchTest, *, result: str, notes: str, now: dt.datetime) -> PatchTest:
    """Store the reading; an early read (before 48 h) is flagged as such."""
    with transaction.atomic():
        test.result = result
        test.result_at = now
        test.early_read = safety.is_early_read(test.started_at, now)
        test.mild_decision = ""
        if notes:
            test.notes = notes
        test.save()
        sync_reminders(test.user)
    return test


def decide_after_mild(test: PatchTest, decision: str) -> PatchTest:
    """Record whether the user will use a product that caused mild redness or itch."""
    test.mild_decision = decision
    test.save(update_fields=["mild_decision"])
    return test


def override_gate(test: PatchTest, now: dt.datetime) -> PatchTest:
    """The user confirmed using the product before reading the result."""
    test.overridden_at = now
    test.save(update_fields=["overridden_at"])
    return test


def abandon_patch_test(test: PatchTest, now: dt.datetime) -> PatchTest:
    """Stop a test without a result; its reminders are cancelled."""
    with transaction.atomic():
        test.abandoned_at = now
        test.save(update_fields=["abandoned_at"])
        sync_reminders(test.user)
    return test


def _record(test: PatchTest) -> safety.PatchRecord:
    return safety.PatchRecord(
        pk=test.pk,
        started_at=test.started_at,
        result=test.result,
        abandoned=test.abandoned_at is not None,
        mild_decision=test.mild_decision,
        overridden=test.overridden_at is not None,
    )


def product_key(product_id: int | None, name: str) -> str:
    """Tests and steps match on the catalog product, or on the typed name."""
    return f"p{product_id}" if product_id else "n" + name.strip().casefold()


def gates_for_user(user) -> dict[str, safety.Blocker]:
    """product_key → Blocker for every gated product of the user (one query)."""
    by_key: dict[str, list[safety.PatchRecord]] = {}
    for test in PatchTest.objects.filter(user=user):
        by_key.setdefault(product_key(test.product_id, test.product_name), []).append(_record(test))
    gates = {}
    for key, records in by_key.items():
        blocker = safety.product_gate(records)
        if blocker is not None:
            gates[key] = safety.Blocker(
                blocker.state,
                blocker.message,
                url=reverse("routines:patch_test", args=[blocker.source_pk]),
                source_pk=blocker.source_pk,
            )
    return gates


# ---------------------------------------------------------------- procedures


def save_procedure(procedure: Procedure) -> Procedure:
    """Create or update a procedure and re-derive recovery reminders."""
    with transaction.atomic():
        procedure.save()
        sync_reminders(procedure.user)
    return procedure


def delete_procedure(procedure: Procedure) -> None:
    """Delete a procedure; its reminders cascade, the merged window is re-derived."""
    user = procedure.user
    with transaction.atomic():
        procedure.delete()
        sync_reminders(user)


def recovery_windows(user) -> list[safety.Window]:
    """The user's merged recovery windows, oldest first (one query)."""
    windows = [
        safety.recovery_window(p.pk, p.date, p.recovery_days)
        for p in Procedure.objects.filter(user=user).only("pk", "date", "recovery_days")
    ]
    return safety.merge_windows(windows)


def local_today(user, now: dt.datetime | None = None) -> dt.date:
    return Profile.for_user(user).local_today(now)


def safety_blockers(user, steps, local_date: dt.date) -> dict[int, safety.Blocker]:
    """step id → Blocker for steps that are stopped, under test or paused today.

    routines.services.step_blockers (used by Today, the editor, advice and check-ins)
    converts these to its own Blocker. Two queries, whatever the number of steps.
    """
    gates = gates_for_user(user)
    window = safety.window_on(recovery_windows(user), local_date)
    blockers: dict[int, safety.Blocker] = {}
    for step in steps:
        gate = gates.get(product_key(step.product_id, step.custom_name))
        if gate is None:
            gate = safety.recovery_blocker(step.kind, window, local_date)
            if gate is not None:
                gate = safety.Blocker(
                    gate.state,
                    gate.message,
                    url=reverse("routines:procedures"),
                    source_pk=gate.source_pk,
                )
        if gate is not None:
            blockers[step.pk] = gate
    return blockers


@dataclass(frozen=True)
class RecoveryStatus:
    """What Today shows about recovery: an open window, or a recent return to maintenance."""

    open: bool
    day_number: int
    length: int
    resume_on: dt.date
    guidance: str


# Days after a window closes during which Today still says "back to maintenance".
RETURN_NOTICE_DAYS = 3


def recovery_status(user, local_date: dt.date) -> RecoveryStatus | None:
    """Today's recovery banner: "day N of M" with guidance, or the return-to-maintenance note."""
    for window in recovery_windows(user):
        if window.contains(local_date):
            return RecoveryStatus(
                True,
                window.day_number(local_date),
                window.length,
                window.end,
                safety.RECOVERY_GUIDANCE,
            )
        if window.end <= local_date < window.end + dt.timedelta(days=RETURN_NOTICE_DAYS):
            return RecoveryStatus(
                False, window.length, window.length, window.end, safety.RETURN_TO_MAINTENANCE
            )
    return None


def editor_warning(user, step_kind: str, local_date: dt.date) -> str:
    """The routine editor's warning when a retinoid or exfoliant is added during recovery."""
    if step_kind not in safety.PAUSED_DURING_RECOVERY:
        return ""
    window = safety.window_on(recovery_windows(user), local_date)
    if window is None:
        return ""
    return (
        f"You are in a recovery window (day {window.day_number(local_date)} of "
        f"{window.length}). This step will stay paused until {window.end:%-d %B}; "
        "retinoids and acids should not go on freshly treated skin."
    )


# ---------------------------------------------------------------- reminders


def _desired_reminders(user, profile: Profile, now: dt.datetime) -> list[Reminder]:
    """Every reminder the user's current data calls for (unsaved rows)."""
    zone = profile.zone
    hour = profile.reminder_hour
    wanted: list[Reminder] = []
    for test in PatchTest.objects.filter(user=user, result="", abandoned_at=None):
        wanted.append(
            Reminder(
                user=user,
                kind=Kind.PATCH_TEST_READ,
                patch_test=test,
                due_at=safety.after_quiet_hours(safety.patch_read_at(test.started_at), zone, hour),
            )
        )
        # The last call is sent on time, night or not: the window closes then.
        wanted.append(
            Reminder(
                user=user,
                kind=Kind.PATCH_TEST_LAST_CALL,
                patch_test=test,
                due_at=safety.patch_last_call_at(test.started_at),
            )
        )
    procedures = {p.pk: p for p in Procedure.objects.filter(user=user)}
    windows = safety.merge_windows(
        [safety.recovery_window(p.pk, p.date, p.recovery_days) for p in procedures.values()]
    )
    paused_steps = list(
        Step.objects.filter(
            routine__user=user,
            routine__is_active=True,
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


SHELF_KINDS = {
    "expires_soon": Kind.SHELF_EXPIRES_SOON,
    "expires_today": Kind.SHELF_EXPIRES,
    "reorder": Kind.SHELF_REORDER,
}


def _shelf_reminders(user, zone, hour: int, now: dt.datetime) -> list[Reminder]:
    """Expiry (two weeks before, on the day) and reorder reminders for open shelf items."""
    from routines.shelf_services import shelf_reminder_plan

    return [
        Reminder(
            user=user,
            kind=SHELF_KINDS[kind],
            shelf_item=item,
            due_at=safety.local_datetime(day, dt.time(hour), zone),
        )
        for kind, item, day in shelf_reminder_plan(user, now.astimezone(zone).date())
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
        if reminder.due_at != target:
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


def schedule_next_nudge(user, period: str, after: dt.datetime) -> None:
    """After a nudge goes out, queue tomorrow's (the daily rule, computed per day)."""
    profile = Profile.for_user(user)
    at = profile.am_nudge_at if period == Routine.Period.AM else profile.pm_nudge_at
    if at is None:
        return
    due = safety.next_local_time(at, profile.zone, after + dt.timedelta(minutes=1))
    if not Reminder.objects.filter(
        user=user, kind=Kind.ROUTINE_NUDGE, period=period, sent_at=None
    ).exists():
        Reminder.objects.create(user=user, kind=Kind.ROUTINE_NUDGE, period=period, due_at=due)


def time_zone_changed(user) -> None:
    """Called by account settings: wall-clock reminders follow the new zone."""
    sync_reminders(user)


def unread_count(user, now: dt.datetime | None = None) -> int:
    return Reminder.objects.filter(user=user).unread(now or timezone.now()).count()


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
