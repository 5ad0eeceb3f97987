"""The database ranks 'find my fit' as catalog.fit does (catalog/fit_sql.py mirrors it)."""

import itertools
from decimal import Decimal

import pytest

from catalog import fit
from catalog.fit import find_fit
from catalog.ingredient_roles import HARSH_ROLES
from catalog.models import Ingredient, Product
from catalog.selectors import fit_candidates
from tests.catalog.factories import ConcernFactory, IngredientFactory, ProductFactory

pytestmark = pytest.mark.django_db

BRANDS = ["Alder", "Birch", "Cedar", "Dogwood", "Elm", "Fir", "Ginkgo", "Hazel", "Ivy"]


@pytest.fixture
def varied_catalog():
    """Products that differ in everything catalog.fit reads, each under its own brand."""
    Product.objects.all().delete()
    slugs = sorted(set().union(*fit.GOAL_CONCERNS.values())) + ["unrelated"]
    concerns = [ConcernFactory(slug=slug, name=slug.replace("-", " ")) for slug in slugs]
    acid = IngredientFactory(slug="fit-acid", name="Fit acid", role=Ingredient.Role.EXFOLIANT)
    water = IngredientFactory(slug="fit-water", name="Fit water", role=Ingredient.Role.HYDRATOR)
    brands = itertools.product(BRANDS, ["", " Labs", " Skin", " Co"])
    for n, (brand, suffix) in zip(range(36), brands, strict=False):
        ProductFactory(
            brand__name=brand + suffix,
            slug=f"fit-{n}",
            name="Serum",
            concerns=[concerns[(n + 4 * k) % len(concerns)] for k in range(1 + n % 3)],
            ingredients=[acid] if n % 6 == 0 else [water],
            is_vegan=n % 3 == 0,
            clinician_backed=n % 4 == 0,
            needs_refrigeration=n % 5 == 0,
            is_human_derived=[True, False, None][n % 3],
            contains_exosomes=n % 7 == 0,
            source_type=Product.SourceType.values[n % len(Product.SourceType.values)],
            concentration_disclosure=Product.Disclosure.values[n % 4],
            price=[None, Decimal(50), Decimal(150), Decimal(400)][n % 4],
            currency="EUR" if n % 9 == 0 else "USD",
        )


@pytest.mark.usefixtures("varied_catalog")
@pytest.mark.parametrize("goal", list(fit.Goal))
@pytest.mark.parametrize(("budget", "fridge_ok"), [(None, True), (Decimal(100), False)])
def test_the_database_ranks_and_leaves_out_as_find_fit_does(goal, budget, fridge_ok):
    everything = list(Product.objects.published().with_lists())
    expected = find_fit(everything, goal, budget, fridge_ok)
    # The catalog above is varied enough that each case has something to rank.
    assert expected.matches and (expected.left_out or (budget is None and fridge_ok))

    found = fit_candidates(goal, budget=budget, fridge_ok=fridge_ok, limit=100)
    result = find_fit(found.products, goal, budget, fridge_ok)
    expected_order = [m.product.pk for m in expected.matches]
    assert [m.product.pk for m in result.matches] == expected_order
    # The database's own order is find_fit's, so cutting it after a page is the same cut.
    assert [p.pk for p in found.products[: len(expected_order)]] == expected_order
    assert {x.product.pk for x in result.left_out} == {x.product.pk for x in expected.left_out}
    assert not found.more_matches and not found.more_left_out


@pytest.mark.usefixtures("varied_catalog")
def test_a_page_of_the_best_and_a_word_that_there_are_more():
    expected = find_fit(list(Product.objects.published().with_lists()), fit.Goal.TEXTURE_FIRMNESS)
    found = fit_candidates(fit.Goal.TEXTURE_FIRMNESS, limit=3)
    assert [p.pk for p in found.products] == [m.product.pk for m in expected.matches[:3]]
    assert found.more_matches


def test_the_harsh_roles_are_ingredient_roles():
    assert set(HARSH_ROLES) < set(Ingredient.Role.values)
