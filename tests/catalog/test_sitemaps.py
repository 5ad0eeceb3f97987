import pytest

from tests.catalog.factories import ProductFactory


@pytest.mark.django_db
def test_sitemap_lists_published_products_only_and_catalog_pages(client):
    ProductFactory(slug="zz-live")
    ProductFactory(slug="zz-draft", is_published=False)
    xml = client.get("/sitemap.xml").content.decode()
    assert "/catalog/zz-live/</loc>" in xml
    assert "zz-draft" not in xml
    assert "/catalog/</loc>" in xml and "/catalog/fit/</loc>" in xml
