from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from catalog.models import Product
from guide.models import Article


class SiteUrlSitemap(Sitemap):
    """Absolute URLs from SITE_URL, the same base as the pages' canonical links."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class StaticPagesSitemap(SiteUrlSitemap):
    changefreq = "weekly"

    def items(self):
        return [
            "home",
            "guide:index",
            "guide:faq",
            "guide:glossary",
            "guide:about",
            "catalog:list",
            "catalog:fit",
        ]

    def location(self, item):
        return reverse(item)


class ArticleSitemap(SiteUrlSitemap):
    changefreq = "monthly"

    def items(self):
        return Article.objects.published().order_by("order").only("slug", "updated_at")

    def lastmod(self, article):
        return article.updated_at


class ProductSitemap(SiteUrlSitemap):
    changefreq = "monthly"

    def items(self):
        return Product.objects.published().order_by("slug").only("slug", "updated_at")

    def lastmod(self, product):
        return product.updated_at


SITEMAPS = {"pages": StaticPagesSitemap, "guide": ArticleSitemap, "catalog": ProductSitemap}
