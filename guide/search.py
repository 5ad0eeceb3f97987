"""Site search over guide articles, FAQ, glossary and published catalog products.

What the reader typed becomes groups of alternatives (catalog.querytext), expanded with the
staff's synonyms (guide.SearchSynonym: "retinol" → "retinoid"). Each kind is then found by
catalog.textsearch (``ranked`` on PostgreSQL, ``matching`` elsewhere): products through the
catalog's one product search (catalog.selectors.search_products, which the routine
editor's picker uses too), the guide's rows directly, reading only the columns a hit shows.

PostgreSQL: each row's stored ``search_vector`` (GIN index, guide/search_index.py and
catalog.models.ProductQuerySet.refresh_derived) is matched against a tsquery in the
``cellwise`` configuration (unaccent, then English stems), single words prefix-matched so
live search finds "exosome" from "exos"; ranked with ts_rank. Four indexed queries, one per
kind, whatever the size of the catalog, each written out once rather than built per search.
Other databases (SQLite, for development): every group must appear in one of the fields
(icontains); scored in Python; no accent folding.
Either way results are merged and title matches come first. When nothing matches, the words
are compared with the site's vocabulary (glossary terms, ingredients, concerns, brands,
synonyms) — trigram similarity on PostgreSQL, difflib elsewhere — for a "did you mean", and
the results of that suggestion are shown.
"""

import difflib
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.urls import reverse

from catalog import querytext
from catalog.models import Brand, Concern, Ingredient, Product
from catalog.querytext import ParsedQuery, fold
from catalog.selectors import search_products
from catalog.textsearch import matching, ranked, uses_postgres_search
from guide import searchtext
from guide.models import Article, FaqEntry, GlossaryTerm, SearchSynonym
from guide.rendering import plain_text

PER_KIND_LIMIT = 20
TOTAL_LIMIT = 30
# Below this, a vocabulary word is too unlike what was typed to suggest it.
MIN_WORD_SIMILARITY = 0.45
MIN_DIFFLIB_RATIO = 0.7


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


@dataclass
class SearchResult:
    hits: list[Hit]
    terms: list[str]
    # Set when nothing matched what was typed: the query whose hits are shown instead.
    suggestion: str = ""


def synonym_map() -> dict[str, list[str]]:
    """{folded phrase: [what it means, …]} from the staff-edited list (one small query)."""
    return {fold(s.phrase): s.alternatives for s in SearchSynonym.objects.all()}


# (model, kind label, fields the SQLite path looks in (the first is the title), the columns
# read). Products are the catalog's to find (catalog.selectors.search_products). Only what a
# hit shows and the SQLite path scores is read: an article's other columns, or a product's
# thirty, cost more to turn into objects than the search itself.
def _guide_sources():
    return [
        (Article, "Guide", ("title", "summary", "body"), ("title", "slug", "summary", "body")),
        (FaqEntry, "FAQ", ("question", "answer"), ("question", "slug", "answer")),
        (
            GlossaryTerm,
            "Glossary",
            ("term", "also_matches", "definition"),
            ("term", "slug", "also_matches", "definition"),
        ),
    ]


# What a catalog hit reads: its title (str(product)), link, snippet and score.
PRODUCT_HIT_FIELDS = ("brand", "brand_name", "name", "slug", "profile", "why_consider")
_SLUG = "search-hit-slug"


def _url_makers(models) -> dict[type, Callable[[str], str]]:
    """{model: slug → the row's get_absolute_url()} for these models, from one reverse() per
    kind instead of one per hit (tests/guide/test_search.py holds them to
    get_absolute_url)."""

    def around_slug(name: str) -> Callable[[str], str]:
        before, after = reverse(name, kwargs={"slug": _SLUG}).split(_SLUG)
        return lambda slug: f"{before}{slug}{after}"

    def anchor(name: str) -> Callable[[str], str]:
        page = reverse(name)
        return lambda slug: f"{page}#{slug}"

    makers = {
        Article: lambda: around_slug("guide:article"),
        FaqEntry: lambda: anchor("guide:faq"),
        GlossaryTerm: lambda: anchor("guide:glossary"),
        Product: lambda: around_slug("catalog:detail"),
    }
    return {model: makers[model]() for model in models}


def _title(obj) -> str:
    if isinstance(obj, Article):
        return obj.title
    if isinstance(obj, FaqEntry):
        return obj.question
    if isinstance(obj, GlossaryTerm):
        return obj.term
    return str(obj)


def _weighted_texts(obj) -> list[tuple[str, float]]:
    """The fields the SQLite path scores a row on, title first."""
    if isinstance(obj, Article):
        return [(obj.title, 10.0), (obj.summary, 3.0), (plain_text(obj.body), 1.0)]
    if isinstance(obj, FaqEntry):
        return [(obj.question, 10.0), (obj.answer_text(), 3.0)]
    if isinstance(obj, GlossaryTerm):
        return [(obj.term, 10.0), (obj.also_matches, 3.0), (obj.definition, 3.0)]
    return [(str(obj), 10.0), (obj.profile, 3.0), (obj.why_consider, 1.0)]


def _hit(kind: str, obj, terms: list[str], score: float, title_match: bool, url: str) -> Hit:
    """The shown result: link and snippet (only built for the hits on the page)."""
    if isinstance(obj, Article):
        text = obj.summary
        if not searchtext.contains_any(obj.summary, terms):
            text = plain_text(obj.body)
    elif isinstance(obj, FaqEntry):
        text = obj.answer_text()
    elif isinstance(obj, GlossaryTerm):
        text = obj.definition
    else:
        text = obj.profile or obj.why_consider
    product_id = obj.pk if isinstance(obj, Product) else None
    snippet = searchtext.snippet(text, terms)
    return Hit(kind, _title(obj), url, snippet, score, title_match, product_id)


def _rows_by_kind(parsed: ParsedQuery):
    """(kind, matching rows) for each kind: one query each, whatever the size of the site."""
    # The SQLite path scores its rows in Python, so it reads a few more and keeps the best.
    limit = PER_KIND_LIMIT if uses_postgres_search() else PER_KIND_LIMIT * 3
    for model, kind, fields, columns in _guide_sources():
        if uses_postgres_search():
            rows = ranked(model, parsed, columns=columns, published_only=True, limit=limit)
        else:
            rows = matching(model.objects.published().only(*columns), parsed, fields, limit=limit)
        yield kind, rows
    yield "Catalog", search_products(parsed, limit=limit, fields=PRODUCT_HIT_FIELDS)


def _find(parsed: ParsedQuery) -> list[Hit]:
    terms = parsed.terms
    ranked = uses_postgres_search()
    found = []  # (title_match, score, title, kind, row)
    for kind, rows in _rows_by_kind(parsed):
        scored = []
        for row in rows:
            title = _title(row)
            score = row.rank if ranked else searchtext.score(_weighted_texts(row), terms)
            scored.append((searchtext.contains_any(title, terms), score, title, kind, row))
        if not ranked:
            scored.sort(key=lambda item: -item[1])
        found += scored[:PER_KIND_LIMIT]
    found.sort(key=lambda item: (not item[0], -item[1], item[2].lower()))
    shown = found[:TOTAL_LIMIT]
    url_for = _url_makers({type(row) for *_, row in shown})
    return [
        _hit(kind, row, terms, float(score), title_match, url_for[type(row)](row.slug))
        for title_match, score, _title_text, kind, row in shown
    ]


def _vocabulary_sources():
    """Short names readers are likely to mean: each (model, name field, published only)."""
    return [
        (GlossaryTerm, "term", True),  # GlossaryTerm.objects.published()
        (Ingredient, "name", False),
        (Concern, "name", False),
        (Brand, "name", False),
        (SearchSynonym, "phrase", False),
    ]


@functools.cache
def _vocabulary_sql() -> str:
    """Every vocabulary name, one column ``name``, as one UNION ALL.

    Written out once rather than built with the ORM on every miss: compiling the five
    querysets of the union cost more than the database took to answer it."""
    quote = connection.ops.quote_name
    parts = []
    for model, field, published_only in _vocabulary_sources():
        column = quote(model._meta.get_field(field).column)
        published = quote(model._meta.get_field("is_published").column) if published_only else ""
        where = f" WHERE {published}" if published else ""
        table = quote(model._meta.db_table)
        # Only quoted table and column names from the models go into the text.
        parts.append(f"SELECT {column} AS name FROM {table}{where}")  # noqa: S608
    return " UNION ALL ".join(parts)


def _close_names(word: str) -> list[str]:
    """Vocabulary entries that contain something like `word`, most alike first."""
    with connection.cursor() as cursor:
        if uses_postgres_search():
            # pg_trgm's word_similarity, on the unaccented name, as TrigramWordSimilarity.
            cursor.execute(
                f"SELECT name FROM ({_vocabulary_sql()}) AS vocabulary"  # noqa: S608 - no input
                " WHERE WORD_SIMILARITY(%s, unaccent(name)) >= %s"
                " ORDER BY WORD_SIMILARITY(%s, unaccent(name)) DESC LIMIT 5",
                [word, MIN_WORD_SIMILARITY, word],
            )
            return [name for (name,) in cursor.fetchall()]
        cursor.execute(_vocabulary_sql())
        names = [name for (name,) in cursor.fetchall()]
    words = {fold(w) for name in names for w in querytext.words(name)}
    return _close_matches(word, words, n=3, cutoff=MIN_DIFFLIB_RATIO)


def _close_matches(word: str, candidates, *, n: int, cutoff: float) -> list[str]:
    """difflib.get_close_matches, given only the candidates whose length allows the cutoff.

    A ratio is 2·matches / (both lengths), so a candidate much shorter or longer than
    `word` can never reach `cutoff`; get_close_matches would reject it too, but only after
    building a matcher for it, which is most of its time over a whole vocabulary."""
    size = len(word)
    # The same arithmetic as SequenceMatcher.real_quick_ratio, so the same candidates pass.
    possible = [c for c in candidates if 2.0 * min(size, len(c)) / (size + len(c)) >= cutoff]
    # The order does not matter: the best are chosen by (ratio, word).
    return difflib.get_close_matches(word, possible, n=n, cutoff=cutoff)


def _best_word(word: str, names: list[str]) -> str | None:
    """The single word inside `names` most like `word` (names may be several words)."""
    candidates = {fold(w) for name in names for w in querytext.words(name)}
    best = _close_matches(word, candidates, n=1, cutoff=0.5)
    return best[0] if best else None


def suggest(parsed: ParsedQuery) -> str:
    """A respelling of the typed words from the site's vocabulary, or "" if none differs."""
    changed = False
    words = []
    for typed in parsed.typed:
        replacement = typed
        if " " not in typed and len(typed) >= 3:
            best = _best_word(fold(typed), _close_names(fold(typed)))
            if best and best != fold(typed):
                replacement, changed = best, True
        words.append(replacement)
    return " ".join(words) if changed else ""


def search(query: str) -> SearchResult:
    """Hits for `query` (already cleaned), or for a suggested respelling when none match."""
    if not re.search(r"[^\W_]", query):
        return SearchResult(hits=[], terms=[])
    synonyms = synonym_map()
    parsed = querytext.parse(query, synonyms)
    if not parsed.groups:
        return SearchResult(hits=[], terms=[])
    hits = _find(parsed)
    if hits:
        return SearchResult(hits=hits, terms=parsed.terms)
    suggestion = suggest(parsed)
    if not suggestion:
        return SearchResult(hits=[], terms=parsed.terms)
    suggested = querytext.parse(suggestion, synonyms)
    return SearchResult(hits=_find(suggested), terms=suggested.terms, suggestion=suggestion)


def search_site(query: str) -> list[Hit]:
    """Ranked hits for exactly `query` (already cleaned; no suggestion); [] when none."""
    parsed = querytext.parse(query, synonym_map())
    return _find(parsed) if parsed.groups else []


def search_url(query: str) -> str:
    from urllib.parse import urlencode

    return reverse("search") + "?" + urlencode({"q": query})
