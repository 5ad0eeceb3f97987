"""Avoid-list matching: which listed ingredients of each product a user avoids, and why.

Pure functions, no ORM. A user avoids single ingredients and whole classes ("Fragrance");
`AvoidList` carries both, filled by routines (routines.avoid.middleware puts one on each
request as `request.avoid_list`). Products are matched through their ingredients' plain
records (catalog.ingredients.match.Entry), whether the list came from the catalog or from
a user's pasted list.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class AvoidList:
    ingredient_ids: frozenset[int] = frozenset()
    classes: Mapping[int, str] = field(default_factory=dict)  # class id → class name

    def __bool__(self) -> bool:
        return bool(self.ingredient_ids or self.classes)

    @property
    def class_ids(self) -> frozenset[int]:
        return frozenset(self.classes)


def flag_label(entry, avoid: AvoidList) -> str | None:
    """How a flag names a matched ingredient: "Retinol" when the ingredient itself is on the
    list, "Linalool (Fragrance)" when a class it belongs to is; None when neither."""
    if entry.id in avoid.ingredient_ids:
        return entry.name
    for klass in entry.classes:
        if klass.id in avoid.classes:
            if klass.name.casefold() in entry.name.casefold():
                return entry.name
            return f"{entry.name} ({klass.name})"
    return None


def avoided_names(entries: Iterable, avoid: AvoidList) -> list[str]:
    """The flag names for one product's ingredients, each once, sorted."""
    names = {label for entry in entries if (label := flag_label(entry, avoid))}
    return sorted(names, key=str.casefold)


def avoided_in(entries_by_key: Mapping, avoid: AvoidList) -> dict:
    """{key: [flag names]} for the keys (product ids or product keys) with a match."""
    if not avoid:
        return {}
    flags = {key: avoided_names(entries, avoid) for key, entries in entries_by_key.items()}
    return {key: names for key, names in flags.items() if names}


def describe(names: list[str]) -> str:
    """“niacinamide”, “A and B”, “A, B and C”: the ingredient list in a flag sentence."""
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} and {names[-1]}"
