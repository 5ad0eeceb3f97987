"""Catalog reads other areas share: the one product search, 'find my fit' candidates,
products' ingredients as the rules read them, and avoid-list flags."""

from dataclasses import dataclass

from django.db.models import Q

from catalog import fit_sql, querytext, textsearch
from catalog.avoid import AvoidList, avoided_in
from catalog.ingredients.dictionary import entry_from
from catalog.models import Product
from catalog.models.querysets import attach_lists

SEARCH_LIMIT = 8
MAX_QUERY_LENGTH = 100
# Where the SQLite path looks; PostgreSQL's stored vector also holds the ingredient names
# (ProductQuerySet.refresh_derived).
SEARCH_FIELDS = ("name", "brand_name", "profile", "why_consider")
# PostgreSQL ranks at most this many matches, the best-scored first (product_pub_score_idx).
RANK_CAP = 200


def search_products(
    query: str | querytext.ParsedQuery,
    *,
    limit: int = SEARCH_LIMIT,
    fields: tuple[str, ...] = (),
) -> list[Product]:
    """Published products matching what the reader typed, best first: the one product search,
    used by the routine editor's picker and by the guide's site search.

    `query` is the typed text, or a ParsedQuery the caller has already expanded (site search
    adds the staff's synonyms). Each product carries its ``rank`` (catalog.textsearch: ``ranked``
    on PostgreSQL, one query; ``matching`` elsewhere). When more than RANK_CAP products match,
    the best-scored RANK_CAP of them are ranked. `fields`, if given, are the only columns read
    (the rest deferred, as ``QuerySet.only``).
    """
    if isinstance(query, str):
        query = querytext.parse(query[:MAX_QUERY_LENGTH])
    if not query.groups:
        return []
    rank_within = (("-score", "brand_name", "name"), RANK_CAP)
    if textsearch.uses_postgres_search():
        # Product.objects.published(), as one written-out query (textsearch.ranked).
        columns = fields or [
            field.name for field in Product._meta.concrete_fields if field.name != "search_vector"
        ]
        return textsearch.ranked(
            Product,
            query,
            columns=columns,
            published_only=True,
            limit=limit,
            rank_within=rank_within,
        )
    products = Product.objects.published()
    return textsearch.matching(
        products.only(*fields) if fields else products,
        query,
        SEARCH_FIELDS,
        limit=limit,
        rank_within=rank_within,
    )


FIT_LIMIT = 20


@dataclass
class FitCandidates:
    # The best matches, then the best of those left out: what catalog.fit.find_fit explains.
    products: list[Product]
    more_matches: bool
    more_left_out: bool


def fit_candidates(goal, *, budget=None, fridge_ok=True, limit=FIT_LIMIT) -> FitCandidates:
    """The `limit` best products for a goal and the `limit` best it leaves out, ranked in the
    database (catalog.fit_sql), whatever the size of the catalog: four queries."""
    ranked = fit_sql.ranked(Product.objects.published(), goal)
    reason = fit_sql.left_out(goal, budget=budget, fridge_ok=fridge_ok)
    shown = list(ranked.exclude(reason)[: limit + 1] if reason else ranked[: limit + 1])
    left = list(ranked.filter(reason)[: limit + 1]) if reason else []
    attach_lists(shown[:limit] + left[:limit])
    return FitCandidates(
        products=shown[:limit] + left[:limit],
        more_matches=len(shown) > limit,
        more_left_out=len(left) > limit,
    )


def ingredient_entries(product_ids, *, avoid: AvoidList | None = None) -> dict[int, list]:
    """{product_id: [catalog.ingredients.match.Entry]}: each product's ingredients with their
    classes, as the rules read them (two queries). With `avoid`, only the ingredients that
    list could flag are loaded."""
    product_ids = list(product_ids)
    if not product_ids:
        return {}
    rows = Product.ingredients.through.objects.filter(product_id__in=product_ids)
    if avoid is not None:
        rows = rows.filter(
            Q(ingredient_id__in=avoid.ingredient_ids) | Q(ingredient__classes__in=avoid.class_ids)
        ).distinct()
    rows = rows.select_related("ingredient").prefetch_related("ingredient__classes")
    entries: dict[int, list] = {}
    for row in rows.order_by("ingredient__name", "pk"):
        entries.setdefault(row.product_id, []).append(entry_from(row.ingredient))
    return entries


def avoid_flags_for(avoid: AvoidList, products) -> dict[int, list[str]]:
    """{product_id: [flag names]} for these products against one avoid list; no query when
    the list is empty. `products` may be Product objects or ids."""
    product_ids = [p if isinstance(p, int) else p.pk for p in products]
    if not avoid or not product_ids:
        return {}
    return avoided_in(ingredient_entries(product_ids, avoid=avoid), avoid)


def avoid_flags(request, products) -> dict[int, list[str]]:
    """{product_id: [names of ingredients the reader avoids]} for these products.

    The list comes from `request.avoid_list` (set by the routines seam, empty for anonymous
    readers): no query when it is empty, two otherwise. A class on the list ("Fragrance")
    flags every ingredient in it, named with the class: "Linalool (Fragrance)".
    """
    return avoid_flags_for(getattr(request, "avoid_list", None) or AvoidList(), products)
