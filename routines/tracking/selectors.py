"""Build the Today checklist for one user and one local day, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from routines import schedule
from routines.models import CheckIn, Profile, Routine, SkinLog, Step
from routines.safety.selectors import Blocker, RecoveryStatus, recovery_status, step_blockers
from routines.tracking import rules as timeline
from routines.tracking.rules import STATUS_WORDS, month_calendar, month_end, skin_chart

# How far back the streak looks; it is shown as "at least" this when it reaches the end.
STREAK_WINDOW_DAYS = 366
# Most streaks break within a few weeks, so the first look-back is short; only a run that is
# still unbroken at its edge costs a second query for the rest of the window.
STREAK_FIRST_LOOK_DAYS = 21


@dataclass
class TodayEntry:
    """One step on the checklist. `status` is "done", "skipped" or None (not marked yet)."""

    step: Step
    status: str | None = None
    blocker: Blocker | None = None

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
    user, now: dt.datetime, day: dt.date | None = None, *, profile: Profile | None = None
) -> TodayView:
    """Today's (or yesterday's) checklist for `user` at the instant `now`."""
    profile = profile or Profile.for_user(user)
    today = schedule.local_today(profile.zone, now)
    day = day or today
    routines = list(Routine.objects.filter(user=user, is_active=True))
    steps = list(user_steps(user))
    due = [s for s in steps if schedule.is_scheduled(s, day)]
    due_ids = {s.pk for s in due}
    blockers = step_blockers(user, due, day) if due else {}
    marks = dict(
        CheckIn.objects.filter(user=user, date=day, step__in=[s.pk for s in due]).values_list(
            "step_id", "status"
        )
    )

    by_routine = {r.pk: RoutineSection(routine=r) for r in routines}
    for step in steps:
        section = by_routine.get(step.routine_id)
        if section is None:
            continue
        if step.pk in due_ids:
            section.entries.append(
                TodayEntry(step=step, status=marks.get(step.pk), blocker=blockers.get(step.pk))
            )
        else:
            section.resting.append(step)

    streak_days = _streak(user, steps, today)
    skin_log = SkinLog.objects.filter(user=user, date=day).first()
    return TodayView(
        day=day,
        today=today,
        zone_name=profile.timezone,
        sections=sorted(by_routine.values(), key=lambda s: (s.routine.period, s.routine.name)),
        has_routines=bool(routines),
        streak=streak_days,
        streak_capped=streak_days >= STREAK_WINDOW_DAYS - 1,
        skin_log=skin_log,
        expectations=expectations_for(steps, today),
        recovery=recovery_status(user, day),
    )


def _streak(user, steps: list[Step], today: dt.date) -> int:
    """The streak in one query when it breaks within STREAK_FIRST_LOOK_DAYS, else two."""
    if not steps:
        return 0
    done: set[tuple[dt.date, int]] = set()
    newest = today
    for window in (STREAK_FIRST_LOOK_DAYS, STREAK_WINDOW_DAYS):
        oldest = today - dt.timedelta(days=window)
        done |= set(
            CheckIn.objects.filter(
                user=user, date__gt=oldest, date__lte=newest, status=CheckIn.Status.DONE
            ).values_list("date", "step_id")
        )
        count, unbroken = schedule.streak_run(steps, done, today, limit_days=window)
        if not unbroken:
            break
        newest = oldest
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


def user_steps(user):
    """The user's steps in active routines, ready for the schedule engine and templates."""
    return (
        Step.objects.filter(routine__user=user, routine__is_active=True)
        .select_related("routine", "product__brand", "alternate_with__product__brand")
        .order_by("routine__period", "routine__name", "routine_id", "position", "pk")
    )


def build_history(user, first: dt.date, today: dt.date) -> dict:
    """Template context for one month: calendar, totals, chart and month navigation."""
    last = month_end(first)
    steps = list(user_steps(user))
    marks = {
        (d, step_id): status
        for d, step_id, status in CheckIn.objects.filter(
            user=user, date__gte=first, date__lte=last
        ).values_list("date", "step_id", "status")
    }
    logs = list(SkinLog.objects.filter(user=user, date__gte=first, date__lte=last))
    weeks = month_calendar(steps, marks, first, today)
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
        "has_steps": bool(steps),
        "today": today,
    }
