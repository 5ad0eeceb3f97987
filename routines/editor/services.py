"""Routine editor workflows: reorder and remove steps, copy a starter."""

from __future__ import annotations

import datetime as dt

from django.db import models, transaction

from routines.errors import ActionRefused
from routines.models import Routine, Step


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
