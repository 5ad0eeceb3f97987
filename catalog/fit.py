"""'Find my fit': rank products for a reader's goal, budget and storage. Pure, no ORM.

Products are product-like objects (see catalog.scoring) whose `concern_list` items have
.slug and .name. The ranking is explainable: every match carries the reasons it was
listed, every product left out carries the reason why, and the guide's cheaper or
better-proven alternatives are offered where they apply.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from catalog.cautions import is_biologic
from catalog.ingredient_roles import harsh_in
from catalog.scoring import scorecard


class Goal(StrEnum):
    POST_PROCEDURE = "post_procedure"
    TEXTURE_FIRMNESS = "texture_firmness"
    DARK_SPOTS = "dark_spots"
    SENSITIVE = "sensitive"
    VEGAN = "vegan"


GOAL_LABELS = {
    Goal.POST_PROCEDURE: "Recovery after a procedure (laser, microneedling, peel)",
    Goal.TEXTURE_FIRMNESS: "Texture and firmness",
    Goal.DARK_SPOTS: "Dark spots and brightening",
    Goal.SENSITIVE: "Sensitive or reactive skin",
    Goal.VEGAN: "A vegan, plant-based choice",
}

# Concern slugs (seeded by catalog/migrations/0003) that serve each goal.
GOAL_CONCERNS = {
    Goal.POST_PROCEDURE: frozenset({"post-procedure"}),
    Goal.TEXTURE_FIRMNESS: frozenset(
        {"texture", "firmness-elasticity", "wrinkles-fine-lines", "mature-skin", "acne-scarring"}
    ),
    Goal.DARK_SPOTS: frozenset({"dark-spots", "brightening"}),
    Goal.SENSITIVE: frozenset({"sensitive-skin", "post-procedure"}),
    Goal.VEGAN: frozenset(),
}
# Goals where an exfoliant or retinoid in the same bottle rules a product out.
GENTLE_GOALS = frozenset({Goal.POST_PROCEDURE, Goal.SENSITIVE})

ALTERNATIVES = {
    Goal.POST_PROCEDURE: [
        "Your clinician's aftercare comes first. Use a reparative serum through the recovery "
        "window (usually one to two weeks), then return to your usual routine.",
        "This is where a premium serum earns its price; day to day, a mid-priced peptide serum "
        "can carry on the work.",
    ],
    Goal.TEXTURE_FIRMNESS: [
        "For mild texture or early fine lines, a peptide serum or a retinoid used steadily may "
        "do as much for much less money.",
        "Deep lines and lost volume respond more predictably to in-office treatments than to "
        "any serum.",
    ],
    Goal.DARK_SPOTS: [
        "Retinoids have decades of independent trials behind them for dark spots and fine "
        "lines; stem-cell serums have far fewer.",
    ],
    Goal.SENSITIVE: [
        "A plain hyaluronic acid and niacinamide serum covers hydration and calming at a "
        "fraction of the price.",
    ],
    Goal.VEGAN: [
        "Plant extracts bring antioxidant support, not human growth factors, so their "
        "signalling to human skin is different from that of human-derived media.",
    ],
}
BUDGET_ALTERNATIVE = (
    "On a tight budget, a hyaluronic acid and niacinamide blend or a peptide serum overlaps "
    "with much of what these serums offer."
)
LOW_BUDGET = Decimal("100")
BUDGET_CURRENCY = "USD"


@dataclass
class Match:
    product: object
    points: int
    score_points: int
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class LeftOut:
    product: object
    reason: str


@dataclass
class FitResult:
    matches: list[Match]
    left_out: list[LeftOut]
    alternatives: list[str]
    budget: Decimal | None = None
    unpriced: int = 0  # listed matches whose price is not recorded (counted with a budget)

    @property
    def budget_note(self) -> str:
        """What the budget answer did, said plainly when missing prices stopped it."""
        if self.budget is None or not self.unpriced:
            return ""
        amount = f"${self.budget:,.0f}"
        if self.unpriced == len(self.matches) == 1:
            return (
                f"The one serum listed has no recorded price, so your budget of {amount} could "
                "not narrow the list: it is still shown. Check the price before you buy, or "
                "look at the lower-cost options below."
            )
        if self.unpriced == len(self.matches):
            return (
                f"None of the {self.unpriced} serums listed has a recorded price, so your "
                f"budget of {amount} could not narrow the list: all of them are still shown. "
                "Check the price before you buy, or look at the lower-cost options below."
            )
        if self.unpriced == 1:
            return (
                "1 listed serum has no recorded price. It is still shown, because we cannot "
                f"tell whether it fits your budget of {amount}."
            )
        return (
            f"{self.unpriced} listed serums have no recorded price. They are still shown, "
            f"because we cannot tell whether they fit your budget of {amount}."
        )


def _exclusion(product, goal, budget, fridge_ok) -> str | None:
    """Why a product cannot suit this reader at all, or None."""
    if not fridge_ok and product.needs_refrigeration:
        return "Needs refrigeration, which you said does not suit you."
    if goal in GENTLE_GOALS:
        harsh = [i.name for i in harsh_in(product.ingredient_list)]
        if harsh:
            return f"Contains {', '.join(harsh)}, which is too harsh for this goal."
    if (
        budget is not None
        and product.price is not None
        and product.currency == BUDGET_CURRENCY
        and product.price > budget
    ):
        return f"Costs {product.price:.2f} {product.currency}, over your budget."
    return None


def _match(product, goal, budget) -> Match | None:
    wanted = GOAL_CONCERNS[goal]
    matched = [c.name for c in product.concern_list if c.slug in wanted]
    card = scorecard(product)
    match = Match(product=product, points=0, score_points=card.points)
    if matched:
        match.points += 2 * len(matched)
        match.reasons.append(f"Meant for {', '.join(matched).lower()}.")
    if goal == Goal.VEGAN and product.is_vegan:
        match.points += 2
        match.reasons.append("Recorded as vegan, with no human-derived ingredients.")
    if not match.points:
        return None
    if goal == Goal.POST_PROCEDURE and is_biologic(product):
        match.points += 1
        match.reasons.append(
            "Carries human-derived repair signals, the kind used after procedures."
        )
    if goal in GENTLE_GOALS and product.concentration_disclosure in ("quantified", "percentage"):
        match.points += 1
        match.reasons.append("Says how much of the active it contains.")
    if product.clinician_backed:
        match.points += 1
        match.reasons.append("Used by clinicians.")
    if budget is None:
        pass
    elif product.price is None:
        match.notes.append("Price not recorded: check it fits your budget.")
    elif product.currency != BUDGET_CURRENCY:
        match.notes.append(f"Priced in {product.currency}: compare it with your budget yourself.")
    return match


def find_fit(products, goal: Goal, budget: Decimal | None = None, fridge_ok: bool = True):
    """Rank `products` for a goal; budget is the most the reader will pay per bottle (USD)."""
    goal = Goal(goal)
    matches, left_out = [], []
    for product in products:
        match = _match(product, goal, budget)
        if match is None:
            continue  # not meant for this goal: not worth a "left out" line
        reason = _exclusion(product, goal, budget, fridge_ok)
        if reason:
            left_out.append(LeftOut(product, reason))
        else:
            matches.append(match)
    matches.sort(key=lambda m: (-m.points, -m.score_points, str(m.product)))
    alternatives = list(ALTERNATIVES[goal])
    unpriced = sum(1 for m in matches if m.product.price is None) if budget is not None else 0
    if budget is not None and (budget <= LOW_BUDGET or (matches and unpriced == len(matches))):
        alternatives.append(BUDGET_ALTERNATIVE)
    return FitResult(
        matches=matches,
        left_out=left_out,
        alternatives=alternatives,
        budget=budget,
        unpriced=unpriced,
    )
