"""Each catalog page runs the same number of queries whatever the amount of data."""

import pytest
from django.urls import reverse

from catalog.models import Product
from tests.catalog.factories import ConcernFactory, IngredientFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clean_catalog(db, settings):
    Product.objects.all().delete()
    # The view's own queries: no stored page (the shared cache's cost is counted in
    # tests/config/test_public_pages.py).
    settings.PAGE_CACHE_SECONDS = 0


def make_products(count):
    concerns = [ConcernFactory(slug=f"q-concern-{n}") for n in range(3)]
    ingredients = [IngredientFactory(slug=f"q-ingredient-{n}") for n in range(3)]
    return [
        ProductFactory(concerns=concerns, ingredients=ingredients, slug=f"q-{n}")
        for n in range(count)
    ]


# Concern choices for the filter, count, page of products, concerns, ingredients and
# their classes (the cautions read every role an ingredient has).
LIST_QUERIES = 6


@pytest.mark.parametrize("count", [1, 50])
@pytest.mark.parametrize(
    "query", ["", "?sort=price_per_ml&vegan=", "?sort=score&page=2", "?concern=q-concern-0"]
)
def test_list_queries(client, django_assert_num_queries, count, query):
    make_products(count)
    # Filtering by concern validates the slug: one more query. A price sort also counts
    # the serums with no recorded price, to say so on the page, in the same count query
    # (a list within the count's cap).
    expected = LIST_QUERIES + (1 if "concern=" in query else 0)
    with django_assert_num_queries(expected):
        response = client.get(reverse("catalog:list") + query)
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 50])
def test_detail_queries(client, django_assert_num_queries, count):
    products = make_products(count)
    # Product with brand, its concerns, its ingredients, their classes.
    with django_assert_num_queries(4):
        client.get(products[-1].get_absolute_url())


@pytest.mark.parametrize(("count", "in_basket"), [(1, 1), (50, 4)])
def test_compare_queries(client, django_assert_num_queries, count, in_basket):
    products = make_products(count)
    basket = ",".join(p.slug for p in products[:in_basket])
    # Products with brands, concerns, ingredients, their classes (the basket is in the
    # address).
    with django_assert_num_queries(4):
        response = client.get(reverse("catalog:compare"), {"p": basket})
    assert len(response.context["products"]) == in_basket


@pytest.mark.parametrize("count", [1, 50])
def test_fit_queries(client, django_assert_num_queries, count):
    texture = ConcernFactory(slug="texture", name="Texture")
    peptide = IngredientFactory(slug="fit-peptide", role="peptide")
    for n in range(count):
        ProductFactory(
            slug=f"fit-{n}",
            concerns=[texture],
            ingredients=[peptide],
            needs_refrigeration=n % 2 == 1,
        )
    # The best matches, the best of those left out (by the fridge), their concerns, their
    # ingredients and the ingredients' classes: ranked in the database, so never more.
    with django_assert_num_queries(5):
        response = client.get(reverse("catalog:fit") + "?goal=texture_firmness&fridge_ok=no")
    result = response.context["result"]
    assert len(result.matches) == min((count + 1) // 2, 20)
    assert len(result.left_out) == min(count // 2, 20)
