"""Avoid-list reads for routines pages (shelf, editor): catalog and own products alike."""

from catalog.avoid import AvoidList, avoided_in
from catalog.selectors import avoid_flags_for
from routines.models import AvoidedIngredient
from routines.ownproducts.selectors import Ingredients, ingredients_for


def avoid_list_for(user) -> AvoidList:
    """This user's avoid list (one query; none when anonymous)."""
    return AvoidedIngredient.objects.avoid_list(user)


def avoid_flags(user, products) -> dict[int, list[str]]:
    """{product_id: [flag names]} for catalog products (search results): at most three
    queries, none beyond the list's own when it is empty."""
    return avoid_flags_for(avoid_list_for(user), products)


def flags_for_rows(
    user, rows, *, ingredients: Ingredients | None = None, avoid: AvoidList | None = None
) -> dict[str, list[str]]:
    """{product key: [flag names]} for steps or shelf items, catalog and own products, from
    the same ingredient records the advice reads (pass `ingredients` when already loaded)."""
    avoid = avoid_list_for(user) if avoid is None else avoid
    if not avoid:
        return {}
    if ingredients is None:
        ingredients = ingredients_for(user, rows)
    return avoided_in(ingredients.entries, avoid)
