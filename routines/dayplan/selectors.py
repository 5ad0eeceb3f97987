"""Reads that feed the day plan: a user's steps (with their earlier schedule versions),
patch tests (with their reads) and procedures, as plain records, in five queries whatever
the amount of history.

Every part that says what is due (Today, the streak, History, reminders, notifications,
the calendar feed, the printable summary) loads a `PlanData` here and asks it; none of
them looks at a step's schedule on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from catalog.models import without_search_vectors
from routines.dayplan import holds as patch
from routines.dayplan import rules as dayplan
from routines.dayplan.holds import Hold, PatchFacts, PatchRead
from routines.dayplan.rules import DayPlan, PlanStep, Version
from routines.models import PatchTest, Procedure, Routine, Step, product_key
from routines.ownproducts.selectors import ingredients_for
from routines.safety import rules as safety
from routines.safety.rules import Window


@dataclass
class PlanData:
    """Everything the day plan needs for one user, loaded once."""

    zone: ZoneInfo
    steps: list[Step]  # rows in display order, ended ones included
    plan_steps: list[PlanStep]
    holds: list[Hold]
    windows: list[Window]
    tests: list[PatchTest] = field(default_factory=list)
    procedures: list[Procedure] = field(default_factory=list)

    def __post_init__(self):
        self.windows = safety.merge_windows(self.windows)
        self.by_pk = {s.pk: s for s in self.steps}

    def day(self, day: dt.date, *, with_reasons: bool = True) -> DayPlan:
        return dayplan.plan_day(
            self.plan_steps, day, holds=self.holds, windows=self.windows, with_reasons=with_reasons
        )

    def days(self, first: dt.date, last: dt.date) -> dict[dt.date, DayPlan]:
        return dayplan.plan_days(
            self.plan_steps, first, last, holds=self.holds, windows=self.windows
        )

    def streak(self, done: set[tuple[dt.date, int]], today: dt.date, limit_days: int):
        return dayplan.streak(
            self.plan_steps,
            done,
            today,
            holds=self.holds,
            windows=self.windows,
            limit_days=limit_days,
        )

    def first_day(self) -> dt.date | None:
        """The first day any step (in any version) began: History opens no earlier."""
        starts = [min([s.start_date, *(v.start_date for v in s.versions)]) for s in self.plan_steps]
        return min(starts, default=None)

    def window_on(self, day: dt.date) -> Window | None:
        return safety.window_on(self.windows, day)


def plan_step_rows(user):
    """The user's steps in active routines, ended and deleted-routine ones included."""
    return without_search_vectors(
        Step.objects.filter(routine__user=user, routine__is_active=True)
        .select_related("routine", "product__brand")
        .prefetch_related("versions")
        .order_by("routine__period", "routine__name", "routine_id", "position", "pk"),
        "product",
    )


def _local(moment: dt.datetime | None, zone: ZoneInfo) -> dt.date | None:
    return moment.astimezone(zone).date() if moment is not None else None


def to_plan_step(step: Step, zone: ZoneInfo, roles: frozenset[str] = frozenset()) -> PlanStep:
    ended = [d for d in (step.ended_on, _local(step.routine.deleted_at, zone)) if d]
    return PlanStep(
        pk=step.pk,
        routine_id=step.routine_id,
        period=step.routine.period,
        name=step.name,
        kind=step.kind,
        start_date=step.start_date,
        schedule=step.schedule,
        interval_days=step.interval_days,
        weekdays=step.weekdays,
        alternate_with=step.alternate_with_id,
        product_key=product_key(step.product_id, step.custom_name),
        ended_on=min(ended) if ended else None,
        roles=roles,
        versions=tuple(
            Version(
                valid_to=v.valid_to,
                kind=v.kind,
                schedule=v.schedule,
                start_date=v.start_date,
                interval_days=v.interval_days,
                weekdays=v.weekdays,
                alternate_with=v.alternate_with_id,
            )
            for v in step.versions.all()
        ),
    )


def patch_facts(test: PatchTest, zone: ZoneInfo) -> PatchFacts:
    """A test and its reads as the plan sees them (a result stored before tests had
    separate reads counts as one read at the time it was recorded)."""
    reads = [PatchRead(r.read_at, _local(r.read_at, zone), r.result) for r in test.reads.all()]
    if not reads and test.result and test.result_at is not None:
        reads = [PatchRead(test.result_at, _local(test.result_at, zone), test.result)]
    return PatchFacts(
        pk=test.pk,
        product_key=product_key(test.product_id, test.product_name),
        started_at=test.started_at,
        started_on=_local(test.started_at, zone),
        reads=tuple(reads),
        abandoned_on=_local(test.abandoned_at, zone),
        overridden_on=_local(test.overridden_at, zone),
        final_read_on=_local(patch.patch_final_read_at(test.started_at), zone),
    )


def user_patch_tests(user):
    return PatchTest.objects.filter(user=user).prefetch_related("reads")


def load_plan(user, zone: ZoneInfo) -> PlanData:
    """The user's day-plan inputs in five queries; with a procedure on record, up to five
    more read what each product contains, since recovery pauses a retinoid or an acid by
    its ingredients as well as by the step's kind (a cream with retinol, a glycolic toner)."""
    steps = list(plan_step_rows(user))
    tests = list(user_patch_tests(user))
    procedures = list(Procedure.objects.filter(user=user).order_by("date", "pk"))
    ingredients = ingredients_for(user, steps) if procedures and steps else None
    return PlanData(
        zone=zone,
        steps=steps,
        plan_steps=[
            to_plan_step(s, zone, ingredients.roles(s) if ingredients else frozenset())
            for s in steps
        ],
        holds=patch.holds_from_tests(patch_facts(t, zone) for t in tests),
        windows=[
            Window(p.date, p.date + dt.timedelta(days=p.recovery_days), (p.pk,)) for p in procedures
        ],
        tests=tests,
        procedures=procedures,
    )


def live_routines(user):
    """Routines shown on Today and in the editor: active and not deleted."""
    return Routine.objects.filter(user=user, is_active=True, deleted_at=None)
