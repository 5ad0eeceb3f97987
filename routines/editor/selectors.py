"""Reads for the editor: the steps the advice rules look at, and their facts."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from django.db import models

from catalog.models import without_search_vectors
from routines.editor.rules import StepFacts
from routines.models import Routine, Step
from routines.ownproducts.selectors import Ingredients, key_for


def advice_facts(steps: Iterable[Step], ingredients: Ingredients) -> list:
    """StepFacts for the advice rules; roles come from `ingredients` (ingredients_for), so a
    catalog product and an own product with a pasted list are judged alike."""

    def base(step: Step) -> StepFacts:
        product = step.product if step.product_id else None
        roles = ingredients.roles(step)
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
            product_key=key_for(step),
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
    a routine being edited even if switched off)."""
    where = models.Q(routine__user=user, routine__is_active=True, routine__deleted_at=None)
    if include is not None:
        where |= models.Q(routine=include)
    return without_search_vectors(
        Step.objects.filter(where, ended_on=None)
        .select_related("routine", "product__brand", "alternate_with__product__brand")
        .order_by("routine__period", "routine__name", "routine_id", "position", "pk"),
        "product",
        "alternate_with__product",
    )
