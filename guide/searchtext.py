"""Pure text helpers for site search: query terms, scoring, snippets, highlighting. No ORM."""

import functools
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from catalog.querytext import MIN_TERM_LENGTH, STOP_WORDS
from catalog.querytext import stem as _stem

MAX_QUERY_LENGTH = 100


def clean_query(raw: str | None) -> str:
    """Trim, collapse spaces and cap the length of what the reader typed."""
    return re.sub(r"\s+", " ", (raw or "")).strip()[:MAX_QUERY_LENGTH]


def query_terms(query: str) -> list[str]:
    """Distinct lower-case words worth matching, in the order typed."""
    terms: list[str] = []
    for word in re.findall(r"[^\W_]+", query.lower()):
        if len(word) >= MIN_TERM_LENGTH and word not in STOP_WORDS and word not in terms:
            terms.append(word)
    return terms


def _pattern(terms: list[str]) -> re.Pattern | None:
    return _compiled_pattern(tuple(terms))


@functools.lru_cache(maxsize=256)
def _compiled_pattern(terms: tuple[str, ...]) -> re.Pattern | None:
    # Remembered per set of terms: a results page asks for it for every title and snippet.
    stems = sorted({_stem(t) for t in terms if t}, key=len, reverse=True)
    if not stems:
        return None
    # A stem matches at the start of a word and takes the rest of that word with it.
    alternatives = "|".join(re.escape(stem) for stem in stems)
    return re.compile(r"(?<![^\W_])(?:" + alternatives + r")[^\W_]*", re.I)


def contains_any(text: str, terms: list[str]) -> bool:
    pattern = _pattern(terms)
    return bool(pattern and pattern.search(text or ""))


def score(fields: list[tuple[str, float]], terms: list[str]) -> float:
    """Weighted count of term occurrences over (text, weight) fields; title weighs most."""
    pattern = _pattern(terms)
    if pattern is None:
        return 0.0
    return sum(weight * min(len(pattern.findall(text or "")), 10) for text, weight in fields)


def snippet(text: str, terms: list[str], width: int = 180) -> str:
    """A window of `text` around the first matching term, cut at word boundaries."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if len(text) <= width:
        return text
    pattern = _pattern(terms)
    found = pattern.search(text) if pattern else None
    start = max(0, (found.start() if found else 0) - width // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return ("… " if start else "") + text[start:end] + (" …" if end < len(text) else "")


def highlight(text: str, terms: list[str]) -> SafeString:
    """Escape `text` and wrap each term match in <mark>."""
    pattern = _pattern(terms)
    if pattern is None:
        return escape(text)
    parts = []
    last = 0
    for found in pattern.finditer(text):
        parts.append(escape(text[last : found.start()]))
        parts.append(f"<mark>{escape(found.group(0))}</mark>")
        last = found.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped
