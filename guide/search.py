"""Site search over guide articles, FAQ, glossary and published catalog products.

What the reader typed becomes *groups* of alternatives: every group must match, any one
alternative of a group will do. A plain word is a group of one; a phrase staff listed as a
synonym (guide.SearchSynonym: "retinol" → "retinoid") is a group of the phrase and what it
means; a one-letter word stays with the word before it ("vitamin c" is one phrase).

PostgreSQL: each row's stored ``search_vector`` (GIN index, guide/search_index.py and
catalog.models.ProductQuerySet.refresh_derived) is matched against a tsquery in the
``cellwise`` configuration (unaccent, then English stems), single words prefix-matched so
live search finds "exosome" from "exos"; ranked with SearchRank. Four indexed queries, one per
kind, whatever the size of the catalog.
Other databases (SQLite, for development): every group must appear in one of the fields
(icontains); scored in Python; no accent folding.
Either way results are merged and title matches come first. When nothing matches, the words
are compared with the site's vocabulary (glossary terms, ingredients, concerns, brands,
synonyms) — trigram similarity on PostgreSQL, difflib elsewhere — for a "did you mean", and
the results of that suggestion are shown.
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_

from django.db.models import F, Func, Q
from django.urls import reverse

from catalog.models import Brand, Concern, Ingredient, Product
from catalog.textsearch import SEARCH_CONFIG, uses_postgres_search
from guide import searchtext
from guide.models import Article, FaqEntry, GlossaryTerm, SearchSynonym
from guide.rendering import plain_text

PER_KIND_LIMIT = 20
TOTAL_LIMIT = 30
LONGEST_SYNONYM = 4  # words
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
class ParsedQuery:
    # AND of groups; each group an OR of phrases; each phrase a tuple of words.
    groups: list[list[tuple[str, ...]]] = field(default_factory=list)
    # The plain words typed (no synonyms), in order, for a "did you mean".
    typed: list[str] = field(default_factory=list)

    @property
    def terms(self) -> list[str]:
        """Every word worth highlighting (synonyms included, single letters left out)."""
        words: list[str] = []
        for group in self.groups:
            for phrase in group:
                for word in phrase:
                    if len(word) >= searchtext.MIN_TERM_LENGTH and word not in words:
                        words.append(word)
        return words


@dataclass
class SearchResult:
    hits: list[Hit]
    terms: list[str]
    # Set when nothing matched what was typed: the query whose hits are shown instead.
    suggestion: str = ""


def fold(text: str) -> str:
    """Lower case without accents ("Lumière" → "lumiere"), for comparing words."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def synonym_map() -> dict[str, list[str]]:
    """{folded phrase: [what it means, …]} from the staff-edited list (one small query)."""
    return {fold(s.phrase): s.alternatives for s in SearchSynonym.objects.all()}


def parse(query: str, synonyms: dict[str, list[str]]) -> ParsedQuery:
    """Groups of alternatives for `query` (see the module docstring)."""
    words = re.findall(r"[^\W_]+", query.lower())
    folded = [fold(word) for word in words]
    parsed = ParsedQuery()
    i = 0
    while i < len(words):
        for size in range(min(LONGEST_SYNONYM, len(words) - i), 0, -1):
            phrase = " ".join(folded[i : i + size])
            if phrase in synonyms:
                alternatives = [tuple(words[i : i + size])]
                alternatives += [tuple(a.split()) for a in synonyms[phrase]]
                parsed.groups.append(list(dict.fromkeys(alternatives)))
                i += size
                break
        else:
            word = words[i]
            i += 1
            last = parsed.groups[-1] if parsed.groups else None
            if len(word) < searchtext.MIN_TERM_LENGTH:
                # "vitamin c", "omega 3": the letter belongs to the word before it.
                if last is not None and len(last) == 1 and parsed.typed:
                    last[0] = (*last[0], word)
                    parsed.typed[-1] = f"{parsed.typed[-1]} {word}"
            elif word not in searchtext.STOP_WORDS and [(word,)] not in parsed.groups:
                parsed.groups.append([(word,)])
                parsed.typed.append(word)
    return parsed


# (model queryset factory, kind label, {field: weight}) — the first field is the title.
def _sources():
    return [
        (lambda: Article.objects.published(), "Guide", {"title": "A", "summary": "B", "body": "C"}),
        (lambda: FaqEntry.objects.published(), "FAQ", {"question": "A", "answer": "B"}),
        (
            lambda: GlossaryTerm.objects.published(),
            "Glossary",
            {"term": "A", "also_matches": "B", "definition": "B"},
        ),
        (
            lambda: Product.objects.published(),
            "Catalog",
            {"name": "A", "brand_name": "A", "profile": "B", "why_consider": "C"},
        ),
    ]


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


def _hit(kind: str, obj, terms: list[str], score: float, title_match: bool) -> Hit:
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
    return Hit(kind, _title(obj), obj.get_absolute_url(), snippet, score, title_match, product_id)


def tsquery_text(parsed: ParsedQuery) -> str:
    """The groups as raw tsquery syntax. Words are letters and digits only ([^\\W_]+), so
    nothing in them is tsquery syntax."""

    def phrase(words: tuple[str, ...]) -> str:
        last = words[-1] + (":*" if len(words[-1]) >= 3 else "")
        return " <-> ".join([*words[:-1], last])

    return " & ".join("(" + " | ".join(phrase(p) for p in group) + ")" for group in parsed.groups)


def _postgres_rows(queryset, search_query):
    from django.contrib.postgres.search import SearchRank

    return (
        queryset.filter(search_vector=search_query)
        .annotate(rank=SearchRank(F("search_vector"), search_query))
        .order_by("-rank")[:PER_KIND_LIMIT]
    )


def _fallback_rows(queryset, fields, parsed: ParsedQuery):
    def matches(text: str) -> Q:
        return reduce(or_, (Q(**{f"{name}__icontains": text}) for name in fields))

    def phrase(words: tuple[str, ...]) -> Q:
        if len(words) == 1:
            return matches(searchtext.match_terms(list(words))[0])
        return matches(" ".join(words))

    condition = reduce(and_, (reduce(or_, (phrase(p) for p in group)) for group in parsed.groups))
    return queryset.filter(condition)[: PER_KIND_LIMIT * 3]


def _find(parsed: ParsedQuery) -> list[Hit]:
    terms = parsed.terms
    found = []  # (title_match, score, title, kind, row)
    if uses_postgres_search():
        from django.contrib.postgres.search import SearchQuery

        search_query = SearchQuery(tsquery_text(parsed), search_type="raw", config=SEARCH_CONFIG)
        for make_queryset, kind, _fields in _sources():
            for row in _postgres_rows(make_queryset(), search_query):
                title = _title(row)
                found.append((searchtext.contains_any(title, terms), row.rank, title, kind, row))
    else:
        for make_queryset, kind, fields in _sources():
            scored = []
            for row in _fallback_rows(make_queryset(), fields, parsed):
                title = _title(row)
                score = searchtext.score(_weighted_texts(row), terms)
                scored.append((searchtext.contains_any(title, terms), score, title, kind, row))
            scored.sort(key=lambda item: -item[1])
            found += scored[:PER_KIND_LIMIT]
    found.sort(key=lambda item: (not item[0], -item[1], item[2].lower()))
    return [
        _hit(kind, row, terms, float(score), title_match)
        for title_match, score, _title_text, kind, row in found[:TOTAL_LIMIT]
    ]


def _vocabulary_querysets():
    """Short names readers are likely to mean: each (queryset, name field)."""
    return [
        (GlossaryTerm.objects.published(), "term"),
        (Ingredient.objects.all(), "name"),
        (Concern.objects.all(), "name"),
        (Brand.objects.all(), "name"),
        (SearchSynonym.objects.all(), "phrase"),
    ]


def _close_names(word: str) -> list[str]:
    """Vocabulary entries that contain something like `word`, most alike first."""
    if uses_postgres_search():
        from django.contrib.postgres.search import TrigramWordSimilarity

        parts = [
            queryset.order_by()
            .annotate(similarity=TrigramWordSimilarity(word, Func(F(name), function="unaccent")))
            .filter(similarity__gte=MIN_WORD_SIMILARITY)
            .values_list(name, "similarity")
            for queryset, name in _vocabulary_querysets()
        ]
        rows = parts[0].union(*parts[1:], all=True).order_by("-similarity")[:5]
        return [name for name, _ in rows]
    parts = [queryset.order_by().values_list(name) for queryset, name in _vocabulary_querysets()]
    names = [name for (name,) in parts[0].union(*parts[1:], all=True)]
    words = {fold(w): w for name in names for w in re.findall(r"[^\W_]+", name.lower())}
    return difflib.get_close_matches(word, list(words), n=3, cutoff=MIN_DIFFLIB_RATIO)


def _best_word(word: str, names: list[str]) -> str | None:
    """The single word inside `names` most like `word` (names may be several words)."""
    candidates = {fold(w) for name in names for w in re.findall(r"[^\W_]+", name.lower())}
    best = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.5)
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
    parsed = parse(query, synonyms)
    if not parsed.groups:
        return SearchResult(hits=[], terms=[])
    hits = _find(parsed)
    if hits:
        return SearchResult(hits=hits, terms=parsed.terms)
    suggestion = suggest(parsed)
    if not suggestion:
        return SearchResult(hits=[], terms=parsed.terms)
    suggested = parse(suggestion, synonyms)
    return SearchResult(hits=_find(suggested), terms=suggested.terms, suggestion=suggestion)


def search_site(query: str) -> list[Hit]:
    """Ranked hits for exactly `query` (already cleaned; no suggestion); [] when none."""
    parsed = parse(query, synonym_map())
    return _find(parsed) if parsed.groups else []


def search_url(query: str) -> str:
    from urllib.parse import urlencode

    return reverse("search") + "?" + urlencode({"q": query})
