"""Full-text search plumbing shared by the catalog and the guide.

Every searchable row stores its own ``search_vector`` (a ``tsvector`` with a GIN index), so
a search reads an index instead of parsing every row's text. The vectors are built with the
``cellwise`` text search configuration (English stemming after ``unaccent``, created by
catalog migration 0006), so "lumiere" finds "Lumière" and "exosomes" finds "exosome".
On SQLite the column stays empty and ``matching`` takes its simpler path.
"""

from functools import cache, reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, models
from django.db.models import F, Q, Value

from catalog import querytext

SEARCH_CONFIG = "cellwise"


def uses_postgres_search() -> bool:
    return connection.vendor == "postgresql"


def weighted_vector(*parts):
    """One tsvector from (expression or field name, weight) pairs, in the site's config."""
    vectors = [SearchVector(part, weight=weight, config=SEARCH_CONFIG) for part, weight in parts]
    combined = vectors[0]
    for vector in vectors[1:]:
        combined = combined + vector
    return combined


class WithoutSearchVector(models.Manager):
    """Leaves search_vector out of every SELECT: only the database reads it (filter, rank),
    and sending each row's tsvector to Python cost more than the rest of some rows."""

    def get_queryset(self):
        return super().get_queryset().defer("search_vector")


def matching(queryset, parsed: querytext.ParsedQuery, fields, *, limit: int, rank_within=None):
    """Rows of `queryset` that match every group of `parsed`, at most `limit`, each with a
    ``rank``, as a list.

    PostgreSQL: the stored ``search_vector`` through its GIN index, best ``SearchRank`` first
    (ties in the model's own order). ``rank_within=(ordering, cap)`` ranks only the first
    `cap` matches in that order instead of all of them: the database walks that order's
    index and stops, so a word every row has ("serum") costs what a rare one does; then one
    more query reads the `limit` rows chosen.
    Elsewhere (SQLite, for development): every group in one of `fields` (``icontains`` on a
    crude stem), ``rank`` 0, in the queryset's order; the caller scores these few rows
    itself if it needs an order.
    """
    if uses_postgres_search():
        query = SearchQuery(querytext.tsquery_text(parsed), search_type="raw", config=SEARCH_CONFIG)
        matches = queryset.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query)
        )
        if rank_within is None:
            return list(matches.order_by("-rank", *queryset.model._meta.ordering)[:limit])
        ordering, cap = rank_within
        candidates = matches.order_by(*ordering).values_list("pk", "rank")[:cap]
        # sorted() is stable: equal ranks stay in `ordering`.
        chosen = sorted(candidates, key=lambda row: -row[1])[:limit]
        rows = queryset.in_bulk([pk for pk, _rank in chosen])
        for pk, rank in chosen:
            rows[pk].rank = rank
        return [rows[pk] for pk, _rank in chosen]

    def contains(text: str) -> Q:
        return reduce(or_, (Q(**{f"{name}__icontains": text}) for name in fields))

    def phrase(words: tuple[str, ...]) -> Q:
        return contains(querytext.stem(words[0]) if len(words) == 1 else " ".join(words))

    condition = reduce(and_, (reduce(or_, (phrase(p) for p in group)) for group in parsed.groups))
    return list(queryset.filter(condition).annotate(rank=Value(0.0))[:limit])


@cache
def _ranked_sql(model, columns: tuple[str, ...], published_only: bool, within: tuple) -> str:
    """What ``matching`` has the ORM build, written once per shape (see ``ranked``)."""
    quote = connection.ops.quote_name
    meta = model._meta

    def order_by(names) -> list[str]:
        return [
            f"{quote(meta.get_field(name.lstrip('-')).column)}"
            f" {'DESC' if name.startswith('-') else 'ASC'}"
            for name in names
        ]

    names = [meta.pk.name, *columns, *(name.lstrip("-") for name in within)]
    selected = ", ".join(dict.fromkeys(quote(meta.get_field(name).column) for name in names))
    vector = quote(meta.get_field("search_vector").column)
    conditions = [f"{vector} @@ to_tsquery(%s::regconfig, %s)"]
    if published_only:
        conditions.insert(0, quote(meta.get_field("is_published").column))
    # Only quoted names from the model go into the text; the query is a parameter.
    matches = (
        f'SELECT {selected}, ts_rank({vector}, to_tsquery(%s::regconfig, %s)) AS "rank"'  # noqa: S608
        f" FROM {quote(meta.db_table)} WHERE {' AND '.join(conditions)}"
    )
    if not within:
        order = ", ".join(['"rank" DESC', *order_by(meta.ordering)])
        return f"{matches} ORDER BY {order} LIMIT %s"
    # The first `cap` matches in `within`'s order (its index, walked until it has them),
    # then the best ranked of those, equal ranks still in that order.
    within_order = ", ".join(order_by(within))
    return (
        f"SELECT * FROM ({matches} ORDER BY {within_order} LIMIT %s) AS candidates"  # noqa: S608
        f' ORDER BY "rank" DESC, {within_order} LIMIT %s'
    )


def ranked(
    model,
    parsed: querytext.ParsedQuery,
    *,
    columns,
    published_only: bool,
    limit: int,
    rank_within=None,
):
    """PostgreSQL: what ``matching(queryset, parsed, …, limit=limit, rank_within=…)``
    returns for ``model.objects.only(*columns)`` (published rows only if asked), each row
    with its ``rank``, in one query.

    The same SQL as the ORM's, written once per shape: building and compiling the queryset
    on every search cost more CPU than the database spent answering it. With
    ``rank_within`` it is also one query where matching() needs two."""
    text = querytext.tsquery_text(parsed)
    ordering, cap = rank_within or ((), None)
    sql = _ranked_sql(model, tuple(columns), published_only, tuple(ordering))
    params = [SEARCH_CONFIG, text, SEARCH_CONFIG, text, *([cap] if rank_within else []), limit]
    return list(model.objects.raw(sql, params))
