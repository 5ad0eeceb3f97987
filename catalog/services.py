"""Catalog writes: the compare basket, and the stored product columns.

The compare basket is up to four product slugs carried in the page address (``?p=a,b``).

Keeping it in the URL rather than a session makes a comparison a link a reader can share
or bookmark, and keeps every catalog page the same for everyone who asks for that address,
so anonymous pages carry nothing per visitor (config/publicpages.py).

The stored product columns derived from other rows are kept current after each change.
"""

import re
from urllib.parse import quote

from catalog.models import Product

COMPARE_PARAM = "p"
# "Add to compare" on a full basket links here with ?add=<slug>: the page answers beside
# that product's control that the basket is full (catalog.js answers without the trip).
COMPARE_ADD_PARAM = "add"
COMPARE_LIMIT = 4
_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,180}$")


def compare_slugs(raw: str | None) -> list[str]:
    """The slugs in a ``p`` value, oldest first: well-formed, each once, at most the limit."""
    slugs: list[str] = []
    for part in (raw or "").split(","):
        slug = part.strip()
        if _SLUG.match(slug) and slug not in slugs:
            slugs.append(slug)
    return slugs[:COMPARE_LIMIT]


def refused_slug(raw: str | None, slugs: list[str]) -> str:
    """The product someone tried to add to the full basket `slugs` (``?add=``), or ""."""
    slug = (raw or "").strip()
    if len(slugs) < COMPARE_LIMIT or slug in slugs or not _SLUG.match(slug):
        return ""
    return slug


def basket_value(slugs: list[str]) -> str:
    """The ``p`` value for these slugs (commas stay readable in the address)."""
    return ",".join(slugs)


def with_product(slugs: list[str], slug: str) -> list[str] | None:
    """The basket with `slug` added at the end; None when it is already full."""
    if slug in slugs:
        return list(slugs)
    if len(slugs) >= COMPARE_LIMIT:
        return None
    return [*slugs, slug]


def without_product(slugs: list[str], slug: str) -> list[str]:
    return [s for s in slugs if s != slug]


def query_with_basket(query, slugs: list[str]) -> str:
    """`query` (a QueryDict) with ``p`` set to `slugs` (dropped when empty), as ``?…`` or "".
    Empty fields (a submitted filter form's blanks) are left out, so the link stays short."""
    return add_basket(query_without_basket(query), slugs)


def query_without_basket(query) -> str:
    """`query` without ``p``, ``add`` and empty fields, as ``?…`` or "": what every link
    that changes the basket keeps (a page of cards encodes it once, catalog.cards)."""
    query = query.copy()
    query.pop(COMPARE_PARAM, None)
    query.pop(COMPARE_ADD_PARAM, None)  # a refusal is said once, not carried along
    for key in [k for k, values in query.lists() if not any(values)]:
        del query[key]
    return f"?{query.urlencode()}" if query else ""


def add_basket(query: str, slugs: list[str]) -> str:
    """A query string from query_without_basket() with ``p`` set to `slugs` (none: as is)."""
    if not slugs:
        return query
    basket = f"{COMPARE_PARAM}={quote(basket_value(slugs), safe=',')}"
    return f"{query}&{basket}" if query else f"?{basket}"


# Stored columns derived from other rows (ProductQuerySet.refresh_derived): the admin and
# any other write path call these after the change, in the same request.


def product_changed(product) -> None:
    """A product, its brand, ingredients or concerns were saved."""
    Product.objects.filter(pk=product.pk).refresh_derived()


def brand_changed(brand) -> None:
    """A brand was renamed (or saved): its products' sort key and search text follow."""
    brand.products.all().refresh_derived()


def ingredient_changed(ingredient) -> None:
    """An ingredient's name or role changed: the products that list it follow."""
    Product.objects.filter(ingredients=ingredient).refresh_derived()


def ingredient_class_changed(ingredient_class) -> None:
    """A class's role changed (its ingredients play it too): their products follow."""
    Product.objects.filter(ingredients__classes=ingredient_class).distinct().refresh_derived()


def catalog_imported() -> None:
    """Staff imported brands, ingredients or products (catalog.imports)."""
    Product.objects.all().refresh_derived()


def products_of(ingredients=None, concerns=None, classes=None) -> list[int]:
    """Ids of the products linked to these ingredients, concerns or ingredient classes
    (read before a delete)."""
    queryset = Product.objects.none()
    if ingredients is not None:
        queryset = Product.objects.filter(ingredients__in=ingredients)
    if concerns is not None:
        queryset = Product.objects.filter(concerns__in=concerns)
    if classes is not None:
        queryset = Product.objects.filter(ingredients__classes__in=classes)
    return list(queryset.values_list("pk", flat=True).distinct())


def products_unlinked(product_ids: list[int]) -> None:
    """Ingredients, concerns or ingredient classes of these products were deleted."""
    Product.objects.filter(pk__in=product_ids).refresh_derived()
