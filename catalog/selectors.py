"""Catalog reads other areas share: the product picker search and avoid-list flags."""

from django.db.models import Q

from catalog.avoid import avoided_in
from catalog.models import Product

SEARCH_LIMIT = 8


def search_products(query: str, limit: int = SEARCH_LIMIT) -> list[Product]:
    """Published products whose name or brand contains `query`, brand then name order."""
    # NUL cannot be sent to PostgreSQL (a 500 before); it never appears in a product name.
    query = query.replace("\x00", "").strip()[:80]
    if not query:
        return []
    return list(
        Product.objects.published()
        .select_related("brand")
        .filter(Q(name__icontains=query) | Q(brand__name__icontains=query))
        .order_by("brand__name", "name")[:limit]
    )


def avoid_flags(request, products) -> dict[int, list[str]]:
    """{product_id: [names of ingredients the reader avoids]} for these products.

    The avoided ids come from `request.avoided_ingredient_ids` (set by the routines seam,
    empty for anonymous readers); one query when there is anything to match, none otherwise.
    `products` may be Product objects or ids.
    """
    product_ids = [p if isinstance(p, int) else p.pk for p in products]
    if not product_ids:
        return {}
    avoided_ids = frozenset(getattr(request, "avoided_ingredient_ids", None) or ())
    if not avoided_ids:
        return {}
    rows = Product.ingredients.through.objects.filter(
        product_id__in=product_ids, ingredient_id__in=avoided_ids
    ).values_list("product_id", "ingredient_id", "ingredient__name")
    ingredients: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    for product_id, ingredient_id, name in rows:
        ingredients.setdefault(product_id, []).append(ingredient_id)
        names[ingredient_id] = name
    return avoided_in(ingredients, names)
