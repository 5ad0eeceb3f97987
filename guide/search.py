"""Site search over guide articles, FAQ, glossary and published catalog products.

PostgreSQL: full-text search (weighted SearchVector, prefix tsquery, SearchRank).
Other databases (SQLite): every term must appear in one of the fields; scored in Python.
Either way results are merged, and title matches come before everything else.
"""

from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.db import connection
from django.db.models import Q
from django.urls import reverse

from catalog.models import Product
from guide import searchtext
from guide.models import Article, FaqEntry, GlossaryTerm
from guide.rendering import plain_text

PER_KIND_LIMIT = 20
TOTAL_LIMIT = 30


@dataclass(frozen=True)
class Hit:
    kind: str
    title: str
    url: str
    text: str
    score: float
    title_match: bool
    # The catalog product's id for "Catalog" hits (avoid-list flags), else None.
    product_id: int | None = None


# (model queryset factory, kind label, {field: weight}) — the first field is the title.
def _sources():
    return [
        (
            lambda: Article.objects.published(),
            "Guide",
            {"title": "A", "summary": "B", "body": "C"},
        ),
        (lambda: FaqEntry.objects.published(), "FAQ", {"question": "A", "answer": "B"}),
        (
            lambda: GlossaryTerm.objects.published(),
            "Glossary",
            {"term": "A", "also_matches": "B", "definition": "B"},
        ),
        (
            lambda: Product.objects.published().select_related("brand"),
            "Catalog",
            {"name": "A", "brand__name": "A", "profile": "B", "why_consider": "C"},
        ),
    ]


WEIGHT_SCORE = {"A": 10.0, "B": 3.0, "C": 1.0}


def _hit(kind: str, obj, terms: list[str], rank: float | None) -> Hit:
    if isinstance(obj, Article):
        title, url, text = obj.title, obj.get_absolute_url(), obj.summary
        extra = [(obj.summary, 3.0), (plain_text(obj.body), 1.0)]
        if not searchtext.contains_any(obj.summary, terms):
            text = plain_text(obj.body)
    elif isinstance(obj, FaqEntry):
        title, url, text = obj.question, obj.get_absolute_url(), obj.answer_text()
        extra = [(text, 3.0)]
    elif isinstance(obj, GlossaryTerm):
        title, url, text = obj.term, obj.get_absolute_url(), obj.definition
        extra = [(obj.also_matches, 3.0), (text, 3.0)]
    else:
        title, url, text = str(obj), obj.get_absolute_url(), obj.profile or obj.why_consider
        extra = [(obj.profile, 3.0), (obj.why_consider, 1.0)]
    title_match = searchtext.contains_any(title, terms)
    if rank is None:
        rank = searchtext.score([(title, 10.0), *extra], terms)
    product_id = obj.pk if isinstance(obj, Product) else None
    snippet = searchtext.snippet(text, terms)
    return Hit(kind, title, url, snippet, float(rank), title_match, product_id)


def _postgres_rows(queryset, fields, terms):
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = reduce(
        lambda a, b: a + b,
        (SearchVector(name, weight=weight, config="english") for name, weight in fields.items()),
    )
    # Terms are plain word characters only, so a raw tsquery is safe. Prefix matching (:*)
    # lets live search find "exosome" while the reader is still typing "exos".
    raw = " & ".join(f"{term}:*" for term in terms)
    search_query = SearchQuery(raw, search_type="raw", config="english")
    return (
        queryset.annotate(search=vector, rank=SearchRank(vector, search_query))
        .filter(search=search_query)
        .order_by("-rank")[:PER_KIND_LIMIT]
    )


def _fallback_rows(queryset, fields, terms):
    stems = searchtext.match_terms(terms)
    condition = reduce(
        and_,
        (reduce(or_, (Q(**{f"{name}__icontains": stem}) for name in fields)) for stem in stems),
    )
    return queryset.filter(condition)[: PER_KIND_LIMIT * 3]


def search_site(query: str) -> list[Hit]:
    """Ranked hits for `query` (already cleaned); empty when it has no usable terms."""
    terms = searchtext.query_terms(query)
    if not terms:
        return []
    use_postgres = connection.vendor == "postgresql"
    hits: list[Hit] = []
    for make_queryset, kind, fields in _sources():
        if use_postgres:
            rows = _postgres_rows(make_queryset(), fields, terms)
            hits += [_hit(kind, row, terms, row.rank) for row in rows]
        else:
            rows = _fallback_rows(make_queryset(), fields, terms)
            kind_hits = sorted(
                (_hit(kind, row, terms, None) for row in rows), key=lambda h: -h.score
            )
            hits += kind_hits[:PER_KIND_LIMIT]
    hits.sort(key=lambda hit: (not hit.title_match, -hit.score, hit.title.lower()))
    return hits[:TOTAL_LIMIT]


def search_url(query: str) -> str:
    from urllib.parse import urlencode

    return reverse("search") + "?" + urlencode({"q": query})
