"""The compare basket: up to four product slugs kept in the reader's session."""

COMPARE_SESSION_KEY = "catalog_compare"
COMPARE_LIMIT = 4


def compare_slugs(session) -> list[str]:
    """The slugs in the reader's compare basket, oldest first."""
    value = session.get(COMPARE_SESSION_KEY, [])
    if not isinstance(value, list):
        return []
    return [s for s in value if isinstance(s, str)][:COMPARE_LIMIT]


class CompareFull(Exception):
    """The basket already holds COMPARE_LIMIT products."""


def add_to_compare(session, slug: str) -> bool:
    """Add a slug; False if it was already there. Raises CompareFull at the limit."""
    slugs = compare_slugs(session)
    if slug in slugs:
        return False
    if len(slugs) >= COMPARE_LIMIT:
        raise CompareFull
    session[COMPARE_SESSION_KEY] = [*slugs, slug]
    return True


def remove_from_compare(session, slug: str) -> bool:
    """Remove a slug; False if it was not there."""
    slugs = compare_slugs(session)
    if slug not in slugs:
        return False
    session[COMPARE_SESSION_KEY] = [s for s in slugs if s != slug]
    return True


def clear_compare(session) -> None:
    session[COMPARE_SESSION_KEY] = []


# Stored columns derived from other rows (ProductQuerySet.refresh_derived): the admin and
# any other write path call these after the change, in the same request.


def product_changed(product) -> None:
    """A product, its brand, ingredients or concerns were saved."""
    from catalog.models import Product

    Product.objects.filter(pk=product.pk).refresh_derived()


def brand_changed(brand) -> None:
    """A brand was renamed (or saved): its products' sort key and search text follow."""
    brand.products.all().refresh_derived()


def ingredient_changed(ingredient) -> None:
    """An ingredient's name or role changed: the products that list it follow."""
    from catalog.models import Product

    Product.objects.filter(ingredients=ingredient).refresh_derived()


def products_of(ingredients=None, concerns=None) -> list[int]:
    """Ids of the products linked to these ingredients or concerns (read before a delete)."""
    from catalog.models import Product

    queryset = Product.objects.none()
    if ingredients is not None:
        queryset = Product.objects.filter(ingredients__in=ingredients)
    if concerns is not None:
        queryset = Product.objects.filter(concerns__in=concerns)
    return list(queryset.values_list("pk", flat=True).distinct())


def products_unlinked(product_ids: list[int]) -> None:
    """Ingredients or concerns of these products were deleted."""
    from catalog.models import Product

    Product.objects.filter(pk__in=product_ids).refresh_derived()
