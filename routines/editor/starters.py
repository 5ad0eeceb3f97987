"""The three example routines from the guide, as templates a user copies and then edits.

Pure data. A step names a catalog product by slug when one fits; if that product is not
in the catalog (or not published) the copy uses the plain name instead.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StarterStep:
    name: str
    kind: str
    schedule: str = "daily"
    product_slug: str = ""
    alternate_with: int | None = None  # index of another step in the same routine
    notes: str = ""


@dataclass(frozen=True)
class StarterRoutine:
    name: str
    period: str
    steps: tuple[StarterStep, ...]


@dataclass(frozen=True)
class Starter:
    slug: str
    title: str
    summary: str
    routines: tuple[StarterRoutine, ...]
    tips: tuple[str, ...] = ()


STARTERS = (
    Starter(
        slug="post-procedure-recovery",
        title="Recovery after microneedling or laser",
        summary=(
            "A calm, short routine for the weeks right after an in-office treatment, built "
            "around a reparative serum at night."
        ),
        routines=(
            StarterRoutine(
                "Recovery morning",
                "am",
                (
                    StarterStep("Gentle cleanser", "cleanser"),
                    StarterStep(
                        "Antioxidant serum",
                        "antioxidant",
                        notes="Only if your clinician is happy for you to use one.",
                    ),
                    StarterStep("Light moisturiser", "moisturiser"),
                    StarterStep("Mineral sunscreen", "sunscreen"),
                ),
            ),
            StarterRoutine(
                "Recovery evening",
                "pm",
                (
                    StarterStep(
                        "Saline or clinician-recommended cleanse",
                        "cleanser",
                    ),
                    StarterStep(
                        "Reparative stem-cell serum",
                        "biologic",
                        notes="Straight after cleansing, once the skin is dry.",
                    ),
                    StarterStep("Recovery balm or ointment", "occlusive"),
                ),
            ),
        ),
        tips=(
            "Your clinician's aftercare instructions come first.",
            "Keep the reparative serum going for the recovery window, usually one to two "
            "weeks, then move back to your everyday routine.",
            "When you log the procedure, the recovery length we suggest is this site's "
            "default; change it to what your clinician told you.",
        ),
    ),
    Starter(
        slug="mature-skin-texture",
        title="Mature skin: texture and firmness",
        summary=(
            "Vitamin C in the morning, and at night a retinoid and a stem-cell serum on "
            "alternate nights to keep irritation down."
        ),
        routines=(
            StarterRoutine(
                "Firming morning",
                "am",
                (
                    StarterStep("Gentle cleanser", "cleanser"),
                    StarterStep("Vitamin C serum", "antioxidant"),
                    StarterStep(
                        "Hydrating serum (or the stem-cell serum)",
                        "hydrating",
                        notes=(
                            "Optional: you can use the stem-cell serum here in the morning too, "
                            "or keep to a plain hydrating serum."
                        ),
                    ),
                    StarterStep("Moisturiser", "moisturiser"),
                    StarterStep("Sunscreen", "sunscreen"),
                ),
            ),
            StarterRoutine(
                "Firming evening",
                "pm",
                (
                    StarterStep("Cleanser", "cleanser"),
                    StarterStep("Retinoid", "retinoid", schedule="every_other_day"),
                    StarterStep(
                        "Stem-cell serum",
                        "biologic",
                        schedule="alternate",
                        alternate_with=1,
                        notes="On the nights without the retinoid.",
                    ),
                    StarterStep("Moisturiser", "moisturiser"),
                ),
            ),
        ),
        tips=(
            "If your skin stays calm, you can decide later whether both actives can share a night.",
        ),
    ),
    Starter(
        slug="sensitive-minimal",
        title="Sensitive skin: keep it minimal",
        summary=(
            "Few products and few extra ingredients, with a minimal-formula reparative "
            "serum at night."
        ),
        routines=(
            StarterRoutine(
                "Gentle morning",
                "am",
                (
                    StarterStep("Gentle cleanser", "cleanser"),
                    StarterStep("Hyaluronic acid serum", "hydrating"),
                    StarterStep("Moisturiser", "moisturiser"),
                    StarterStep("Sunscreen", "sunscreen"),
                ),
            ),
            StarterRoutine(
                "Gentle evening",
                "pm",
                (
                    StarterStep("Cleanser", "cleanser"),
                    StarterStep(
                        "Symbiome The Answer Reparative Serum",
                        "biologic",
                        schedule="every_other_day",
                        product_slug="symbiome-the-answer-reparative-serum",
                        notes="Start every other day; use it more often once your skin is fine.",
                    ),
                    StarterStep("Simple moisturiser", "moisturiser"),
                ),
            ),
        ),
        tips=("Patch test the serum first and build up how often you use it slowly.",),
    ),
)

BY_SLUG = {starter.slug: starter for starter in STARTERS}


def product_slugs() -> set[str]:
    return {
        s.product_slug for st in STARTERS for r in st.routines for s in r.steps if s.product_slug
    }


# Kinds the one-new-active-at-a-time rule counts (mirrors routines.editor.rules.ACTIVE_KINDS)
# and how far apart their first days are (its TRACE_WINDOW_DAYS).
ACTIVE_KINDS = frozenset({"biologic", "retinoid", "exfoliant", "antioxidant"})
ACTIVE_SPACING_DAYS = 14


def start_offsets(starter: Starter) -> dict[tuple[int, int], int]:
    """Days after the copy at which each step starts: (routine index, step index) → days.

    Plain steps start at once. Each distinct active starts two weeks after the one before,
    so a reaction can be pinned on one product; reparative (biologic) serums come first,
    since recovery cannot wait for them, then the others in the order they appear.
    """
    actives: list[str] = []
    places = [
        (r, s, item)
        for r, routine in enumerate(starter.routines)
        for s, item in enumerate(routine.steps)
    ]
    ordered = sorted(
        (p for p in places if p[2].kind in ACTIVE_KINDS), key=lambda p: p[2].kind != "biologic"
    )
    for _, _, item in ordered:
        key = item.product_slug or item.name.casefold()
        if key not in actives:
            actives.append(key)
    offsets = {}
    for r, s, item in places:
        if item.kind in ACTIVE_KINDS:
            key = item.product_slug or item.name.casefold()
            offsets[(r, s)] = actives.index(key) * ACTIVE_SPACING_DAYS
        else:
            offsets[(r, s)] = 0
    return offsets
