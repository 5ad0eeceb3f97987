"""Markdown to safe HTML for guide articles: pure functions, no database access.

Pipeline: Python-Markdown (with stable heading anchors) → nh3 allow-list sanitiser →
table of contents read back from the sanitised headings → first mention of each glossary
term linked to its definition. Staff write the Markdown, but it is still treated as
untrusted: raw HTML, script tags, event attributes and ``javascript:`` links never survive.
"""

import functools
import html
import re
from dataclasses import dataclass, field

import markdown
import nh3
from django.utils.text import slugify

# Bump when the pipeline's output changes so cached renderings are rebuilt.
RENDER_VERSION = 3

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "li", "ol", "p",
    "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "th": {"scope"},
}
URL_SCHEMES = {"http", "https", "mailto"}

# Text inside these elements is never turned into a glossary link.
NO_LINK_ELEMENTS = {"a", "h2", "h3", "h4", "code", "pre", "abbr"}


@dataclass(frozen=True)
class TocEntry:
    level: int
    anchor: str
    text: str


@dataclass(frozen=True)
class GlossaryLink:
    """A glossary term as the renderer needs it: the spellings to look for and where to link."""

    term: str
    url: str
    spellings: tuple[str, ...]


@dataclass(frozen=True)
class Rendered:
    html: str
    toc: tuple[TocEntry, ...] = ()
    linked_terms: tuple[str, ...] = field(default_factory=tuple)


def _slugify_heading(value: str, separator: str) -> str:
    return slugify(value) or "section"


def markdown_to_html(text: str) -> str:
    """Markdown → HTML (unsanitised). Headings get stable ids; `{#id}` sets one explicitly."""
    md = markdown.Markdown(
        extensions=["attr_list", "sane_lists", "tables", "toc"],
        extension_configs={"toc": {"slugify": _slugify_heading, "toc_depth": "2-3"}},
        output_format="html",
    )
    return md.convert(text or "")


def sanitise(raw_html: str) -> str:
    """Keep only allow-listed tags, attributes and URL schemes."""
    return nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
    )


def render_markdown(text: str) -> str:
    """Markdown → sanitised HTML, for short texts such as FAQ answers."""
    return sanitise(markdown_to_html(text))


_HEADING = re.compile(r'<h([23]) id="([^"]+)">(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")


def table_of_contents(safe_html: str) -> tuple[TocEntry, ...]:
    """Level-2 and level-3 headings with their anchors, in document order."""
    return tuple(
        TocEntry(int(level), anchor, html.unescape(_TAG.sub("", inner)).strip())
        for level, anchor, inner in _HEADING.findall(safe_html)
    )


def _spelling_pattern(spelling: str) -> str:
    words = [re.escape(word) for word in re.split(r"[\s-]+", spelling.strip()) if word]
    # Spaces and hyphens are interchangeable ("cold chain", "cold-chain"); allow plural -s/-es.
    return r"[\s-]+".join(words) + r"(?:e?s)?"


def link_glossary_terms(safe_html: str, terms: list[GlossaryLink]) -> tuple[str, tuple[str, ...]]:
    """Link the first mention of each term in body text (not in headings, links or code)."""
    if not terms:
        return safe_html, ()
    alternatives = []
    owner_of = {}
    for index, term in enumerate(terms):
        for spelling in sorted(term.spellings, key=len, reverse=True):
            group = f"t{index}_{len(alternatives)}"
            alternatives.append((len(spelling), f"(?P<{group}>{_spelling_pattern(spelling)})"))
            owner_of[group] = term
    # Longest spellings first so "hyaluronic acid" wins over "acid".
    alternatives.sort(key=lambda item: item[0], reverse=True)
    pattern = re.compile(
        r"(?<![\w-])(?:" + "|".join(p for _, p in alternatives) + r")(?![\w-])", re.I
    )

    linked: list[str] = []
    done: set[str] = set()
    open_skips: list[str] = []
    out: list[str] = []

    def replace(match: re.Match) -> str:
        term = owner_of[match.lastgroup]
        if term.term in done:
            return match.group(0)
        done.add(term.term)
        linked.append(term.term)
        return (
            f'<a class="glossary-link" href="{html.escape(term.url)}" '
            f'title="Glossary: {html.escape(term.term)}">{match.group(0)}</a>'
        )

    for piece in re.split(r"(<[^>]+>)", safe_html):
        if piece.startswith("<"):
            name = re.match(r"</?([a-zA-Z0-9]+)", piece)
            tag = name.group(1).lower() if name else ""
            if tag in NO_LINK_ELEMENTS:
                if piece.startswith("</"):
                    if open_skips and open_skips[-1] == tag:
                        open_skips.pop()
                elif not piece.endswith("/>"):
                    open_skips.append(tag)
            out.append(piece)
        elif piece and not open_skips:
            out.append(pattern.sub(replace, piece))
        else:
            out.append(piece)
    return "".join(out), tuple(linked)


def render_article(text: str, terms: list[GlossaryLink]) -> Rendered:
    """The whole pipeline for an article body."""
    safe = sanitise(markdown_to_html(text))
    toc = table_of_contents(safe)
    linked_html, linked = link_glossary_terms(safe, terms)
    return Rendered(html=linked_html, toc=toc, linked_terms=linked)


_MD_NOISE = re.compile(r"\{#[^}]*\}|[#*_`>|]+|\[([^\]]*)\]\([^)]*\)|^\s*(?:[-+]|\d+\.)\s+", re.M)


@functools.lru_cache(maxsize=1024)
def plain_text(markdown_text: str) -> str:
    """Markdown reduced to readable plain text (for snippets and originality checks).

    Remembered per text: search asks for the same article bodies on every query, and a
    changed body is a different key."""
    text = _MD_NOISE.sub(lambda m: m.group(1) or " ", markdown_text or "")
    return re.sub(r"\s+", " ", text).strip()
