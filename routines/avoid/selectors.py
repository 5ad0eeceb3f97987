"""Avoid-list reads for routines pages (shelf, editor)."""

from routines.models import AvoidedIngredient


def avoid_flags(user, products) -> dict[int, list[str]]:
    """{product_id: [names of ingredients this user avoids]}, one query, {} for anonymous users.

    `products` may be Product objects or ids. Pages that list products call this once
    and look each product up in the result (or use the `avoid_tags` template tags).
    """
    return AvoidedIngredient.objects.flags_for(user, products)
