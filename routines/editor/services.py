"""Routine editor workflows: reorder and remove steps, copy a starter."""

from __future__ import annotations

import datetime as dt

from django.db import models, transaction
from django.db.models import F

from routines.editor.starters import start_offsets
from routines.errors import ActionRefused, StaleEdit
from routines.models import Routine, Step, StepVersion


def move_step(step: Step, direction: str) -> None:
    """Swap `step` with its neighbour above ("up") or below ("down") in its routine."""
    siblings = list(
        Step.objects.filter(routine_id=step.routine_id, ended_on=None).order_by("position", "pk")
    )
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


# Fields whose change alters which days a step is due (kept as a StepVersion when changed).
SCHEDULE_FIELDS = (
    "kind",
    "schedule",
    "interval_days",
    "weekdays",
    "alternate_with_id",
    "start_date",
)
# How long a deleted routine can be restored from the routine list.
ROUTINE_RESTORE_DAYS = 30


def save_step_settings(step: Step, form, *, revision: int, today: dt.date) -> Step:
    """Save the editor's form for `step` unless it changed since the form was loaded.

    Before a change to the schedule takes effect (from `today`), the schedule that applied
    until now is kept as a StepVersion, so History's earlier days do not change.
    """
    with transaction.atomic():
        before = Step.objects.select_for_update().get(pk=step.pk)
        if before.revision != revision:
            raise StaleEdit(
                f"{before.name} was changed in another tab or device after you opened this "
                "form. Its current settings are shown now: make your change again.",
                before,
            )
        changed = any(getattr(before, f) != getattr(step, f) for f in SCHEDULE_FIELDS)
        if changed and before.start_date < today:
            earlier = before.versions.order_by("-valid_to").first()
            valid_from = earlier.valid_to if earlier else before.start_date
            if valid_from < today:
                StepVersion.objects.get_or_create(
                    step=before,
                    valid_to=today,
                    defaults={
                        "valid_from": valid_from,
                        "kind": before.kind,
                        "schedule": before.schedule,
                        "interval_days": before.interval_days,
                        "weekdays": before.weekdays,
                        "alternate_with_id": before.alternate_with_id,
                        "start_date": before.start_date,
                    },
                )
        step = form.save(commit=False)
        step.revision = before.revision + 1
        step.save()
    return step


def remove_step(step: Step, *, today: dt.date) -> None:
    """Remove a step from the routine from `today` on; its check-ins stay in History."""
    Step.objects.filter(pk=step.pk, ended_on=None).update(
        ended_on=today, revision=F("revision") + 1
    )


def restore_step(step: Step) -> None:
    """Undo a removal: the step is back in its routine."""
    if step.ended_on is None:
        raise ActionRefused(f"{step.name} is still in the routine.")
    Step.objects.filter(pk=step.pk).update(ended_on=None, revision=F("revision") + 1)


def delete_routine(routine: Routine, *, now: dt.datetime) -> None:
    """Delete a routine so it can be restored for ROUTINE_RESTORE_DAYS."""
    Routine.objects.filter(pk=routine.pk, deleted_at=None).update(deleted_at=now)


def restore_routine(routine: Routine, *, now: dt.datetime) -> None:
    """Undo a deletion within ROUTINE_RESTORE_DAYS."""
    if routine.deleted_at is None:
        raise ActionRefused(f"“{routine.name}” is not deleted.")
    if now - routine.deleted_at > dt.timedelta(days=ROUTINE_RESTORE_DAYS):
        raise ActionRefused(
            f"“{routine.name}” was deleted more than {ROUTINE_RESTORE_DAYS} days ago and can "
            "no longer be restored."
        )
    Routine.objects.filter(pk=routine.pk).update(deleted_at=None)


def copy_starter(user, starter, *, today: dt.date) -> list[Routine]:
    """Create the user's own routines from a starter template. Plain steps start today;
    actives start two weeks apart (a reparative serum first), the one-new-active rule the
    guide teaches."""
    from catalog.models import Product

    offsets = start_offsets(starter)

    slugs = {s.product_slug for r in starter.routines for s in r.steps if s.product_slug}
    products = {p.slug: p for p in Product.objects.published().filter(slug__in=slugs)}
    created = []
    with transaction.atomic():
        for r_index, template in enumerate(starter.routines):
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
                        start_date=today + dt.timedelta(days=offsets[(r_index, position)]),
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
