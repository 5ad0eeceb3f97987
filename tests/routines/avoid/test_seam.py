"""The one seam from a reader's avoid list to catalog and guide pages.

routines.avoid.middleware sets request.avoided_ingredient_ids; catalog.selectors.avoid_flags
matches it against products. catalog and guide import nothing from routines.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from catalog.selectors import avoid_flags
from routines.avoid.middleware import AvoidedIngredientsMiddleware, avoided_ingredient_ids
from tests.catalog.factories import IngredientFactory, ProductFactory
from tests.conftest import SESSION_QUERIES
from tests.routines.shelf.factories import AvoidedIngredientFactory

pytestmark = pytest.mark.django_db


def test_anonymous_readers_avoid_nothing_and_cost_no_query(rf, django_assert_num_queries):
    request = rf.get("/")
    request.user = AnonymousUser()
    AvoidedIngredientsMiddleware(lambda r: None)(request)
    with django_assert_num_queries(0):
        assert not request.avoided_ingredient_ids
        assert avoid_flags(request, [1, 2]) == {}


def test_the_ids_are_read_once_and_only_when_used(rf, owner, django_assert_num_queries):
    avoided = AvoidedIngredientFactory(user=owner)
    request = rf.get("/")
    request.user = owner
    with django_assert_num_queries(0):
        AvoidedIngredientsMiddleware(lambda r: None)(request)
    with django_assert_num_queries(1):
        assert avoided.ingredient_id in request.avoided_ingredient_ids
        assert set(request.avoided_ingredient_ids) == {avoided.ingredient_id}


def test_only_the_readers_own_list_counts(owner, other_user):
    mine = AvoidedIngredientFactory(user=owner)
    AvoidedIngredientFactory(user=other_user)
    assert avoided_ingredient_ids(owner) == frozenset({mine.ingredient_id})


def test_flags_name_each_avoided_ingredient_a_product_contains(rf):
    retinol = IngredientFactory(name="Retinol", slug="retinol")
    fragrance = IngredientFactory(name="Fragrance", slug="fragrance")
    flagged = ProductFactory(ingredients=[retinol, fragrance, IngredientFactory()])
    clean = ProductFactory(ingredients=[IngredientFactory()])
    request = rf.get("/")
    request.avoided_ingredient_ids = frozenset({retinol.pk, fragrance.pk})
    assert avoid_flags(request, [flagged, clean.pk]) == {flagged.pk: ["Fragrance", "Retinol"]}


def test_a_request_without_the_seam_flags_nothing(rf, django_assert_num_queries):
    product = ProductFactory()
    with django_assert_num_queries(0):
        assert avoid_flags(rf.get("/"), [product]) == {}


@pytest.mark.parametrize("count", [1, 30])
def test_signed_in_catalog_list_flags_in_constant_queries(
    owner_client, owner, count, django_assert_num_queries
):
    retinol = IngredientFactory(name="Retinol", slug="retinol")
    ProductFactory.create_batch(count, ingredients=[retinol])
    AvoidedIngredientFactory(user=owner, ingredient=retinol)
    owner_client.get(reverse("catalog:list"))  # warm the session and profile rows
    # the session (none when cached_db finds it in Redis), the user, the list's own five,
    # the avoided ids, the flags
    with django_assert_num_queries(8 + SESSION_QUERIES):
        html = owner_client.get(reverse("catalog:list")).content.decode()
    assert "Contains Retinol, which you avoid." in html
