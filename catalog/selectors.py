"""Catalog reads: the one product search, 'find my fit' candidates, avoid-list flags."""

from dataclasses import dataclass

from catalog import fit_sql, querytext, textsearch
from catalog.avoid import avoided_in
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
    query: str | querytext.ParsedQuery, *, limit: int = SEARCH_LIMIT
) -> list[Product]:
    """Published products matching what the reader typed, best first: the one product search,
    used by the routine editor's picker and by the guide's site search.

    `query` is the typed text, or a ParsedQuery the caller has already expanded (site search
    adds the staff's synonyms). Each product carries its ``rank`` (catalog.textsearch.matching).
    When more than RANK_CAP products match, the best-scored RANK_CAP of them are ranked.
    """
    if isinstance(query, str):
        query = querytext.parse(query[:MAX_QUERY_LENGTH])
    if not query.groups:
        return []
    return textsearch.matching(
        Product.objects.published(),
        query,
        SEARCH_FIELDS,
        limit=limit,
        rank_within=(("-score", "brand_name", "name"), RANK_CAP),
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
