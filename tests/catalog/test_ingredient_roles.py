"""One answer to "is this ingredient harsh / supporting?" across every part that asks.

catalog.ingredient_roles decides from an ingredient's own role and its classes' roles. The
cautions, find my fit (in Python and in SQL), the scorecard (in Python and the stored facts
its SQL twin sorts by) and the product page's warm chip must all give that answer, over
random ingredients, classes and memberships (hypothesis, on the real database), also after
staff change a class's role (catalog.services.ingredient_class_changed).
"""

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog import fit, ingredient_roles, services
from catalog.cautions import CautionKind, product_cautions
from catalog.fit import find_fit
from catalog.models import Concern, Ingredient, IngredientClass, Product
from catalog.scoring import judge_ingredients
from catalog.selectors import fit_candidates
from tests.catalog.factories import ProductFactory, ingredient_admin_post

ROLES = list(Ingredient.Role.values)


@st.composite
def dictionaries(draw):
    classes = draw(st.lists(st.sampled_from(ROLES), max_size=3))
    ingredients = draw(
        st.lists(
            st.tuples(
                st.sampled_from(ROLES),
                st.sets(st.integers(0, max(len(classes) - 1, 0)), max_size=len(classes)),
            ),
            min_size=1,
            max_size=4,
        )
    )
    flip = draw(st.none() | st.tuples(st.integers(0, 2), st.sampled_from(ROLES)))
    return classes, ingredients, flip


def _judged(product_pk):
    return Product.objects.published().with_lists().with_score_points().get(pk=product_pk)


def _assert_agree(product_pk):
    product = _judged(product_pk)
    items = list(product.ingredient_list)
    harsh = {i.name for i in ingredient_roles.harsh_in(items)}
    supporting = {i.name for i in ingredient_roles.supporting_in(items)}

    # The cautions name exactly the harsh ingredients.
    treated = [c for c in product_cautions(product) if c.kind == CautionKind.NOT_ON_TREATED_SKIN]
    assert bool(treated) == bool(harsh)
    for name in harsh:
        assert name in treated[0].text
    # Find my fit leaves it out as too harsh for a gentle goal, in Python and in SQL.
    goal = fit.Goal.POST_PROCEDURE
    left = {x.product.pk: x.reason for x in find_fit([product], goal).left_out}
    assert (product.pk in left and "too harsh" in left[product.pk]) == bool(harsh)
    sql_left = {p.pk for p in fit_candidates(goal, limit=50).products} - {
        m.product.pk for m in find_fit(fit_candidates(goal, limit=50).products, goal).matches
    }
    assert (product.pk in sql_left) == bool(harsh)
    # The stored facts the SQL score sorts by, and the scorecard readers see.
    assert product.has_caution_ingredient == bool(harsh)
    assert product.has_supporting_ingredient == bool(supporting)
    assert product.score_points == product.scorecard.points
    line = judge_ingredients(product).reason
    for name in harsh | supporting:
        assert name in line
    # The product page's warm chips.
    assert {i.name for i in items if i.is_caution} == harsh


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(dictionaries())
def test_every_part_reads_an_ingredients_classes_as_the_cautions_do(dictionary):
    classes, ingredients, flip = dictionary
    with transaction.atomic():
        Product.objects.all().delete()
        made_classes = [
            IngredientClass.objects.create(name=f"Class {n}", slug=f"class-{n}", role=role)
            for n, role in enumerate(classes)
        ]
        made = []
        for n, (role, members) in enumerate(ingredients):
            ingredient = Ingredient.objects.create(
                name=f"Ingredient {n}", slug=f"ingredient-{n}", role=role
            )
            ingredient.classes.set([made_classes[m] for m in members if m < len(made_classes)])
            made.append(ingredient)
        recovery, _ = Concern.objects.get_or_create(
            slug="post-procedure", defaults={"name": "Post-procedure"}
        )
        product = ProductFactory(
            slug="judged", ingredients=made, concerns=[recovery], is_published=True
        )
        services.product_changed(product)
        _assert_agree(product.pk)

        if flip is not None and flip[0] < len(made_classes):
            changed = made_classes[flip[0]]
            changed.role = flip[1]
            changed.save()
            services.ingredient_class_changed(changed)
            _assert_agree(product.pk)
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_staff_edits_of_classes_reach_the_stored_facts(editor_client):
    """Putting an ingredient into a class (ingredient form) or changing a class's role (class
    form) in the admin refreshes its products' stored facts: find my fit and the score's
    sort follow at once."""
    ingredient = Ingredient.objects.create(name="Mandelic", slug="mandelic", role="other")
    acids = IngredientClass.objects.create(name="Test acids", slug="test-acids", role="hydrator")
    product = ProductFactory(slug="mandelic-serum", ingredients=[ingredient])
    services.product_changed(product)

    def stored():
        return Product.objects.filter(pk=product.pk).values_list(
            "has_caution_ingredient", "has_supporting_ingredient"
        )[0]

    assert stored() == (False, False)
    url = reverse("admin:catalog_ingredient_change", args=[ingredient.pk])
    response = editor_client.post(url, ingredient_admin_post(ingredient, classes=[acids.pk]))
    assert response.status_code == 302
    assert stored() == (False, True)  # a hydrator by its class

    url = reverse("admin:catalog_ingredientclass_change", args=[acids.pk])
    response = editor_client.post(
        url,
        {
            "name": acids.name,
            "slug": acids.slug,
            "role": "exfoliant",
            "also_called": "",
            "description": "",
            "basis": acids.basis,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert stored() == (True, False)  # now harsh by its class
