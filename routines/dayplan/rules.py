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
ended > not due by schedule (incl. not started) > held > paused > promoted > due.
A hold or a pause only takes out a step that would otherwise be due; a reparative
(biologic) step that its schedule leaves out is promoted to due every day of a recovery
window, so the serum the recovery banner recommends is on the list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from routines import schedule

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

# Mirrors Step.Kind values (kept as strings so this module imports no models).
BIOLOGIC = "biologic"
PAUSED_DURING_RECOVERY = frozenset({"retinoid", "exfoliant"})

# Patch tests: the guide's 48–72 hour observation.
PATCH_FIRST_READ = dt.timedelta(hours=48)
PATCH_FINAL_READ = dt.timedelta(hours=72)

# One wording for a patch test that showed any irritation, in the app and the guide:
# the guide says an irritated patch means not using the product on the face.
PATCH_REACTED_MESSAGE = (
    "Your patch test showed irritation, so keep this product off your face. "
    "Speak to a clinician before you use it on your face."
)
PATCH_TESTING_MESSAGE = "Patch test running: not due until the 72-hour read shows no reaction."

TESTING = "testing"
REACTED = "reacted"


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
class Hold:
    """A patch test keeps `product_key` off the list on days [start, end)."""

    product_key: str
    start: dt.date
    end: dt.date | None  # None: open-ended (a reaction, or a test still running)
    state: str  # TESTING or REACTED
    message: str
    source_pk: int
    changes_on: dt.date | None = None  # when a running test can next be read

    def contains(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Window:
    """Recovery days [start, end); the procedure day is day 1, `end` the resume day."""

    start: dt.date
    end: dt.date
    source_pks: tuple[int, ...] = ()

    @property
    def length(self) -> int:
        return (self.end - self.start).days

    def contains(self, day: dt.date) -> bool:
        return self.start <= day < self.end

    def day_number(self, day: dt.date) -> int:
        return (day - self.start).days + 1


@dataclass(frozen=True)
class StepDay:
    """One step on one day: its state, the reason in words, and when that changes."""

    step: PlanStep  # with the schedule that applied that day
    state: str
    reason: str = ""
    changes_on: dt.date | None = None
    source_pk: int | None = None

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


def window_on(windows: Iterable[Window], day: dt.date) -> Window | None:
    """The merged recovery window open on `day`, if any."""
    for window in merge_windows(windows):
        if window.contains(day):
            return window
    return None


def merge_windows(windows: Iterable[Window]) -> list[Window]:
    """Overlapping or back-to-back windows as one continuous window, in date order."""
    merged: list[Window] = []
    for window in sorted(windows, key=lambda w: (w.start, w.end)):
        if merged and window.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = Window(
                last.start, max(last.end, window.end), last.source_pks + window.source_pks
            )
        else:
            merged.append(window)
    return merged


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
        scheduled = schedule.is_scheduled(rule, day)
        started = day >= step.start_date
        promoted = not scheduled and started and window is not None and step.kind == BIOLOGIC
        if not scheduled and not promoted:
            entries.append(_not_scheduled(step, rule, day, with_reasons))
            continue
        hold = _hold_on(holds, step.product_key, day) if step.product_key else None
        if hold is not None:
            entries.append(StepDay(step, HELD, hold.message, hold.changes_on, hold.source_pk))
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
        if promoted:
            entries.append(
                StepDay(
                    step,
                    PROMOTED,
                    f"Due every day of your recovery window, until {window.end:%-d %b}.",
                    window.end,
                    window.source_pks[0] if window.source_pks else None,
                )
            )
            continue
        entries.append(StepDay(step, DUE))
    return DayPlan(day=day, entries=entries, window=window)


def _not_scheduled(step: PlanStep, rule, day: dt.date, with_reasons: bool) -> StepDay:
    if day < step.start_date:
        return StepDay(step, NOT_SCHEDULED, f"Starts on {step.start_date:%-d %b}.", step.start_date)
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


# ---------------------------------------------------------------- patch tests


@dataclass(frozen=True)
class PatchRead:
    """One look at the patch: when, and what was seen ("none", "mild", "reaction")."""

    at: dt.datetime
    on: dt.date  # the user's local date of `at`
    result: str


@dataclass(frozen=True)
class PatchFacts:
    """What the plan needs to know about one patch test, times already localised."""

    pk: int
    product_key: str
    started_at: dt.datetime
    started_on: dt.date
    reads: tuple[PatchRead, ...] = ()
    abandoned_on: dt.date | None = None
    overridden_on: dt.date | None = None
    final_read_on: dt.date | None = None  # local date of started_at + 72 h


def patch_first_read_at(started_at: dt.datetime) -> dt.datetime:
    return started_at.astimezone(dt.UTC) + PATCH_FIRST_READ


def patch_final_read_at(started_at: dt.datetime) -> dt.datetime:
    return started_at.astimezone(dt.UTC) + PATCH_FINAL_READ


def read_slot(started_at: dt.datetime, at: dt.datetime) -> str:
    """Which read a look at `at` counts as: "early" (<48 h), "48h" (48–72 h) or "72h"."""
    if at < patch_first_read_at(started_at):
        return "early"
    if at < patch_final_read_at(started_at):
        return "48h"
    return "72h"


def patch_outcome(test: PatchFacts) -> str:
    """ "reacted" if any read showed irritation, "passed" once a read at 72 h or later
    showed none, "abandoned", or "running"."""
    reads = sorted(test.reads, key=lambda r: r.at)
    if any(r.result != "none" for r in reads):
        return REACTED
    if any(read_slot(test.started_at, r.at) == "72h" for r in reads):
        return "passed"
    if test.abandoned_on is not None:
        return "abandoned"
    return "running"


def holds_from_test(test: PatchFacts) -> list[Hold]:
    """The spans of days one patch test keeps its product off the list.

    Running from the start day until the 72-hour read passes (or the test is abandoned,
    or the user chose to go ahead unread); from the first read that showed irritation on,
    held for good, including a late reaction recorded after a pass.
    """
    reads = sorted(test.reads, key=lambda r: r.at)
    reaction = next((r for r in reads if r.result != "none"), None)
    passed = next(
        (r for r in reads if r.result == "none" and read_slot(test.started_at, r.at) == "72h"),
        None,
    )
    released = [
        d
        for d in (
            passed.on if passed and (reaction is None or passed.at < reaction.at) else None,
            test.abandoned_on,
            test.overridden_on,
        )
        if d is not None
    ]
    testing_end = min(released) if released else None
    if reaction is not None and (testing_end is None or reaction.on < testing_end):
        testing_end = reaction.on
    holds = []
    if testing_end is None or testing_end > test.started_on:
        holds.append(
            Hold(
                test.product_key,
                test.started_on,
                testing_end,
                TESTING,
                PATCH_TESTING_MESSAGE,
                test.pk,
                changes_on=test.final_read_on,
            )
        )
    if reaction is not None:
        holds.append(
            Hold(test.product_key, reaction.on, None, REACTED, PATCH_REACTED_MESSAGE, test.pk)
        )
    return holds


def holds_from_tests(tests: Iterable[PatchFacts]) -> list[Hold]:
    return [hold for test in tests for hold in holds_from_test(test)]
