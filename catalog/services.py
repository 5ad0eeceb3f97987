"""Catalog workflows that read several tables: the scorecard sort and the compare basket."""

from decimal import Decimal
from types import SimpleNamespace

from catalog.models import Product
from catalog.scoring import scorecard

COMPARE_SESSION_KEY = "catalog_compare"
COMPARE_LIMIT = 4

SCORE_FIELDS = (
    "id",
    "brand__name",
    "name",
    "source_type",
    "concentration_disclosure",
    "concentration_percent",
    "packaging",
    "needs_refrigeration",
    "evidence_level",
    "clinician_backed",
    "price",
    "size_ml",
    "currency",
    "is_vegan",
)


def _per_ml(price: Decimal | None, size: Decimal | None) -> Decimal | None:
    if price is None or not size:
        return None
    return (price / size).quantize(Decimal("0.01"))


def ids_by_score(queryset) -> list[int]:
    """Ids of the products in `queryset`, best scorecard first (ties by brand and name).

    The scorecard is a pure function, so sorting by it means scoring every matching row.
    Three flat queries feed light stand-ins for the products rather than full model
    instances; the benchmark command measures what that costs at 10,000 products.
    """
    rows = {row["id"]: row for row in queryset.order_by().values(*SCORE_FIELDS)}
    ingredients = {pk: [] for pk in rows}
    concerns = {pk: [] for pk in rows}
    ids = queryset.order_by().values("id")
    for pk, name, role in Product.ingredients.through.objects.filter(
        product_id__in=ids
    ).values_list("product_id", "ingredient__name", "ingredient__role"):
        ingredients[pk].append(SimpleNamespace(name=name, role=role))
    for pk, name in Product.concerns.through.objects.filter(product_id__in=ids).values_list(
        "product_id", "concern__name"
    ):
        concerns[pk].append(SimpleNamespace(name=name))
    keyed = []
    for pk, row in rows.items():
        stand_in = SimpleNamespace(
            **row,
            price_per_ml=_per_ml(row["price"], row["size_ml"]),
            ingredient_list=ingredients[pk],
            concern_list=concerns[pk],
        )
        points = scorecard(stand_in).points
        keyed.append((-points, row["brand__name"], row["name"], pk))
    keyed.sort()
    return [key[-1] for key in keyed]


def compare_slugs(session) -> list[str]:
    """The slugs in the reader's compare basket, oldest first."""
    value = session.get(COMPARE_SESSION_KEY, [])
    if not isinstance(value, list):
        return []
    return [s for s in value if isinstance(s, str)][:COMPARE_LIMIT]


class CompareFull(Exception):
    """The basket already holds COMPARE_LIMIT products."""


def add_to_compare(session, slug: str) -> bool:
    """Add a slug; False if it was already there. Raises CompareFull at the limit."""
    slugs = compare_slugs(session)
    if slug in slugs:
        return False
    if len(slugs) >= COMPARE_LIMIT:
        raise CompareFull
    session[COMPARE_SESSION_KEY] = [*slugs, slug]
    return True


def remove_from_compare(session, slug: str) -> bool:
    """Remove a slug; False if it was not there."""
    slugs = compare_slugs(session)
    if slug not in slugs:
        return False
    session[COMPARE_SESSION_KEY] = [s for s in slugs if s != slug]
    return True


def clear_compare(session) -> None:
    session[COMPARE_SESSION_KEY] = []
