"""Cautions a reader should see before using a product. Pure rules, no database access.

`product_cautions(product)` takes anything shaped like catalog.models.Product with
`ingredient_list` (items with .name and .rule_roles: their own role and their classes');
routines passes its users' own products in the same shape, so both get the same cautions.
"""

from dataclasses import dataclass
from enum import StrEnum

from catalog.ingredient_roles import harsh_in, roles_of

HUMAN_SOURCES = frozenset({"fibroblast_cm", "adipose_cm", "cutaneous_lysate"})

# One voice on safety: the guide (how-to-use, "Patch testing"), these cautions and the
# routines' patch-test flow all use these sentences word for word; tests check they match.
PATCH_TEST_STEPS = (
    "Put a little on the inside of your forearm or behind one ear and check the spot over "
    "48 to 72 hours."
)
IRRITATED_PATCH = (
    "If the patch becomes irritated, do not use the product on your face; if the reaction "
    "lasts or worries you, talk to a clinician."
)


class CautionKind(StrEnum):
    PATCH_TEST = "patch_test"
    MEDICAL_ADVICE = "medical_advice"
    ALLERGIES = "allergies"
    NOT_ON_TREATED_SKIN = "not_on_treated_skin"
    KEEP_COLD = "keep_cold"


@dataclass(frozen=True)
class Caution:
    kind: CautionKind
    title: str
    text: str


def is_biologic(product) -> bool:
    """Human-derived signals or exosomes: the products the caution groups are about (an
    ingredient list that names human conditioned media counts too)."""
    return bool(
        product.is_human_derived
        or product.contains_exosomes
        or product.source_type in HUMAN_SOURCES
        or any("biologic" in roles_of(i) for i in product.ingredient_list)
    )


def product_cautions(product) -> list[Caution]:
    """Every caution that applies to this product, most important first."""
    items = list(product.ingredient_list)
    oils = [i.name for i in items if "oil" in roles_of(i)]
    harsh = [i.name for i in harsh_in(items)]
    cautions = []

    reasons = []
    if is_biologic(product):
        reasons.append("it contains human-derived signalling ingredients")
    if oils:
        reasons.append(f"it contains an oil ({', '.join(oils)})")
    if reasons:
        cautions.append(
            Caution(
                CautionKind.PATCH_TEST,
                "Patch test first",
                f"Because {' and '.join(reasons)}, test it before it goes on your face. "
                f"{PATCH_TEST_STEPS} {IRRITATED_PATCH}",
            )
        )
    if is_biologic(product):
        cautions.append(
            Caution(
                CautionKind.MEDICAL_ADVICE,
                "Ask a clinician first if this applies to you",
                "An autoimmune condition or other immune problem; pregnancy or breastfeeding; "
                "a recent transplant or medicines that suppress the immune system. Little is "
                "known about biologic actives in these situations.",
            )
        )
    if harsh:
        cautions.append(
            Caution(
                CautionKind.NOT_ON_TREATED_SKIN,
                "Not for freshly treated skin",
                f"It contains {', '.join(harsh)}. Keep it away from skin that has just had "
                "a laser, microneedling or a peel, and follow your clinician's aftercare.",
            )
        )
    cautions.append(
        Caution(
            CautionKind.ALLERGIES,
            "Known allergies",
            "If you react to botanicals or carrier ingredients, check the full ingredient list "
            "and patch test: even short formulas can hide them.",
        )
    )
    if product.needs_refrigeration:
        cautions.append(
            Caution(
                CautionKind.KEEP_COLD,
                "Keep it cold",
                "The brand asks for refrigeration. Stored warm, the actives can lose their effect.",
            )
        )
    return cautions
