"""catalog.scoring's rules as SQL expressions, for the database's generated columns.

Pure expressions over a product's own columns (no queries): Product.unit_price and
Product.score are GeneratedFields built from these, so the database keeps them current and
the catalog can sort by them through an index.
"""

from django.db import models
from django.db.models import Case, Q, Value, When
from django.db.models.functions import Cast
from django.db.models.lookups import LessThanOrEqual

from catalog import scoring


def unit_price_expression():
    # Divide as floats: SQLite stores whole-number decimals as integers and would
    # otherwise truncate (301 / 30 = 10).
    return Cast("price", models.FloatField()) / Cast("size_ml", models.FloatField())


def score_expression():
    """catalog.scoring's scorecard total as an SQL expression over the product's own row.

    The rules live in catalog/scoring.py; this mirrors them so the database keeps the total
    in a generated column the catalog sorts on through an index. The ingredient and concern
    parts read the stored has_* facts (ProductQuerySet.refresh_derived keeps them current).
    tests/catalog/test_score_sql.py checks both give the same points for every branch.
    """
    met, partly, zero = Value(2), Value(1), Value(0)
    unit_price = unit_price_expression()
    source = Case(
        When(source_type="", then=zero),
        When(concentration_disclosure__in=["quantified", "percentage"], then=met),
        default=partly,
    )
    packaging = Case(
        When(packaging__in=sorted(scoring.PROTECTIVE_PACKAGING), then=met),
        When(container__in=sorted(scoring.PROTECTIVE_CONTAINERS), then=met),
        When(needs_refrigeration=True, then=partly),
        default=zero,
    )
    ingredients = Case(
        When(Q(has_supporting_ingredient=True, has_caution_ingredient=False), then=met),
        When(has_supporting_ingredient=True, then=partly),
        When(has_caution_ingredient=True, then=zero),
        When(has_ingredients=True, then=partly),
        default=zero,
    )
    evidence = Case(
        When(evidence_level__in=["independent_rct", "peer_reviewed"], then=met),
        When(evidence_level="brand_sponsored", then=partly),
        When(clinician_backed=True, then=partly),
        default=zero,
    )
    price = Case(
        When(
            Q(price__isnull=True) | Q(size_ml__isnull=True) | ~Q(currency=scoring.PRICED_CURRENCY),
            then=zero,
        ),
        When(LessThanOrEqual(unit_price, Value(scoring.TYPICAL_LOW_PER_ML)), then=met),
        When(LessThanOrEqual(unit_price, Value(scoring.TYPICAL_HIGH_PER_ML)), then=partly),
        default=zero,
    )
    use = Case(When(Q(is_vegan=True) | Q(has_concerns=True), then=met), default=zero)
    return source + packaging + ingredients + evidence + price + use
