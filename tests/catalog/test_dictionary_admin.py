"""The ingredient dictionary in the admin: synonyms, classes, the general-reference label."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from catalog.models import Ingredient, IngredientClass
from catalog.roles import EDITOR_GROUP

pytestmark = pytest.mark.django_db


def test_editors_may_maintain_classes_and_synonyms_and_nothing_of_users():
    codenames = set(
        Group.objects.get(name=EDITOR_GROUP).permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    for model in ("ingredientclass", "ingredientsynonym"):
        for action in ("add", "change", "delete", "view"):
            assert ("catalog", f"{action}_{model}") in codenames
    assert not any(app in ("routines", "auth") for app, _ in codenames)


def test_lists_label_general_reference_entries(editor_client):
    for name in ("ingredient", "ingredientclass"):
        page = editor_client.get(reverse(f"admin:catalog_{name}_changelist")).content.decode()
        assert "not from our source article" in page
    page = editor_client.get(
        reverse("admin:catalog_ingredient_changelist"), {"basis__exact": "reference"}
    ).content.decode()
    assert "Retinol" in page and "General reference" in page


def synonym_post(ingredient, synonym):
    return {
        "name": ingredient.name,
        "slug": ingredient.slug,
        "inci_name": ingredient.inci_name,
        "role": ingredient.role,
        "basis": ingredient.basis,
        "description": ingredient.description,
        "synonyms-TOTAL_FORMS": "1",
        "synonyms-INITIAL_FORMS": "0",
        "synonyms-0-name": synonym,
        "synonyms-0-ingredient": ingredient.pk,
    }


def test_a_synonym_taken_elsewhere_gets_a_message_beside_it(editor_client):
    glycerin = Ingredient.objects.get(slug="glycerin")
    url = reverse("admin:catalog_ingredient_change", args=[glycerin.pk])
    for taken, message in [
        ("retinol", "already the name of Retinol"),
        ("VITAMIN A", "Another ingredient already has this synonym."),
    ]:
        response = editor_client.post(url, synonym_post(glycerin, taken))
        assert response.status_code == 200, taken
        assert message in response.content.decode()
    response = editor_client.post(url, synonym_post(glycerin, "Glycerol (vegetable)"))
    assert response.status_code == 302
    assert glycerin.synonyms.filter(name="Glycerol (vegetable)").exists()


def test_an_ingredient_users_avoid_cannot_be_deleted_from_the_admin(editor_client, owner):
    from routines.models import AvoidedIngredient

    retinol = Ingredient.objects.get(slug="retinol")
    AvoidedIngredient.objects.create(user=owner, ingredient=retinol)
    response = editor_client.get(reverse("admin:catalog_ingredient_delete", args=[retinol.pk]))
    assert response.status_code == 403
    assert owner.email not in response.content.decode()


def test_class_admin_saves_a_new_class(editor_client):
    response = editor_client.post(
        reverse("admin:catalog_ingredientclass_add"),
        {"name": "Sunscreen filter", "slug": "sunscreen-filter", "role": "other", "basis": ""},
    )
    assert response.status_code == 302
    assert IngredientClass.objects.get(slug="sunscreen-filter").name == "Sunscreen filter"


def test_a_product_page_labels_general_reference_ingredients(client):
    from tests.catalog.factories import ProductFactory

    product = ProductFactory(ingredients=[Ingredient.objects.get(slug="retinol")])
    page = client.get(product.get_absolute_url()).content.decode()
    assert "†" in page and "not from our source article" in page
    plain = ProductFactory(ingredients=[Ingredient.objects.get(slug="glycolic-acid")])
    assert (
        "not from our source article" not in client.get(plain.get_absolute_url()).content.decode()
    )
