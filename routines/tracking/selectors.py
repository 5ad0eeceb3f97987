"""Build the Today checklist for one user and one local day, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from routines import schedule
from routines.dayplan import rules as dayplan
from routines.dayplan.selectors import PlanData, live_routines, load_plan
from routines.models import CheckIn, Profile, Routine, SkinLog, Step
from routines.safety.selectors import Blocker, RecoveryStatus, blocker_for, recovery_status_from
from routines.tracking import rules as timeline
from routines.tracking.rules import STATUS_WORDS, month_calendar, month_end, skin_chart

# How far back the streak looks; it is shown as "at least" this when it reaches the end.
STREAK_WINDOW_DAYS = 366
# Most streaks break within a few weeks, so the first look-back is short: a run still
# unbroken at its edge reads the older part of the window with a second query.
STREAK_FIRST_LOOK_DAYS = 21


@dataclass
class TodayEntry:
    """One step on the checklist. `status` is "done", "skipped" or None (not marked yet)."""

    step: Step
    status: str | None = None
    blocker: Blocker | None = None
    plan: dayplan.StepDay | None = None  # the day plan's word on this step

    @property
    def is_promoted(self) -> bool:
        return self.plan is not None and self.plan.state == dayplan.PROMOTED

    @property
    def is_blocked(self) -> bool:
        return self.blocker is not None

    @property
    def is_done(self) -> bool:
        return self.status == CheckIn.Status.DONE

    @property
    def is_skipped(self) -> bool:
        return self.status == CheckIn.Status.SKIPPED


@dataclass
class RoutineSection:
    routine: Routine
    entries: list[TodayEntry] = field(default_factory=list)
    resting: list[Step] = field(default_factory=list)  # in the routine, not due this day

    @property
    def open_entries(self) -> list[TodayEntry]:
        return [e for e in self.entries if not e.is_blocked]

    @property
    def done_count(self) -> int:
        return sum(1 for e in self.open_entries if e.is_done)


@dataclass
class ProductExpectation:
    name: str
    start_date: dt.date
    expectation: timeline.Expectation


@dataclass
class TodayView:
    day: dt.date
    today: dt.date
    zone_name: str
    sections: list[RoutineSection]
    has_routines: bool
    streak: int
    streak_capped: bool
    skin_log: SkinLog | None
    expectations: list[ProductExpectation]
    # Recovery mode banner ("day N of M" + guidance) or the return-to-maintenance note.
    recovery: RecoveryStatus | None = None
    plan: dayplan.DayPlan | None = None
    earliest: dt.date | None = None  # the first day that may still be corrected

    @property
    def previous_day(self) -> dt.date | None:
        before = self.day - dt.timedelta(days=1)
        return before if self.earliest is not None and before >= self.earliest else None

    @property
    def next_day(self) -> dt.date | None:
        after = self.day + dt.timedelta(days=1)
        return after if after <= self.today else None

    @property
    def is_today(self) -> bool:
        return self.day == self.today

    @property
    def yesterday(self) -> dt.date:
        return self.today - dt.timedelta(days=1)

    @property
    def entries(self) -> list[TodayEntry]:
        return [e for section in self.sections for e in section.entries]

    @property
    def due_count(self) -> int:
        return sum(1 for e in self.entries if not e.is_blocked)

    @property
    def done_count(self) -> int:
        return sum(1 for e in self.entries if e.is_done and not e.is_blocked)

    @property
    def all_done(self) -> bool:
        return self.due_count > 0 and self.done_count == self.due_count


def build_today(
    user,
    now: dt.datetime,
    day: dt.date | None = None,
    *,
    profile: Profile | None = None,
    data: PlanData | None = None,
) -> TodayView:
    """The checklist for `user` on `day` (default: their today) at the instant `now`."""
    profile = profile or Profile.for_user(user)
    today = schedule.local_today(profile.zone, now)
    day = day or today
    routines = list(live_routines(user))
    data = data or load_plan(user, profile.zone)
    plan = data.day(day)
    # The last three weeks of marks: the streak's first look-back, and the day's own marks
    # when the day is one of them (today, or a recent day being corrected).
    look_from = today - dt.timedelta(days=STREAK_FIRST_LOOK_DAYS)
    recent = list(
        CheckIn.objects.filter(user=user, date__gt=look_from, date__lte=today).values_list(
            "date", "step_id", "status"
        )
    )
    if day > look_from:
        marks = {step: status for date, step, status in recent if date == day}
    else:
        marks = dict(CheckIn.objects.filter(user=user, date=day).values_list("step_id", "status"))

    by_routine = {r.pk: RoutineSection(routine=r) for r in routines}
    for entry in plan.entries:
        step = data.by_pk[entry.step.pk]
        section = by_routine.get(step.routine_id)
        if section is None or entry.state == dayplan.ENDED:
            continue
        if entry.state == dayplan.NOT_SCHEDULED:
            section.resting.append(step)
        else:
            section.entries.append(
                TodayEntry(
                    step=step, status=marks.get(step.pk), blocker=blocker_for(entry), plan=entry
                )
            )

    recent_done = {(date, step) for date, step, status in recent if status == CheckIn.Status.DONE}
    streak_days = _streak(user, data, today, recent_done)
    skin_log = SkinLog.objects.filter(user=user, date=day).first()
    live_steps = [data.by_pk[e.step.pk] for e in plan.entries if e.state != dayplan.ENDED]
    first_day = data.first_day()
    return TodayView(
        day=day,
        today=today,
        zone_name=profile.timezone,
        sections=sorted(by_routine.values(), key=lambda s: (s.routine.period, s.routine.name)),
        has_routines=bool(routines),
        streak=streak_days,
        streak_capped=streak_days >= STREAK_WINDOW_DAYS - 1,
        skin_log=skin_log,
        expectations=expectations_for(live_steps, today),
        recovery=recovery_status_from(data.windows, day),
        plan=plan,
        earliest=dayplan.correctable_from(today, first_day),
    )


def _streak(user, data: PlanData, today: dt.date, recent_done: set) -> int:
    """The streak from `recent_done` (the done marks of the STREAK_FIRST_LOOK_DAYS up to
    today) when it breaks within them, else with one query for the rest of the window:
    the rows of three weeks, not a year, whatever the length of the history."""
    first = data.first_day()
    if first is None:
        return 0
    count, unbroken = data.streak(recent_done, today, limit_days=STREAK_FIRST_LOOK_DAYS)
    floor = first - dt.timedelta(days=1)
    look_from = today - dt.timedelta(days=STREAK_FIRST_LOOK_DAYS)
    if not unbroken or look_from <= floor:
        return count
    older = CheckIn.objects.filter(
        user=user,
        date__gt=max(today - dt.timedelta(days=STREAK_WINDOW_DAYS), floor),
        date__lte=look_from,
        status=CheckIn.Status.DONE,
    ).values_list("date", "step_id")
    count, _ = data.streak(recent_done | set(older), today, limit_days=STREAK_WINDOW_DAYS)
    return count


def expectations_for(steps: list[Step], today: dt.date) -> list[ProductExpectation]:
    """One entry per biologic product started recently (the same product in AM and PM counts
    once, from its earliest start)."""
    earliest: dict[str, Step] = {}
    for step in steps:
        if step.kind != Step.Kind.BIOLOGIC:
            continue
        key = f"p{step.product_id}" if step.product_id else f"n{step.custom_name.casefold()}"
        if key not in earliest or step.start_date < earliest[key].start_date:
            earliest[key] = step
    result = []
    for step in earliest.values():
        expectation = timeline.expectation_for(step.start_date, today)
        if expectation is not None:
            result.append(ProductExpectation(step.name, step.start_date, expectation))
    return sorted(result, key=lambda e: e.start_date, reverse=True)


def recorded_on(user, day: dt.date) -> bool:
    """Whether the user ticked, skipped or logged their skin on `day`."""
    return (
        CheckIn.objects.filter(user=user, date=day).exists()
        or SkinLog.objects.filter(user=user, date=day).exists()
    )


def build_history(user, first: dt.date, today: dt.date, *, profile: Profile | None = None) -> dict:
    """Template context for one month: calendar, totals, chart and month navigation.

    Each day is drawn from the day plan of that day (with the schedule versions, holds and
    recovery windows that applied then), in a fixed number of queries.
    """
    profile = profile or Profile.for_user(user)
    last = month_end(first)
    data = load_plan(user, profile.zone)
    marks = {
        (d, step_id): status
        for d, step_id, status in CheckIn.objects.filter(
            user=user, date__gte=first, date__lte=last
        ).values_list("date", "step_id", "status")
    }
    logs = list(SkinLog.objects.filter(user=user, date__gte=first, date__lte=last))
    plans = data.days(first, min(last, today)) if first <= today else {}
    earliest = dayplan.correctable_from(today, data.first_day())
    weeks = month_calendar(plans, marks, first, today, earliest)
    days = [d for week in weeks for d in week if d is not None]
    totals = {status: sum(1 for d in days if d.status == status) for status in STATUS_WORDS}
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = last + dt.timedelta(days=1)
    return {
        "month": first,
        "weeks": weeks,
        "weekday_names": schedule.WEEKDAY_NAMES,
        "totals": totals,
        "chart": skin_chart(logs, first, last),
        "previous_month": previous,
        "next_month": following if following <= today else None,
        "has_steps": bool(data.plan_steps),
        "today": today,
        "earliest": earliest,
    }
