"""Query counts stay the same whether a product lists one ingredient or fifty."""

import pytest
from django.urls import reverse

from catalog.models import IngredientClass
from routines.models import AvoidedIngredient
from routines.ownproducts.services import save_ingredient_list
from tests.catalog.factories import IngredientFactory, ProductFactory
from tests.conftest import SESSION_QUERIES
from tests.routines.factories import RoutineFactory, StepFactory

pytestmark = pytest.mark.django_db


def dictionary_of(count):
    """`count` ingredients, every one in a class the rules read."""
    acids = IngredientClass.objects.get(slug="aha")
    made = [
        IngredientFactory(name=f"Test acid {n}", slug=f"test-acid-{n}", inci_name=f"Test Acid {n}")
        for n in range(count)
    ]
    for ingredient in made:
        ingredient.classes.add(acids)
    return made


def avoid_some(user, ingredient):
    AvoidedIngredient.objects.create(user=user, ingredient=ingredient)
    AvoidedIngredient.objects.create(
        user=user, ingredient_class=IngredientClass.objects.get(slug="fragrance")
    )


@pytest.mark.parametrize("per_product", [1, 50])
def test_routine_editor_with_catalog_and_own_products(
    owner_client, owner, per_product, django_assert_num_queries
):
    ingredients = dictionary_of(per_product)
    routine = RoutineFactory(user=owner, period="pm")
    for n in range(3):
        product = ProductFactory(ingredients=ingredients)
        StepFactory(routine=routine, product=product, custom_name="", kind="biologic")
        StepFactory(routine=routine, custom_name=f"Own {n}")
        listed = ", ".join(i.inci_name for i in ingredients) + ", Parfum, Unknown Root"
        save_ingredient_list(owner, name=f"Own {n}", text=listed)
    avoid_some(owner, ingredients[0])
    # user, routine, profile, removed steps, steps; ingredients: catalog rows and their
    # classes, own products, their lists and the lists' classes; the day plan (steps,
    # versions, patch tests, procedures), shelf items, the avoid-list (flags are worked out
    # from the ingredients already loaded)
    with django_assert_num_queries(16 + SESSION_QUERIES):
        response = owner_client.get(reverse("routines:routine_detail", args=[routine.pk]))
    page = response.content.decode()
    assert page.count("which you avoid") == 6
    assert 'data-rule="exfoliant_with_biologic"' in page  # the own products' acids count


@pytest.mark.parametrize("per_product", [1, 50])
def test_catalog_list_signed_in_with_an_avoid_list(
    owner_client, owner, per_product, django_assert_num_queries
):
    ingredients = dictionary_of(per_product)
    ProductFactory.create_batch(5, ingredients=ingredients)
    avoid_some(owner, ingredients[-1])
    owner_client.get(reverse("catalog:list"))  # warm the profile and session rows
    # the session (unless cached), the user; the list's count, products, concerns,
    # ingredients and their classes; the avoid-list; flags (rows, their classes);
    # the filter form's concerns
    with django_assert_num_queries(SESSION_QUERIES + 10):
        page = owner_client.get(reverse("catalog:list")).content.decode()
    assert "which you avoid" in page


@pytest.mark.parametrize("per_product", [1, 50])
def test_catalog_list_for_anonymous_readers(
    client, settings, per_product, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0  # the view's own queries, not the page cache's
    ProductFactory.create_batch(5, ingredients=dictionary_of(per_product))
    # count, products, concerns, ingredients, their classes, the filter form's concerns
    with django_assert_num_queries(6):
        client.get(reverse("catalog:list"))
