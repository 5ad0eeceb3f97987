"""Reads of ingredient lists for steps and shelf items, whichever kind of product they name.

`ingredients_for(user, rows)` is the one place the routine rules get ingredient classes:
a catalog product's from the catalog, an own product's from its pasted list. Conflict
advice, recovery pauses, patch-test cautions and avoid-list flags all read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from catalog.avoid import AvoidList, flag_label
from catalog.cautions import product_cautions
from catalog.ingredients.dictionary import entry_from, read_list
from catalog.selectors import ingredient_entries
from routines.models import OwnProduct, OwnProductIngredient, own_product_key, product_key


def key_for(row) -> str:
    """The product key of a step or shelf item (anything with product_id and custom_name)."""
    return product_key(row.product_id, row.custom_name)


@dataclass
class Ingredients:
    """Ingredient records per product key, and the own products behind the "n…" keys."""

    entries: dict[str, list] = field(default_factory=dict)
    own: dict[str, OwnProduct] = field(default_factory=dict)

    def for_row(self, row) -> list:
        return self.entries.get(key_for(row), [])

    def roles(self, row) -> frozenset[str]:
        """Every rule role the row's product carries (its ingredients' and their classes')."""
        return frozenset(role for entry in self.for_row(row) for role in entry.rule_roles)

    def own_for(self, row) -> OwnProduct | None:
        return None if row.product_id else self.own.get(own_product_key(row.custom_name))


def own_products(user, names) -> dict[str, OwnProduct]:
    """{key: OwnProduct} for these typed names, lists and classes prefetched (three queries)."""
    keys = {own_product_key(name) for name in names if (name or "").strip()}
    if not keys:
        return {}
    listed = OwnProductIngredient.objects.select_related("ingredient").prefetch_related(
        "ingredient__classes"
    )
    products = OwnProduct.objects.filter(user=user, key__in=keys).prefetch_related(
        Prefetch("listed", queryset=listed.order_by("position"))
    )
    return {product.key: product for product in products}


def own_entries(own: OwnProduct) -> list:
    """The dictionary entries an own product's list matched, each once, in label order."""
    unique = {}
    for row in own.listed.all():
        if row.ingredient_id is not None:
            unique.setdefault(row.ingredient_id, entry_from(row.ingredient))
    return list(unique.values())


def ingredients_for(user, rows) -> Ingredients:
    """Ingredient records for steps or shelf items: up to five queries, whatever the number
    of rows or of ingredients per product."""
    rows = list(rows)
    catalog = ingredient_entries({r.product_id for r in rows if r.product_id})
    own = own_products(user, [r.custom_name for r in rows if not r.product_id])
    entries = {f"p{pid}": items for pid, items in catalog.items()}
    entries.update({f"n{key}": own_entries(product) for key, product in own.items()})
    return Ingredients(entries, own)


@dataclass(frozen=True)
class OwnProductFacts:
    """An own product in the shape catalog.cautions reads. Nothing is known about it but
    its list: origin and storage stay unknown, never guessed."""

    name: str
    ingredient_list: list
    is_human_derived: bool | None = None
    contains_exosomes: bool = False
    source_type: str = ""
    needs_refrigeration: bool = False


def own_cautions(name: str, entries) -> list:
    """The cautions catalog products get, for an own product's recognised ingredients."""
    return product_cautions(OwnProductFacts(name, list(entries)))


def own_product_for(user, name: str) -> OwnProduct | None:
    return own_products(user, [name]).get(own_product_key(name))


def own_summary(own: OwnProduct | None) -> dict | None:
    """Counts for a step or shelf row: recognised and unmatched items of a saved list."""
    if own is None or not own.ingredient_text:
        return None
    listed = list(own.listed.all())
    matched = sum(1 for row in listed if row.ingredient_id)
    return {"recognised": matched, "unmatched": len(listed) - matched}


def reading_context(avoid: AvoidList, text: str, *, name: str = "", saved: bool = False) -> dict:
    """What the list partial shows for `text`: matches, unmatched, avoid flags, cautions."""
    reading = read_list(text)
    flags = {}
    for entry in reading.entries:
        if avoid and (label := flag_label(entry, avoid)):
            flags[entry.id] = label
    return {
        "reading": reading,
        "flags": flags,
        "cautions": own_cautions(name, reading.entries),
        "saved": saved,
    }
