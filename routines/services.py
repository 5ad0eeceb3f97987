"""Workflows that touch several models: blockers, check-ins, skin logs, starters, reordering.

`step_blockers` is the one place other features (patch tests, recovery windows) plug in
to take a step out of the day: Today shows a blocked step with its message instead of a
checkbox, the editor shows the message beside the step, the advice rules leave it out
of same-night conflicts, and check-ins for it are refused.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, models, transaction

from routines import schedule
from routines.models import CheckIn, Routine, Step
from routines.safety_services import safety_blockers


class BlockerKind(models.TextChoices):
    TESTING = "testing", "Patch test running"
    STOPPED = "stopped", "Stopped after a reaction"
    PAUSED = "paused", "Paused during recovery"


@dataclass(frozen=True)
class Blocker:
    """Why a step cannot be done on a given day, and where to read more."""

    kind: str  # a BlockerKind value
    message: str
    link: str = ""

    @property
    def label(self) -> str:
        return BlockerKind(self.kind).label


def step_blockers(user, steps: Iterable[Step], local_date: dt.date) -> dict[int, Blocker]:
    """Blockers for `steps` on `local_date`, keyed by step id, in two queries.

    Patch tests gate a product until it passes (or stop it after a reaction) and open
    recovery windows pause retinoid/exfoliant steps: rules in routines/safety.py, data
    gathered by routines.safety_services.safety_blockers.
    """
    return {
        step_id: Blocker(kind=found.state, message=found.message, link=found.url)
        for step_id, found in safety_blockers(user, list(steps), local_date).items()
    }


class ActionRefused(Exception):
    """An action the user asked for that cannot be done; the message is shown to them."""


def checkable_dates(today: dt.date) -> tuple[dt.date, dt.date]:
    """Days a user may tick or untick: today and yesterday (never the future)."""
    return (today - dt.timedelta(days=1), today)


def user_steps(user):
    """The user's steps in active routines, ready for the schedule engine and templates."""
    return (
        Step.objects.filter(routine__user=user, routine__is_active=True)
        .select_related("routine", "product__brand", "alternate_with__product__brand")
        .order_by("routine__period", "routine__name", "routine_id", "position", "pk")
    )


def record_check_in(user, step: Step, day: dt.date, status: str, *, today: dt.date) -> CheckIn:
    """Mark `step` done or skipped on `day`. Refuses future days, older days, unscheduled
    or blocked steps, and a repeat of the same mark."""
    if status not in CheckIn.Status.values:
        raise ActionRefused("Choose done or skipped.")
    _check_day(step, day, today)
    if not step.routine.is_active:
        raise ActionRefused(f"“{step.name}” is in a routine that is switched off.")
    blocker = step_blockers(user, [step], day).get(step.pk)
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


def move_step(step: Step, direction: str) -> None:
    """Swap `step` with its neighbour above ("up") or below ("down") in its routine."""
    siblings = list(Step.objects.filter(routine_id=step.routine_id).order_by("position", "pk"))
    if direction not in ("up", "down"):
        raise ActionRefused("Choose whether to move the step up or down.")
    index = next(i for i, s in enumerate(siblings) if s.pk == step.pk)
    target = index - 1 if direction == "up" else index + 1
    if target < 0:
        raise ActionRefused(f"“{step.name}” is already the first step.")
    if target >= len(siblings):
        raise ActionRefused(f"“{step.name}” is already the last step.")
    siblings[index], siblings[target] = siblings[target], siblings[index]
    _renumber(siblings)


def _renumber(steps: list[Step]) -> None:
    changed = []
    for position, sibling in enumerate(steps):
        if sibling.position != position:
            sibling.position = position
            changed.append(sibling)
    if changed:
        Step.objects.bulk_update(changed, ["position"])


def next_position(routine: Routine) -> int:
    last = routine.steps.aggregate(top=models.Max("position"))["top"]
    return 0 if last is None else last + 1


def remove_step(step: Step) -> None:
    """Delete a step (and its check-ins) and close the gap in the numbering."""
    routine_id = step.routine_id
    with transaction.atomic():
        # A step that alternated with this one falls back to every other day.
        step.delete()
        _renumber(list(Step.objects.filter(routine_id=routine_id).order_by("position", "pk")))


def advice_facts(steps: Iterable[Step]) -> list:
    """StepFacts for the advice rules. Needs `product__ingredients` prefetched."""
    from routines.advice import StepFacts

    def base(step: Step) -> StepFacts:
        product = step.product if step.product_id else None
        roles = frozenset(i.role for i in product.ingredients.all()) if product else frozenset()
        return StepFacts(
            pk=step.pk,
            routine_id=step.routine_id,
            routine_name=step.routine.name,
            period=step.routine.period,
            position=step.position,
            name=step.name,
            kind=step.kind,
            start_date=step.start_date,
            schedule=step.schedule,
            interval_days=step.interval_days,
            weekdays=step.weekdays,
            roles=roles,
            product_key=(f"p{step.product_id}" if product else f"n{step.custom_name.casefold()}"),
            needs_refrigeration=bool(product and product.needs_refrigeration),
        )

    steps = list(steps)
    plain = {step.pk: base(step) for step in steps}
    facts = []
    for step in steps:
        fact = plain[step.pk]
        if step.alternate_with_id:
            # Partners are chosen from the same routine, so they are in `plain`.
            partner = plain.get(step.alternate_with_id)
            fact = dataclasses.replace(fact, alternate_with=partner)
        facts.append(fact)
    return facts


def advice_steps(user, include: Routine | None = None):
    """Every step the advice rules look at: the user's active routines (plus `include`,
    a routine being edited even if switched off), with ingredient roles."""
    where = models.Q(routine__user=user, routine__is_active=True)
    if include is not None:
        where |= models.Q(routine=include)
    return (
        Step.objects.filter(where)
        .select_related("routine", "product__brand", "alternate_with__product__brand")
        .prefetch_related("product__ingredients")
        .order_by("routine__period", "routine__name", "routine_id", "position", "pk")
    )


def copy_starter(user, starter, *, today: dt.date) -> list[Routine]:
    """Create the user's own routines from a starter template, all steps starting today."""
    from catalog.models import Product

    slugs = {s.product_slug for r in starter.routines for s in r.steps if s.product_slug}
    products = {p.slug: p for p in Product.objects.published().filter(slug__in=slugs)}
    created = []
    with transaction.atomic():
        for template in starter.routines:
            routine = Routine.objects.create(user=user, name=template.name, period=template.period)
            steps = []
            for position, item in enumerate(template.steps):
                product = products.get(item.product_slug)
                steps.append(
                    Step(
                        routine=routine,
                        position=position,
                        product=product,
                        custom_name="" if product else item.name,
                        kind=item.kind,
                        schedule=item.schedule,
                        start_date=today,
                        notes=item.notes,
                    )
                )
            Step.objects.bulk_create(steps)
            links = []
            for step, item in zip(steps, template.steps, strict=True):
                if item.alternate_with is not None:
                    step.alternate_with = steps[item.alternate_with]
                    links.append(step)
            if links:
                Step.objects.bulk_update(links, ["alternate_with"])
            created.append(routine)
    return created


def save_skin_log(user, day: dt.date, data: dict):
    """Create or replace the skin log for `day`."""
    from routines.models import SkinLog

    log, _ = SkinLog.objects.update_or_create(
        user=user,
        date=day,
        defaults={k: data[k] for k in ("redness", "dryness", "irritation", "note")},
    )
    return log
