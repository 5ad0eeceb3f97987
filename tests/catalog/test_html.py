"""Catalog pages are valid HTML (Nu HTML checker; skipped without Java or the npm tools)."""

import pytest
from django.urls import reverse

from catalog.models import Product
from tests.catalog.factories import ProductFactory
from tests.quality.checkers import invalid_html


@pytest.mark.django_db
def test_catalog_pages_are_valid_html(client, tmp_path):
    Product.objects.all().delete()
    one = ProductFactory(slug="one", is_vegan=True)
    ProductFactory(slug="two")
    for slug in ("one", "two"):
        client.post(reverse("catalog:compare"), {"action": "add", "product": slug})
    pages = [
        reverse("catalog:list") + "?min_price=abc&concern=nope",
        reverse("catalog:list") + "?exosomes=on",
        one.get_absolute_url(),
        reverse("catalog:compare"),
        reverse("catalog:fit") + "?goal=vegan",
        reverse("catalog:fit") + "?goal=nonsense",
    ]
    assert invalid_html(client, pages, tmp_path) == []
