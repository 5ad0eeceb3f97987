"""Check-ins and skin logs: the writes behind Today and History. Only steps the day plan
has due and open may be ticked; any day from the routine's start (at most 60 days back)
may be corrected."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F

from routines.dayplan import rules as dayplan
from routines.dayplan.selectors import PlanData, load_plan
from routines.errors import ActionRefused, StaleEdit
from routines.models import CheckIn, Profile, SkinLog, Step


def record_check_in(
    user, step: Step, day: dt.date, status: str, *, today: dt.date, data: PlanData | None = None
) -> CheckIn:
    """Mark `step` done or skipped on `day`. Refuses days outside the correction window,
    steps the plan does not have due and open that day, and a repeat of the same mark."""
    if status not in CheckIn.Status.values:
        raise ActionRefused("Choose done or skipped.")
    data = data or load_plan(user, Profile.for_user(user).zone)
    check_day(data, day, today)
    if not step.routine.is_active:
        raise ActionRefused(f"“{step.name}” is in a routine that is switched off.")
    entry = data.day(day).by_step().get(step.pk)
    if entry is None or not entry.is_open:
        if entry is not None and entry.state in (dayplan.HELD, dayplan.PAUSED):
            raise ActionRefused(entry.reason)
        if entry is not None and entry.state == dayplan.ENDED:
            raise ActionRefused(f"“{step.name}” was removed from your routine.")
        raise ActionRefused(f"“{step.name}” is not scheduled for {day_words(day, today)}.")
    existing = CheckIn.objects.filter(step=step, date=day).first()
    if existing is not None:
        if existing.status == status:
            raise ActionRefused(
                f"“{step.name}” is already marked {existing.get_status_display().lower()} "
                f"for {day_words(day, today)}."
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
            f"“{step.name}” is already marked for {day_words(day, today)}."
        ) from None


def clear_check_in(
    user, step: Step, day: dt.date, *, today: dt.date, data: PlanData | None = None
) -> None:
    """Untick: remove the mark for `step` on `day` (whatever the plan says of it now)."""
    data = data or load_plan(user, Profile.for_user(user).zone)
    check_day(data, day, today)
    deleted, _ = CheckIn.objects.filter(user=user, step=step, date=day).delete()
    if not deleted:
        raise ActionRefused(f"“{step.name}” has no mark for {day_words(day, today)}.")


def check_day(data: PlanData, day: dt.date, today: dt.date) -> None:
    """Refuse a day that may not be changed, with the reason."""
    if day > today:
        raise ActionRefused("You can't change a day that hasn't happened yet.")
    earliest = dayplan.correctable_from(today, data.first_day())
    if day < earliest:
        raise ActionRefused(out_of_range_message(earliest, today))


def out_of_range_message(earliest: dt.date, today: dt.date) -> str:
    if earliest >= today:
        return "Only today can be changed: your routine starts today."
    return (
        f"Only days from {earliest:%-d %B %Y} to today can be changed (up to "
        f"{dayplan.CORRECTION_DAYS} days back, and not before your routine began)."
    )


def day_words(day: dt.date, today: dt.date) -> str:
    if day == today:
        return "today"
    if day == today - dt.timedelta(days=1):
        return "yesterday"
    return f"{day:%a %-d %b %Y}"


def save_skin_log(user, day: dt.date, data: dict, *, revision: int | None = None) -> SkinLog:
    """Create or replace the skin log for `day`.

    `revision` is the one the form was loaded at (0: there was none); when the log has
    changed since, nothing is saved and StaleEdit carries the newer row.
    """
    fields = {k: data[k] for k in ("redness", "dryness", "irritation", "note")}
    with transaction.atomic():
        current = SkinLog.objects.select_for_update().filter(user=user, date=day).first()
        seen = current.revision if current is not None else 0
        if revision is not None and revision != seen:
            raise StaleEdit(
                "This day's skin log was changed in another tab or device after you opened "
                "it. Its saved values are shown now: check them and save again.",
                current,
            )
        if current is None:
            try:
                with transaction.atomic():
                    return SkinLog.objects.create(user=user, date=day, **fields)
            except IntegrityError:
                raise StaleEdit(
                    "This day's skin log was changed in another tab or device after you "
                    "opened it. Its saved values are shown now: check them and save again.",
                    SkinLog.objects.filter(user=user, date=day).first(),
                ) from None
        SkinLog.objects.filter(pk=current.pk).update(**fields, revision=F("revision") + 1)
        current.refresh_from_db()
        return current
