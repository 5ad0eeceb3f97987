import pytest

from catalog.sitemaps import CatalogPagesSitemap, ProductSitemap
from tests.catalog.factories import ProductFactory


@pytest.mark.django_db
def test_product_sitemap_lists_published_products_only():
    live = ProductFactory(slug="zz-live")
    ProductFactory(slug="zz-draft", is_published=False)
    sitemap = ProductSitemap()
    slugs = [p.slug for p in sitemap.items()]
    assert live.slug in slugs and "zz-draft" not in slugs
    assert sitemap.location(live) == "/catalog/zz-live/"
    assert [CatalogPagesSitemap().location(n) for n in CatalogPagesSitemap().items()] == [
        "/catalog/",
        "/catalog/fit/",
    ]
