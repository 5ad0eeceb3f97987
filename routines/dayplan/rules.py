"""The day plan: for a user's steps and one local date, what each step is that day and why.

Pure rules, no ORM. Today, the streak, History, the reminder email, notifications, the
calendar feed and the printable summary all ask `plan_day` (or `plan_days`) and nothing
else, so they cannot disagree about what was due.

Inputs are plain records built by the tracking selectors:
- `PlanStep`: one step as it is now, with `versions` holding how it was scheduled before
  each change (`valid_to` is the first day the next version applied). History reads the
  version valid on the day it draws, so editing a schedule today does not rewrite the past.
- `Hold`: a patch-test hold on one product over a span of local days (`holds_from_test`
  turns one test's reads into holds).
- `Window`: a recovery window after a procedure ([start, end) local days).

One state per step per day, in this order of precedence:
ended > not started yet > held > paused > promoted > due > not due by schedule.
A hold or a recovery pause covers the whole span (scheduled night or not), so Today and
the reminders can say "paused, back on 6 Dec" every day of it; a reparative (biologic)
step that its schedule leaves out is promoted to due every day of a recovery window, so
the serum the recovery banner recommends is on the list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from routines import schedule
from routines.dayplan.holds import REACTED, Hold
from routines.safety.rules import PAUSED_DURING_RECOVERY, Window, merge_windows, window_on

DUE = "due"
NOT_SCHEDULED = "not_scheduled"
HELD = "held"
PAUSED = "paused"
PROMOTED = "promoted"
ENDED = "ended"

STATE_LABELS = {
    DUE: "Due",
    NOT_SCHEDULED: "Not due today",
    HELD: "Held by a patch test",
    PAUSED: "Paused for recovery",
    PROMOTED: "Due during recovery",
    ENDED: "Removed",
}
# Due and open: what must be done for the day to count, what reminders list.
OPEN_STATES = frozenset({DUE, PROMOTED})

# Mirrors Step.Kind.BIOLOGIC (kept as a string so this module imports no models).
BIOLOGIC = "biologic"


@dataclass(frozen=True)
class Version:
    """How a step was scheduled until `valid_to` (exclusive)."""

    valid_to: dt.date
    kind: str
    schedule: str
    start_date: dt.date
    interval_days: int | None = None
    weekdays: str = ""
    alternate_with: int | None = None  # a step pk


@dataclass(frozen=True)
class PlanStep:
    """One step as the plan sees it: its current settings and its earlier versions."""

    pk: int
    routine_id: int
    period: str  # "am" / "pm"
    name: str
    kind: str
    start_date: dt.date
    schedule: str = schedule.DAILY
    interval_days: int | None = None
    weekdays: str = ""
    alternate_with: int | None = None  # a step pk
    product_key: str = ""
    ended_on: dt.date | None = None  # removed (or its routine deleted) from this day on
    versions: tuple[Version, ...] = ()

    def on(self, day: dt.date) -> PlanStep:
        """This step with the schedule that applied on `day`."""
        for version in sorted(self.versions, key=lambda v: v.valid_to):
            if day < version.valid_to:
                return replace(
                    self,
                    kind=version.kind,
                    schedule=version.schedule,
                    start_date=version.start_date,
                    interval_days=version.interval_days,
                    weekdays=version.weekdays,
                    alternate_with=version.alternate_with,
                    versions=(),
                )
        return self if not self.versions else replace(self, versions=())


@dataclass(frozen=True)
class StepDay:
    """One step on one day: its state, the reason in words, and when that changes."""

    step: PlanStep  # with the schedule that applied that day
    state: str
    reason: str = ""
    changes_on: dt.date | None = None
    source_pk: int | None = None
    cause: str = ""  # HELD: the hold's state ("testing" / "reacted"); else ""

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]


@dataclass
class DayPlan:
    day: dt.date
    entries: list[StepDay] = field(default_factory=list)
    window: Window | None = None

    def by_step(self) -> dict[int, StepDay]:
        return {e.step.pk: e for e in self.entries}

    def in_period(self, period: str | None) -> list[StepDay]:
        return [e for e in self.entries if period is None or e.step.period == period]

    def open(self, period: str | None = None) -> list[StepDay]:
        """Due and open steps, in the order the steps were given."""
        return [e for e in self.in_period(period) if e.is_open]

    def open_ids(self, period: str | None = None) -> frozenset[int]:
        return frozenset(e.step.pk for e in self.open(period))

    def taken_out(self, period: str | None = None) -> list[StepDay]:
        """Steps a hold or recovery takes out of this day (would be due otherwise)."""
        return [e for e in self.in_period(period) if e.state in (HELD, PAUSED)]

    def is_complete(self, done_ids: Iterable[int]) -> bool:
        """Every due and open step is done (and at least one was due)."""
        open_ids = self.open_ids()
        return bool(open_ids) and open_ids <= set(done_ids)


# ---------------------------------------------------------------- the plan


def _hold_on(holds: Sequence[Hold], key: str, day: dt.date) -> Hold | None:
    found = [h for h in holds if h.product_key == key and h.contains(day)]
    if not found:
        return None
    # A reaction speaks louder than a running test.
    return max(found, key=lambda h: (h.state == REACTED, h.start, h.source_pk))


def _rules_on(steps: Sequence[PlanStep], day: dt.date) -> dict[int, schedule.StepRule]:
    """Schedule-engine rules for `day`, with alternate partners linked (ended ones gone)."""
    effective = {s.pk: s.on(day) for s in steps}
    alive = {pk for pk, s in effective.items() if s.ended_on is None or day < s.ended_on}
    plain = {
        pk: schedule.StepRule(
            pk=pk,
            schedule=s.schedule,
            start_date=s.start_date,
            interval_days=s.interval_days,
            weekdays=s.weekdays,
        )
        for pk, s in effective.items()
    }
    rules = {}
    for pk, s in effective.items():
        # A removed partner leaves the step on its every-other-day rhythm.
        partner = plain.get(s.alternate_with) if s.alternate_with in alive else None
        rules[pk] = replace(plain[pk], alternate_with=partner)
    return rules


def next_scheduled(rule: schedule.StepRule, day: dt.date, horizon: int = 62) -> dt.date | None:
    """The first day after `day` on which `rule` is due (within `horizon` days)."""
    for offset in range(1, horizon + 1):
        candidate = day + dt.timedelta(days=offset)
        if schedule.is_scheduled(rule, candidate):
            return candidate
    return None


def plan_day(
    steps: Sequence[PlanStep],
    day: dt.date,
    *,
    holds: Sequence[Hold] = (),
    windows: Sequence[Window] = (),
    with_reasons: bool = True,
) -> DayPlan:
    """Each step's state on the local date `day`, in the order `steps` are given."""
    window = window_on(windows, day)
    rules = _rules_on(steps, day)
    entries = []
    for base in steps:
        step = base.on(day)
        rule = rules[step.pk]
        if step.ended_on is not None and day >= step.ended_on:
            entries.append(StepDay(step, ENDED, f"Removed on {step.ended_on:%-d %b %Y}."))
            continue
        if day < step.start_date:
            entries.append(
                StepDay(
                    step, NOT_SCHEDULED, f"Starts on {step.start_date:%-d %b}.", step.start_date
                )
            )
            continue
        hold = _hold_on(holds, step.product_key, day) if step.product_key else None
        if hold is not None:
            entries.append(
                StepDay(step, HELD, hold.message, hold.changes_on, hold.source_pk, hold.state)
            )
            continue
        if window is not None and step.kind in PAUSED_DURING_RECOVERY:
            entries.append(
                StepDay(
                    step,
                    PAUSED,
                    f"Paused for recovery (day {window.day_number(day)} of {window.length}); "
                    f"back on {window.end:%-d %b}.",
                    window.end,
                    window.source_pks[0] if window.source_pks else None,
                )
            )
            continue
        scheduled = schedule.is_scheduled(rule, day)
        if not scheduled and window is not None and step.kind == BIOLOGIC:
            entries.append(
                StepDay(
                    step,
                    PROMOTED,
                    f"Due every day of your recovery window, until {window.last_day:%-d %b}.",
                    window.end,
                    window.source_pks[0] if window.source_pks else None,
                )
            )
            continue
        if not scheduled:
            entries.append(_not_scheduled(step, rule, day, with_reasons))
            continue
        entries.append(StepDay(step, DUE))
    return DayPlan(day=day, entries=entries, window=window)


def _not_scheduled(step: PlanStep, rule, day: dt.date, with_reasons: bool) -> StepDay:
    if not with_reasons:
        return StepDay(step, NOT_SCHEDULED)
    following = next_scheduled(rule, day)
    reason = f"{schedule.describe(rule)}; next on {following:%a %-d %b}." if following else ""
    return StepDay(step, NOT_SCHEDULED, reason, following)


def plan_days(
    steps: Sequence[PlanStep],
    first: dt.date,
    last: dt.date,
    *,
    holds: Sequence[Hold] = (),
    windows: Sequence[Window] = (),
    with_reasons: bool = False,
) -> dict[dt.date, DayPlan]:
    """`plan_day` for every date from `first` to `last`, both included."""
    merged = merge_windows(windows)
    return {
        day: plan_day(steps, day, holds=holds, windows=merged, with_reasons=with_reasons)
        for day in schedule.days_between(first, last)
    }


# ---------------------------------------------------------------- streak


def streak(
    steps: Sequence[PlanStep],
    done: set[tuple[dt.date, int]],
    today: dt.date,
    *,
    holds: Sequence[Hold] = (),
    windows: Sequence[Window] = (),
    limit_days: int = 366,
) -> tuple[int, bool]:
    """Days in a row ending today (or yesterday while today is unfinished) on which every
    due and open step was done; days with nothing open neither break nor extend it.

    Returns (count, unbroken at the edge of the window)."""
    if not steps:
        return 0, False
    first_start = min(min([s.start_date, *(v.start_date for v in s.versions)]) for s in steps)
    merged = merge_windows(windows)
    count = 0
    for offset in range(limit_days):
        day = today - dt.timedelta(days=offset)
        if day < first_start:
            return count, False
        open_ids = plan_day(steps, day, holds=holds, windows=merged, with_reasons=False).open_ids()
        if not open_ids:
            continue
        if all((day, pk) in done for pk in open_ids):
            count += 1
        elif offset == 0:
            continue  # today is still in progress
        else:
            return count, False
    return count, True


# ---------------------------------------------------------------- correcting the past

# How far back a day can still be ticked, unticked or given a skin log.
CORRECTION_DAYS = 60


def correctable_from(today: dt.date, first_day: dt.date | None) -> dt.date:
    """The earliest day that may still be changed: the routine's first day, at most
    CORRECTION_DAYS back."""
    floor = today - dt.timedelta(days=CORRECTION_DAYS)
    return max(floor, first_day) if first_day is not None else today


# ---------------------------------------------------------------- words for reminders


def open_names(plan: DayPlan, period: str | None = None) -> list[str]:
    """Names of the steps due and open in `period` on the plan's day, in routine order."""
    return [e.step.name for e in plan.open(period)]


def nudge_lines(plan: DayPlan, period: str, when: str) -> list[str]:
    """What a routine nudge says: what is due and open, then what is taken out and until
    when. `when` is e.g. "this evening"."""
    names = open_names(plan, period)
    lines = [
        f"Due {when}: {', '.join(names)}." if names else f"Nothing in your routine is due {when}."
    ]
    paused = [e for e in plan.in_period(period) if e.state == PAUSED]
    if paused and plan.window is not None:
        lines.append(
            "Paused for recovery: "
            + ", ".join(e.step.name for e in paused)
            + f" (back on {plan.window.end:%a %-d %b})."
        )
    for entry in (e for e in plan.in_period(period) if e.state == HELD):
        lines.append(f"Held by a patch test: {entry.step.name}. {entry.reason}")
    return lines
