from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from catalog.models import Product


class ProductSitemap(Sitemap):
    """Published product pages, for config/urls.py's sitemap (robots.txt points at it)."""

    changefreq = "monthly"

    def items(self):
        return Product.objects.published().order_by("slug")

    def lastmod(self, product):
        return product.updated_at


class CatalogPagesSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["catalog:list", "catalog:fit"]

    def location(self, name):
        return reverse(name)
