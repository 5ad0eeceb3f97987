"""Layering and conflict advice for a user's routines. Pure rules, no ORM.

Each rule looks at plain `StepFacts` (built from Step rows by `facts_for`) and returns
`Advice` items: what to change, why, and where the guide explains it. Steps taken out
of the day (paused by a recovery window, gated by a patch test) can be left out of the
same-night conflict rules with `paused_kinds` / `excluded_step_ids`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from routines import schedule
from routines.editor.rules.facts import *  # noqa: F403 (the names the rules share)
from routines.editor.rules.facts import (
    BIOLOGIC,
    CLEANSER,
    LINK_FREQUENCY,
    LINK_ORDER,
    LINK_STORAGE,
    NEW_PRODUCT_DAYS,
    SUNSCREEN,
    TEXTURE_RANK,
    TRACE_RECENT_DAYS,
    TRACE_WINDOW_DAYS,
    Advice,
    StepFacts,
    _by_routine,
    _share_a_day,
)
from routines.editor.rules.pairing import (
    exfoliant_with_biologic,
    retinoid_with_acid,
    retinoid_with_biologic,
    same_product_twice,
)

__all__ = [
    "Advice",
    "StepFacts",
    "advise",
    "exfoliant_with_biologic",
    "for_step",
    "retinoid_with_acid",
    "retinoid_with_biologic",
    "same_product_twice",
]


def advise(
    steps: Iterable[StepFacts],
    today: dt.date,
    *,
    paused_kinds: frozenset[str] = frozenset(),
    excluded_step_ids: frozenset[int] = frozenset(),
) -> list[Advice]:
    """All advice for the given steps (usually every step in the user's active routines)."""
    steps = list(steps)
    live = [
        s
        for s in steps
        if s.pk not in excluded_step_ids
        and s.kind not in paused_kinds
        and not (s.roles & paused_kinds)
    ]
    result: list[Advice] = []
    for routine_steps in _by_routine(steps).values():
        result += biologic_first(routine_steps, today)
        result += thin_before_thick(routine_steps, today)
        result += sunscreen_last(routine_steps)
    result += retinoid_with_biologic(live, today)
    result += retinoid_with_acid(live, today)
    result += same_product_twice(steps)
    result += exfoliant_with_biologic(live, today)
    result += new_biologic_too_often(live, today)
    result += new_actives_together(steps, today)
    result += storage(steps)
    return result


def biologic_first(routine_steps: list[StepFacts], today: dt.date) -> list[Advice]:
    """A biologic serum belongs straight after cleansing: only cleansers (or another
    biologic, or a step that is never used on the same day) before it."""
    result = []
    for index, step in enumerate(routine_steps):
        if not step.is_biologic:
            continue
        blockers = [
            s
            for s in routine_steps[:index]
            if s.kind not in (CLEANSER, BIOLOGIC) and _share_a_day(s, step, today)
        ]
        if blockers:
            result.append(
                Advice(
                    rule="biologic_first",
                    routine_id=step.routine_id,
                    step_id=step.pk,
                    message=f"Move {step.name} up to straight after cleansing.",
                    reason=(
                        f"Growth factors and exosomes are fragile; they have the best chance "
                        f"of getting in straight onto freshly cleansed, dry skin. Here "
                        f"{blockers[0].name} goes on before it."
                    ),
                    link=LINK_ORDER,
                )
            )
    return result


def thin_before_thick(routine_steps: list[StepFacts], today: dt.date) -> list[Advice]:
    """Thinner textures before thicker ones on the days both are used (biologics are
    covered by biologic_first)."""
    result = []
    for index, step in enumerate(routine_steps):
        rank = TEXTURE_RANK.get(step.kind)
        if rank is None or step.is_biologic or step.kind == SUNSCREEN:
            continue
        thicker = [
            s
            for s in routine_steps[:index]
            if s.kind != SUNSCREEN  # sunscreen_last covers it
            and TEXTURE_RANK.get(s.kind) is not None
            and TEXTURE_RANK[s.kind] > rank
            and _share_a_day(s, step, today)
        ]
        if thicker:
            result.append(
                Advice(
                    rule="thin_before_thick",
                    routine_id=step.routine_id,
                    step_id=step.pk,
                    message=f"Put {step.name} before {thicker[0].name}.",
                    reason=(
                        "Layer from thinnest to thickest: a cream or oil applied first holds "
                        "back what goes on over it."
                    ),
                    link=LINK_ORDER,
                )
            )
    return result


def sunscreen_last(routine_steps: list[StepFacts]) -> list[Advice]:
    """In the morning, sunscreen is the final layer."""
    result = []
    for index, step in enumerate(routine_steps):
        if step.kind != SUNSCREEN or step.period != "am":
            continue
        after = routine_steps[index + 1 :]
        if after:
            result.append(
                Advice(
                    rule="sunscreen_last",
                    routine_id=step.routine_id,
                    step_id=step.pk,
                    message=f"Make {step.name} the last step of the morning.",
                    reason=(
                        f"Sunscreen protects best as the top layer; {after[0].name} comes after "
                        f"it here."
                    ),
                    link=LINK_ORDER,
                )
            )
    return result


def new_biologic_too_often(steps: list[StepFacts], today: dt.date) -> list[Advice]:
    """A biologic started under two weeks ago and used morning and evening on the same day:
    start once a day or every other day."""
    result = []
    biologics = [s for s in steps if s.is_biologic and s.product_key]
    for step in biologics:
        if (today - step.start_date).days >= NEW_PRODUCT_DAYS:
            continue
        twins = [
            s
            for s in biologics
            if s.pk != step.pk and s.product_key == step.product_key and s.period != step.period
        ]
        first = max(today, step.start_date)
        window = list(schedule.days_between(first, first + dt.timedelta(days=13)))
        if any(
            schedule.is_scheduled(step, d) and schedule.is_scheduled(t, d)
            for t in twins
            for d in window
        ):
            result.append(
                Advice(
                    rule="new_biologic_too_often",
                    routine_id=step.routine_id,
                    step_id=step.pk,
                    message=(
                        f"{step.name} is new and due twice on some days. Start with once a day "
                        f"or every other day."
                    ),
                    reason=(
                        "Building up slowly shows how your skin tolerates it; go to twice a day "
                        "only if it suits you and the brand suggests it."
                    ),
                    link=LINK_FREQUENCY,
                )
            )
    return result


def new_actives_together(steps: list[StepFacts], today: dt.date) -> list[Advice]:
    """Different actives started within two weeks of one another (and recently): a
    reaction could not be pinned on any one of them. One note per group of products."""
    firsts: dict[str, StepFacts] = {}
    for step in sorted(steps, key=lambda s: (s.start_date, s.pk)):
        if step.is_active:
            firsts.setdefault(step.product_key or f"step{step.pk}", step)
    actives = sorted(firsts.values(), key=lambda s: (s.start_date, s.pk))
    groups: list[list[StepFacts]] = []
    for step in actives:
        if groups and (step.start_date - groups[-1][-1].start_date).days < TRACE_WINDOW_DAYS:
            groups[-1].append(step)
        else:
            groups.append([step])
    result = []
    for group in groups:
        latest = group[-1]
        if len(group) < 2 or (today - latest.start_date).days >= TRACE_RECENT_DAYS:
            continue
        names = [s.name for s in group]
        listed = ", ".join(names[:-1]) + " and " + names[-1]
        result.append(
            Advice(
                rule="new_actives_together",
                routine_id=latest.routine_id,
                step_id=latest.pk,
                message=f"{listed} all started within two weeks of each other.",
                reason=(
                    "With several new actives this close together, a reaction could come from "
                    "any of them and you could not tell which. Bring in one at a time; this "
                    "site suggests about two weeks between them (our default, not a clinical "
                    "rule, and your clinician's advice comes first)."
                ),
                link=LINK_FREQUENCY,
            )
        )
    return result


def storage(steps: list[StepFacts]) -> list[Advice]:
    """Products the brand says to keep cold."""
    seen = set()
    result = []
    for step in steps:
        key = step.product_key or f"step{step.pk}"
        if not step.needs_refrigeration or key in seen:
            continue
        seen.add(key)
        result.append(
            Advice(
                rule="storage",
                routine_id=step.routine_id,
                step_id=step.pk,
                message=f"Keep {step.name} in the fridge.",
                reason=(
                    "The brand ships or stores it cold; warmth and light can break down the "
                    "active ingredients before you use them."
                ),
                link=LINK_STORAGE,
                level="info",
            )
        )
    return result


def for_step(advice: Iterable[Advice]) -> dict[int, list[Advice]]:
    """Group advice by the step it points at."""
    grouped: dict[int, list[Advice]] = {}
    for item in advice:
        if item.step_id is not None:
            grouped.setdefault(item.step_id, []).append(item)
    return grouped
