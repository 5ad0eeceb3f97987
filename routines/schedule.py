"""When a step is due: pure date arithmetic on the user's local calendar, no ORM.

Schedules are defined on local *dates*, never on elapsed hours, so a daylight-saving
change or a zone far from UTC cannot shift "every other day" by one. The only place
a clock enters is `local_today(zone, now)`, which turns an aware UTC instant into the
user's local date.

A "step-like" object has: `pk`, `schedule`, `interval_days`, `weekdays` (digits,
Monday=0), `start_date`, and `alternate_with` (another step-like or None).
`routines.models.Step` fits; so does `StepRule` below, which tests use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

# Kept as plain strings so this module does not import models (mirrors Step.Schedule).
DAILY = "daily"
EVERY_OTHER_DAY = "every_other_day"
EVERY_N_DAYS = "every_n_days"
WEEKDAYS = "weekdays"
ALTERNATE = "alternate"

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class StepRule:
    """A plain stand-in for a Step: what the schedule engine needs and nothing else."""

    pk: int
    schedule: str = DAILY
    start_date: dt.date = dt.date(2020, 1, 1)
    interval_days: int | None = None
    weekdays: str = ""
    alternate_with: StepRule | None = None


def local_today(zone: ZoneInfo | str, now: dt.datetime) -> dt.date:
    """The calendar date in `zone` at the aware instant `now`."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if isinstance(zone, str):
        zone = ZoneInfo(zone)
    return now.astimezone(zone).date()


def parse_weekdays(value: str) -> frozenset[int]:
    """'024' -> {0, 2, 4}; ignores anything that is not a digit 0-6."""
    return frozenset(int(ch) for ch in value if ch in "0123456")


def _every(step, day: dt.date, interval: int) -> bool:
    return (day - step.start_date).days % interval == 0


def _alternate_partner_days(step, partner, day: dt.date) -> bool:
    """Whether `partner` is on for `day`, as seen by a step that alternates with it."""
    if partner.schedule != ALTERNATE:
        return is_scheduled(partner, day)
    # Both steps point at each other (or the partner alternates with a third step).
    # Give the pair one shared rhythm: anchored at the earlier start date, the step
    # with the smaller id takes the even days and the other the odd ones.
    anchor = min(step.start_date, partner.start_date)
    partner_parity = 0 if (partner.pk or 0) < (step.pk or 0) else 1
    return (day - anchor).days % 2 == partner_parity


def is_scheduled(step, day: dt.date) -> bool:
    """Whether `step` is due on the local date `day`. Never before its start date."""
    if day < step.start_date:
        return False
    schedule = step.schedule
    if schedule == DAILY:
        return True
    if schedule == EVERY_OTHER_DAY:
        return _every(step, day, 2)
    if schedule == EVERY_N_DAYS:
        return _every(step, day, max(int(step.interval_days or 2), 2))
    if schedule == WEEKDAYS:
        return day.weekday() in parse_weekdays(step.weekdays)
    if schedule == ALTERNATE:
        partner = step.alternate_with
        if partner is None or partner.pk == step.pk:
            # Partner removed: keep the every-other-day rhythm from the start date.
            return _every(step, day, 2)
        return not _alternate_partner_days(step, partner, day)
    raise ValueError(f"unknown schedule {schedule!r}")


def scheduled_on(steps: Iterable, day: dt.date) -> list:
    """The steps from `steps` that are due on `day`, in the order given."""
    return [step for step in steps if is_scheduled(step, day)]


def days_between(first: dt.date, last: dt.date) -> Iterable[dt.date]:
    """Every date from `first` to `last`, both included."""
    for offset in range((last - first).days + 1):
        yield first + dt.timedelta(days=offset)


def next_dates(step, after: dt.date, count: int = 3, horizon_days: int = 120) -> list[dt.date]:
    """The next `count` dates after `after` on which the step is due (within a horizon)."""
    found = []
    day = after
    for _ in range(horizon_days):
        day += dt.timedelta(days=1)
        if is_scheduled(step, day):
            found.append(day)
            if len(found) == count:
                break
    return found


def describe(step) -> str:
    """A short human description of a step's schedule, e.g. 'Mon, Wed, Fri'."""
    schedule = step.schedule
    if schedule == DAILY:
        return "Every day"
    if schedule == EVERY_OTHER_DAY:
        return "Every other day"
    if schedule == EVERY_N_DAYS:
        return f"Every {step.interval_days or 2} days"
    if schedule == WEEKDAYS:
        days = sorted(parse_weekdays(step.weekdays))
        return ", ".join(WEEKDAY_NAMES[d] for d in days) or "No days chosen"
    if schedule == ALTERNATE:
        partner = step.alternate_with
        if partner is None:
            return "Every other day"
        return f"Alternates with {partner.name}" if hasattr(partner, "name") else "Alternating"
    return schedule


def streak(
    steps: Iterable,
    done: set[tuple[dt.date, int]],
    today: dt.date,
    *,
    limit_days: int = 366,
) -> int:
    """Days in a row, ending today (or yesterday if today is not finished yet), on which
    every scheduled step was done. Days with nothing scheduled neither break nor extend it.

    `done` holds (date, step_id) pairs of done check-ins; `limit_days` bounds the look-back
    to the window the caller loaded.
    """
    return streak_run(steps, done, today, limit_days=limit_days)[0]


def streak_run(
    steps: Iterable,
    done: set[tuple[dt.date, int]],
    today: dt.date,
    *,
    limit_days: int,
) -> tuple[int, bool]:
    """`streak`, and whether the run was still unbroken at the edge of the window (so a
    longer look-back could find more days)."""
    steps = list(steps)
    first_start = min((s.start_date for s in steps), default=today)
    count = 0
    for offset in range(limit_days):
        day = today - dt.timedelta(days=offset)
        due = [s for s in steps if is_scheduled(s, day)]
        if not due:
            if day < first_start:
                return count, False
            continue
        if all((day, s.pk) in done for s in due):
            count += 1
        elif offset == 0:
            # Today is still in progress: an unfinished today does not break the streak.
            continue
        else:
            return count, False
    return count, True
