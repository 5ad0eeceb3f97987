"""The scorecard: a product judged against the guide's six "how to choose" criteria.

Pure rules, no database access. A "product" here is anything with the attributes the
catalog's Product model has (source_type, concentration_disclosure, packaging, ...) plus
`ingredient_list` (items with .name and .role, and .rule_roles where known: roles are read
through catalog.ingredient_roles) and `concern_list` (items with .name).
Each criterion is met, partly met, not met, or unknown when the facts are not recorded;
unknown never counts against a product, and never counts for it either.
"""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from catalog.ingredient_roles import harsh_in, supporting_in

# Choice values, mirrored from catalog.models so this module stays free of the ORM.
PROTECTIVE_PACKAGING = frozenset({"dual_chamber", "airless_pump", "ampoules"})
PROTECTIVE_CONTAINERS = frozenset({"amber_glass", "opaque_airtight"})
PACKAGING_LABELS = {
    "dual_chamber": "Dual-chamber",
    "airless_pump": "Airless pump",
    "ampoules": "Single-use ampoules",
    "other": "Other packaging",
}
CONTAINER_LABELS = {
    "amber_glass": "Amber glass",
    "opaque_airtight": "Opaque, air-restricting",
    "clear": "Clear glass or plastic",
    "other": "Other container",
}
APPLICATOR_LABELS = {
    "dropper": "dropper",
    "pump": "pump",
    "roller": "roller",
    "other": "applicator",
}
ROLE_LABELS = {"exfoliant": "exfoliant / acid", "retinoid": "retinoid"}

# The guide's typical price band: about $99 to $300 for a 30 ml bottle.
TYPICAL_LOW_PER_ML = Decimal("3.30")
TYPICAL_HIGH_PER_ML = Decimal("10.00")
PRICED_CURRENCY = "USD"


class Status(StrEnum):
    MET = "met"
    PARTLY = "partly"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return {
            "met": "Met",
            "partly": "Partly met",
            "not_met": "Not met",
            "unknown": "Unknown",
        }[self.value]

    @property
    def points(self) -> int:
        return {"met": 2, "partly": 1}.get(self.value, 0)


@dataclass(frozen=True)
class Criterion:
    key: str
    title: str
    status: Status
    reason: str

    @property
    def status_label(self) -> str:
        return self.status.label


@dataclass(frozen=True)
class Scorecard:
    criteria: tuple[Criterion, ...]

    @property
    def points(self) -> int:
        return sum(c.status.points for c in self.criteria)

    @property
    def max_points(self) -> int:
        return 2 * len(self.criteria)

    @property
    def unknown_count(self) -> int:
        return sum(1 for c in self.criteria if c.status is Status.UNKNOWN)

    def __str__(self):
        return f"{self.points}/{self.max_points}"

    def __iter__(self):
        return iter(self.criteria)


def _names(items) -> str:
    return ", ".join(item.name for item in items)


def judge_source(product) -> Criterion:
    """Source & transparency: is the source named, and is the amount disclosed?"""
    title = "Source and transparency"
    key = "source"
    if not product.source_type:
        return Criterion(key, title, Status.UNKNOWN, "The ingredient source is not recorded.")
    if product.concentration_disclosure == "quantified":
        return Criterion(key, title, Status.MET, "Source named and the amount stated with units.")
    if product.concentration_disclosure == "percentage":
        percent = product.concentration_percent
        amount = f" (about {percent.normalize():f}%)" if percent is not None else ""
        return Criterion(key, title, Status.MET, f"Source named and a percentage given{amount}.")
    if product.concentration_disclosure == "not_disclosed":
        # Only an editor sets this, after checking the brand's label and pages.
        return Criterion(
            key,
            title,
            Status.PARTLY,
            "Source named, but the brand does not disclose how much is in it (checked by our "
            "editors).",
        )
    return Criterion(
        key, title, Status.PARTLY, "Source named; how much is in it is not recorded yet."
    )


def judge_packaging(product) -> Criterion:
    """Stability & packaging: do the packaging, container or cold chain protect fragile actives?

    The applicator (dropper, pump, roller) is a separate fact and never decides this: it says
    how the serum is put on, not whether air and light reach it.
    """
    title = "Stability and packaging"
    key = "packaging"
    packaging = product.packaging or ""
    container = getattr(product, "container", "") or ""
    applicator = getattr(product, "applicator", "") or ""
    cold = " and a cold chain" if product.needs_refrigeration else ""
    if packaging in PROTECTIVE_PACKAGING:
        return Criterion(
            key,
            title,
            Status.MET,
            f"{PACKAGING_LABELS[packaging]} packaging{cold} protects fragile ingredients.",
        )
    if container in PROTECTIVE_CONTAINERS:
        return Criterion(
            key,
            title,
            Status.MET,
            f"{CONTAINER_LABELS[container]} container{cold} protects fragile ingredients.",
        )
    if product.needs_refrigeration:
        return Criterion(
            key,
            title,
            Status.PARTLY,
            "Kept cold to protect the actives; no protective packaging or container is recorded.",
        )
    if packaging or container:
        recorded = [
            labels.get(value, value)
            for labels, value in ((PACKAGING_LABELS, packaging), (CONTAINER_LABELS, container))
            if value
        ]
        return Criterion(
            key,
            title,
            Status.NOT_MET,
            f"{' and '.join(recorded)}: not one of the protective types (dual-chamber, airless, "
            "amber glass, ampoules).",
        )
    reason = "Packaging and container are not recorded."
    if applicator:
        reason += (
            f" The {APPLICATOR_LABELS.get(applicator, 'applicator')} applicator is recorded, but "
            "it says nothing about protection from air and light."
        )
    return Criterion(key, title, Status.UNKNOWN, reason)


def judge_ingredients(product) -> Criterion:
    """Supporting ingredients: helpful companions, and no harsh actives in the same bottle."""
    title = "Supporting ingredients"
    key = "ingredients"
    items = list(product.ingredient_list)
    if not items:
        return Criterion(key, title, Status.UNKNOWN, "No supporting ingredients are recorded.")
    helpers = supporting_in(items)
    harsh = harsh_in(items)
    if helpers and not harsh:
        return Criterion(key, title, Status.MET, f"Useful companions: {_names(helpers)}.")
    if helpers and harsh:
        return Criterion(
            key,
            title,
            Status.PARTLY,
            f"Useful companions ({_names(helpers)}), but {_names(harsh)} can irritate freshly "
            "treated skin.",
        )
    if harsh:
        return Criterion(
            key,
            title,
            Status.NOT_MET,
            f"{_names(harsh)} can irritate freshly treated skin, with no soothing companions.",
        )
    return Criterion(
        key,
        title,
        Status.PARTLY,
        f"Recorded ({_names(items)}), but none of the usual hydrating, peptide or calming helpers.",
    )


def judge_evidence(product) -> Criterion:
    """Clinician backing & published data: how strong is the published evidence?"""
    title = "Clinician backing and published data"
    key = "evidence"
    level = product.evidence_level or ""
    clinicians = " Clinicians use it." if product.clinician_backed else ""
    if level == "independent_rct":
        return Criterion(
            key, title, Status.MET, f"An independent randomised trial is published.{clinicians}"
        )
    if level == "peer_reviewed":
        return Criterion(key, title, Status.MET, f"A peer-reviewed study is published.{clinicians}")
    if level == "brand_sponsored":
        return Criterion(
            key, title, Status.PARTLY, f"Only brand-sponsored data is published.{clinicians}"
        )
    if level == "none":
        if product.clinician_backed:
            return Criterion(
                key, title, Status.PARTLY, "Clinicians use it, but no data is published."
            )
        return Criterion(key, title, Status.NOT_MET, "No published data and no clinician backing.")
    if product.clinician_backed:
        return Criterion(
            key, title, Status.PARTLY, "Clinicians use it; published data is not recorded."
        )
    return Criterion(key, title, Status.UNKNOWN, "Published data is not recorded.")


def judge_price(product) -> Criterion:
    """Price vs value: price per ml against the guide's typical band ($99–$300 per 30 ml)."""
    title = "Price against value"
    key = "price"
    if product.price is None or not product.size_ml:
        return Criterion(key, title, Status.UNKNOWN, "Price or size is not recorded.")
    # Compare the exact ratio (as the database sort does), show it rounded.
    per_ml = product.price / product.size_ml
    currency = product.currency or ""
    shown = f"{per_ml:.2f} {currency} per ml"
    if currency != PRICED_CURRENCY:
        return Criterion(
            key, title, Status.UNKNOWN, f"{shown}; the guide's price band is in US dollars."
        )
    if per_ml <= TYPICAL_LOW_PER_ML:
        return Criterion(
            key, title, Status.MET, f"{shown}: at or below the low end of the usual range."
        )
    if per_ml <= TYPICAL_HIGH_PER_ML:
        return Criterion(
            key, title, Status.PARTLY, f"{shown}: within the usual premium range for these serums."
        )
    return Criterion(key, title, Status.NOT_MET, f"{shown}: above the usual range.")


def judge_intended_use(product) -> Criterion:
    """Intended use: does the catalog record what the product is meant for?"""
    title = "Intended use"
    key = "use"
    uses = [c.name.lower() for c in product.concern_list]
    if product.is_vegan:
        uses.append("a vegan choice")
    if uses:
        return Criterion(key, title, Status.MET, f"Meant for: {', '.join(uses)}.")
    return Criterion(key, title, Status.UNKNOWN, "What it is meant for is not recorded.")


JUDGES = (
    judge_source,
    judge_packaging,
    judge_ingredients,
    judge_evidence,
    judge_price,
    judge_intended_use,
)


def scorecard(product) -> Scorecard:
    """Judge one product against all six criteria, in the guide's order."""
    return Scorecard(tuple(judge(product) for judge in JUDGES))
