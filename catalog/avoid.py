"""Avoid-list matching: which of a user's avoided ingredients each product contains.

Pure functions, no ORM: the query that feeds them lives on AvoidedIngredient.objects.
"""

from collections.abc import Iterable, Mapping


def group_flags(rows: Iterable[tuple[int, str]]) -> dict[int, list[str]]:
    """Turn (product_id, ingredient name) rows into {product_id: [names]}, names sorted, unique."""
    flags: dict[int, set[str]] = {}
    for product_id, name in rows:
        flags.setdefault(product_id, set()).add(name)
    return {pid: sorted(names, key=str.casefold) for pid, names in flags.items()}


def avoided_in(
    product_ingredients: Mapping[int, Iterable[int]],
    avoided: Mapping[int, str],
) -> dict[int, list[str]]:
    """Match products' ingredient ids against avoided {ingredient_id: name}; only hits returned."""
    rows = (
        (product_id, avoided[ingredient_id])
        for product_id, ingredient_ids in product_ingredients.items()
        for ingredient_id in ingredient_ids
        if ingredient_id in avoided
    )
    return group_flags(rows)


def describe(names: list[str]) -> str:
    """“niacinamide”, “A and B”, “A, B and C”: the ingredient list in a flag sentence."""
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} and {names[-1]}"
