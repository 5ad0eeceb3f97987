"""Pairing rules: actives due on the same night (a retinoid or an acid with a biologic, a
retinoid with an acid) and the same product twice in one routine. Pure, no ORM."""

from __future__ import annotations

import datetime as dt

from routines.editor.rules.facts import LINK_ORDER, LINK_PAIRING, Advice, StepFacts, _same_night


def _clashes_with_biologic(steps, today, is_active):
    """(active step, biologic step) pairs due on the same night."""
    for active in (s for s in steps if is_active(s) and not s.is_biologic):
        for biologic in (s for s in steps if s.is_biologic):
            if _same_night(active, biologic, today):
                yield active, biologic


def retinoid_with_biologic(steps: list[StepFacts], today: dt.date) -> list[Advice]:
    """A retinoid and a biologic serum due on the same night: suggest alternating nights."""
    return [
        Advice(
            rule="retinoid_with_biologic",
            routine_id=retinoid.routine_id,
            step_id=retinoid.pk,
            message=(
                f"Use {retinoid.name} and {biologic.name} on alternate nights "
                f"(schedule one as “Alternate nights with” the other)."
            ),
            reason=(
                "Both are due on some of the same nights. If your skin gets irritated, "
                "splitting them across nights is the usual fix."
            ),
            link=LINK_PAIRING,
        )
        for retinoid, biologic in _clashes_with_biologic(steps, today, lambda s: s.is_retinoid)
    ]


def exfoliant_with_biologic(steps: list[StepFacts], today: dt.date) -> list[Advice]:
    """An exfoliant/acid due on the same night as a biologic serum: suggest staggering."""
    return [
        Advice(
            rule="exfoliant_with_biologic",
            routine_id=acid.routine_id,
            step_id=acid.pk,
            message=f"Stagger {acid.name} and {biologic.name} onto different nights.",
            reason=(
                "Acids and exfoliants can irritate while a repair serum is working; keeping "
                "them apart gives the serum room."
            ),
            link=LINK_PAIRING,
        )
        for acid, biologic in _clashes_with_biologic(steps, today, lambda s: s.is_exfoliant)
    ]


def retinoid_with_acid(steps: list[StepFacts], today: dt.date) -> list[Advice]:
    """A retinoid and an AHA/BHA (step or ingredient) due on the same night: alternate."""
    result = []
    for acid in (s for s in steps if s.is_exfoliant and not s.is_retinoid):
        retinoid = next(
            (r for r in steps if r.is_retinoid and r.pk != acid.pk and _same_night(r, acid, today)),
            None,
        )
        if retinoid is not None:
            result.append(
                Advice(
                    rule="retinoid_with_acid",
                    routine_id=acid.routine_id,
                    step_id=acid.pk,
                    message=(
                        f"Put {acid.name} and {retinoid.name} on alternate nights (schedule "
                        f"one as “Alternate nights with” the other)."
                    ),
                    reason=(
                        "Retinoids and exfoliating acids can both irritate; staggering them, or "
                        "using them on alternate nights, keeps that down."
                    ),
                    link=LINK_PAIRING,
                )
            )
    return result


def same_product_twice(steps: list[StepFacts]) -> list[Advice]:
    """The same product twice in one routine: one layer is enough."""
    seen: set[tuple[int, str]] = set()
    result = []
    for step in sorted(steps, key=lambda s: (s.routine_id, s.position, s.pk)):
        key = (step.routine_id, step.product_key)
        if not step.product_key or key not in seen:
            seen.add(key)
            continue
        result.append(
            Advice(
                rule="same_product_twice",
                routine_id=step.routine_id,
                step_id=step.pk,
                message=f"{step.name} is in {step.routine_name} twice. Remove one of them.",
                reason="A second layer of the same product in one routine adds nothing.",
                link=LINK_ORDER,
            )
        )
    return result
