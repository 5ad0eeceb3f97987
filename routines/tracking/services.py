"""Check-ins and skin logs: the writes behind Today. Blocked steps are refused."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from routines import schedule
from routines.errors import ActionRefused
from routines.models import CheckIn, Step
from routines.tracking import selectors
from routines.tracking.rules import checkable_dates


def record_check_in(user, step: Step, day: dt.date, status: str, *, today: dt.date) -> CheckIn:
    """Mark `step` done or skipped on `day`. Refuses future days, older days, unscheduled
    or blocked steps, and a repeat of the same mark."""
    if status not in CheckIn.Status.values:
        raise ActionRefused("Choose done or skipped.")
    _check_day(step, day, today)
    if not step.routine.is_active:
        raise ActionRefused(f"“{step.name}” is in a routine that is switched off.")
    blocker = selectors.step_blockers(user, [step], day).get(step.pk)
    if blocker is not None:
        raise ActionRefused(blocker.message)
    existing = CheckIn.objects.filter(step=step, date=day).first()
    if existing is not None:
        if existing.status == status:
            raise ActionRefused(
                f"“{step.name}” is already marked {existing.get_status_display().lower()} "
                f"for {_day_words(day, today)}."
            )
        existing.status = status
        existing.save(update_fields=["status"])
        return existing
    try:
        with transaction.atomic():
            return CheckIn.objects.create(user=user, step=step, date=day, status=status)
    except IntegrityError:
        # A second tab got there first; the mark is recorded either way.
        raise ActionRefused(
            f"“{step.name}” is already marked for {_day_words(day, today)}."
        ) from None


def clear_check_in(user, step: Step, day: dt.date, *, today: dt.date) -> None:
    """Untick: remove the mark for `step` on `day`."""
    _check_day(step, day, today, need_scheduled=False)
    deleted, _ = CheckIn.objects.filter(user=user, step=step, date=day).delete()
    if not deleted:
        raise ActionRefused(f"“{step.name}” has no mark for {_day_words(day, today)}.")


def _check_day(step: Step, day: dt.date, today: dt.date, *, need_scheduled: bool = True) -> None:
    if day > today:
        raise ActionRefused("You can't tick a step for a day that hasn't happened yet.")
    if day not in checkable_dates(today):
        raise ActionRefused("Only today and yesterday can be changed.")
    if need_scheduled and not schedule.is_scheduled(step, day):
        raise ActionRefused(f"“{step.name}” is not scheduled for {_day_words(day, today)}.")


def _day_words(day: dt.date, today: dt.date) -> str:
    if day == today:
        return "today"
    if day == today - dt.timedelta(days=1):
        return "yesterday"
    return day.isoformat()


def save_skin_log(user, day: dt.date, data: dict):
    """Create or replace the skin log for `day`."""
    from routines.models import SkinLog

    log, _ = SkinLog.objects.update_or_create(
        user=user,
        date=day,
        defaults={k: data[k] for k in ("redness", "dryness", "irritation", "note")},
    )
    return log
