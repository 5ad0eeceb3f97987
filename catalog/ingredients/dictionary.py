"""Reads of the ingredient dictionary for matching: other areas use these, never the models.

`read_list(text)` is the one way a pasted list is understood (routines' own products, the
staff importer); `entry_from(ingredient)` turns a catalog ingredient, classes prefetched,
into the plain record the rules read.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from catalog.ingredients.match import ClassEntry, Dictionary, Entry, Recognised, recognise
from catalog.ingredients.parse import ParsedList, parse_ingredient_list
from catalog.models import Ingredient, IngredientClass


def class_entry(klass: IngredientClass) -> ClassEntry:
    return ClassEntry(klass.pk, klass.name, klass.role, tuple(klass.other_names))


def entry_from(ingredient: Ingredient) -> Entry:
    """The rules' record of a catalog ingredient (reads its prefetched `classes`)."""
    return Entry(
        id=ingredient.pk,
        name=ingredient.name,
        role=ingredient.role,
        classes=tuple(class_entry(c) for c in ingredient.classes.all()),
        is_general_reference=ingredient.is_general_reference,
    )


def with_classes(queryset=None):
    """Ingredients with their classes prefetched, by name (for Prefetch on products)."""
    queryset = Ingredient.objects.all() if queryset is None else queryset
    return queryset.prefetch_related("classes").order_by("name")


def load_dictionary() -> Dictionary:
    """Every ingredient with its names, synonyms and classes (four queries)."""
    ingredients = Ingredient.objects.prefetch_related(
        Prefetch("classes", queryset=IngredientClass.objects.order_by("name")), "synonyms"
    ).order_by("pk")
    classes = IngredientClass.objects.order_by("name")
    return Dictionary.build(
        (
            (entry_from(i), [i.inci_name, i.name], [s.name for s in i.synonyms.all()])
            for i in ingredients
        ),
        [class_entry(c) for c in classes],
    )


@dataclass(frozen=True)
class ListReading:
    """A pasted list as parsed and matched: what the preview shows before anything is saved."""

    parsed: ParsedList
    rows: tuple[Recognised, ...]

    @property
    def recognised(self) -> list[Recognised]:
        return [r for r in self.rows if r.is_matched]

    @property
    def unmatched(self) -> list[Recognised]:
        return [r for r in self.rows if not r.is_matched]

    @property
    def entries(self) -> list[Entry]:
        """Matched entries, each once, in label order."""
        unique: dict[int, Entry] = {}
        for row in self.recognised:
            unique.setdefault(row.entry.id, row.entry)
        return list(unique.values())


def read_list(text: str, dictionary: Dictionary | None = None) -> ListReading:
    """Parse `text` and match every item against the dictionary."""
    parsed = parse_ingredient_list(text)
    if not parsed.items:
        return ListReading(parsed, ())
    dictionary = dictionary if dictionary is not None else load_dictionary()
    return ListReading(parsed, tuple(recognise(parsed, dictionary)))
