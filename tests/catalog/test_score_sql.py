"""The SQL score annotation (used to sort) agrees with the pure scorecard (shown to readers)."""

import itertools
from decimal import Decimal

import pytest

from catalog.models import Ingredient, Product
from tests.catalog.factories import ConcernFactory, IngredientFactory, ProductFactory

pytestmark = pytest.mark.django_db

HYDRATOR = {"slug": "sql-hydrator", "name": "SQL hydrator", "role": Ingredient.Role.HYDRATOR}
ACID = {"slug": "sql-acid", "name": "SQL acid", "role": Ingredient.Role.EXFOLIANT}
OTHER = {"slug": "sql-other", "name": "SQL other", "role": Ingredient.Role.OTHER}

VARIANTS = {
    "source_type": ["", "plant"],
    "concentration_disclosure": ["quantified", "percentage", "not_disclosed"],
    "packaging": ["dual_chamber", "roller", ""],
    "needs_refrigeration": [True, False],
    "evidence_level": ["independent_rct", "peer_reviewed", "brand_sponsored", "none", ""],
    "clinician_backed": [True, False],
    "price": [None, Decimal("99"), Decimal("99.01"), Decimal("300"), Decimal("301")],
    "currency": ["USD", "EUR"],
    "is_vegan": [True, False],
    "ingredients": [[], ["hydrator"], ["hydrator", "acid"], ["acid"], ["other"]],
    "concerns": [[], ["one"]],
}


def test_sql_points_match_the_pure_scorecard_for_every_branch():
    Product.objects.all().delete()
    ingredients = {
        "hydrator": IngredientFactory(**HYDRATOR),
        "acid": IngredientFactory(**ACID),
        "other": IngredientFactory(**OTHER),
    }
    concern = ConcernFactory(slug="sql-concern")
    # Each value of each field at least once, cycling the others, rather than the full product.
    longest = max(len(v) for v in VARIANTS.values())
    cycles = {k: itertools.cycle(v) for k, v in VARIANTS.items()}
    for n in range(longest * 3):
        values = {k: next(c) for k, c in cycles.items()}
        ProductFactory(
            slug=f"sql-{n}",
            size_ml=Decimal("30"),
            ingredients=[ingredients[i] for i in values.pop("ingredients")],
            concerns=[concern] if values.pop("concerns") else [],
            **values,
        )
    products = Product.objects.with_score_points().prefetch_related("ingredients", "concerns")
    checked = 0
    for product in products:
        assert product.score_points == product.scorecard.points, (
            product.slug,
            [(c.key, c.status) for c in product.scorecard],
        )
        checked += 1
    assert checked == longest * 3
