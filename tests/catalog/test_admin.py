from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.models import Product
from tests.catalog.factories import BrandFactory, IngredientFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_editor_sees_products_with_derived_price_per_ml_and_score(editor_client):
    ProductFactory(name="Priced", price=Decimal("90"), size_ml=Decimal("30"))
    response = editor_client.get(reverse("admin:catalog_product_changelist"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "3.00 USD per ml" in content
    assert "/12" in content  # scorecard column


def test_changelist_filters_search_and_sort_by_price_per_ml(editor_client):
    brand = BrandFactory(name="Findable")
    ProductFactory(brand=brand, name="Alpha")
    ProductFactory(name="Beta", ingredients=[IngredientFactory(name="Rare peptide")])
    url = reverse("admin:catalog_product_changelist")
    assert editor_client.get(url, {"q": "Findable"}).context["cl"].result_count == 1
    assert editor_client.get(url, {"q": "Rare peptide"}).context["cl"].result_count == 1
    assert editor_client.get(url, {"is_vegan__exact": "1"}).status_code == 200
    assert editor_client.get(url, {"source_type__exact": "plant"}).status_code == 200
    # price_per_ml_column is the 7th column; ordering by it must not fail.
    assert editor_client.get(url, {"o": "7"}).status_code == 200


def test_editor_can_open_and_save_a_product(editor_client):
    product = ProductFactory(price=Decimal("120"), size_ml=Decimal("30"))
    url = reverse("admin:catalog_product_change", args=[product.pk])
    response = editor_client.get(url)
    content = response.content.decode()
    assert response.status_code == 200
    assert "4.00 USD per ml" in content  # read-only derived field
    assert "Source and transparency" in content  # read-only scorecard
    assert "Start typing to find the brand" in content  # help text
    assert "data-prepopulated" in content or "prepopulated" in content
    assert "admin-autocomplete" in content  # brand, concerns, ingredients


def test_admin_refuses_bad_values_with_a_message(editor_client):
    product = ProductFactory()
    url = reverse("admin:catalog_product_change", args=[product.pk])
    data = {
        "brand": product.brand_id,
        "name": product.name,
        "slug": product.slug,
        "source_type": "plant",
        "concentration_disclosure": "percentage",
        "concentration_percent": "150",
        "packaging": "",
        "evidence_level": "",
        "price": "-3",
        "size_ml": "30",
        "currency": "USD",
    }
    response = editor_client.post(url, data)
    assert response.status_code == 200  # form redisplayed, nothing saved
    errors = response.context["adminform"].form.errors
    assert "less than or equal to 100" in errors["concentration_percent"][0]
    assert "greater than or equal to 0.01" in errors["price"][0]
    product.refresh_from_db()
    assert product.source_type != "plant"


def test_publish_and_unpublish_actions(editor_client):
    draft = ProductFactory(is_published=False)
    live = ProductFactory(is_published=True)
    url = reverse("admin:catalog_product_changelist")
    editor_client.post(url, {"action": "publish", "_selected_action": [draft.pk]})
    editor_client.post(url, {"action": "unpublish", "_selected_action": [live.pk]})
    assert Product.objects.get(pk=draft.pk).is_published is True
    assert Product.objects.get(pk=live.pk).is_published is False


def test_autocomplete_endpoints_work_for_editors(editor_client):
    BrandFactory(name="Autocomplete brand")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "catalog", "model_name": "product", "field_name": "brand", "term": "Auto"},
    )
    assert response.status_code == 200
    assert "Autocomplete brand" in response.content.decode()


def test_editor_cannot_open_user_or_routine_data(editor_client):
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert editor_client.get("/admin/routines/").status_code in (403, 404)
    index = editor_client.get(reverse("admin:index")).content.decode()
    assert "/admin/routines/" not in index
    assert "/admin/auth/user/" not in index


def test_ordinary_users_and_anonymous_cannot_use_the_catalog_admin(owner_client, anon_client):
    url = reverse("admin:catalog_product_changelist")
    assert owner_client.get(url).status_code == 302
    assert anon_client.get(url).status_code == 302
