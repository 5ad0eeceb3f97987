"""What a reader typed into a search box, as groups of alternatives. Pure: no Django, no ORM.

Every group must match, any one alternative of a group will do. A plain word is a group of
one; a phrase with synonyms ("retinol" → "retinoid", given by the caller: the guide's
staff-edited list) is a group of the phrase and what it means; a one-letter word stays with
the word before it ("vitamin c" is one phrase). catalog.textsearch turns the groups into a
database filter; the catalog's product search and the guide's site search both start here.
"""

import re
import unicodedata
from dataclasses import dataclass, field

MIN_TERM_LENGTH = 2
LONGEST_SYNONYM = 4  # words
_STOP_WORDS_TEXT = (
    "a an and are as at be by can do does for from how i in is it my of on or the to what "
    "when which who why will with"
)
STOP_WORDS = frozenset(re.findall(r"\w+", _STOP_WORDS_TEXT))
_WORD = re.compile(r"[^\W_]+")


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
                    if len(word) >= MIN_TERM_LENGTH and word not in words:
                        words.append(word)
        return words


def words(text: str) -> list[str]:
    """The lower-case words of `text` (letters and digits; nothing else survives)."""
    return _WORD.findall(text.lower())


def fold(text: str) -> str:
    """Lower case without accents ("Lumière" → "lumiere"), for comparing words."""
    if text.isascii():
        # Nothing to decompose: the common case, and "did you mean" folds every word of the
        # site's vocabulary.
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def stem(term: str) -> str:
    """A crude stem so 'exosomes' also finds 'exosome' (and vice versa)."""
    for suffix in ("ies", "es", "s"):
        if len(term) > 4 and term.endswith(suffix):
            return term[: -len(suffix)]
    return term


def parse(query: str, synonyms: dict[str, list[str]] | None = None) -> ParsedQuery:
    """Groups of alternatives for `query`; `synonyms` maps a folded phrase to what it means."""
    synonyms = synonyms or {}
    typed_words = words(query)
    folded = [fold(word) for word in typed_words]
    parsed = ParsedQuery()
    i = 0
    while i < len(typed_words):
        for size in range(min(LONGEST_SYNONYM, len(typed_words) - i), 0, -1):
            phrase = " ".join(folded[i : i + size])
            if phrase in synonyms:
                alternatives = [tuple(typed_words[i : i + size])]
                alternatives += [tuple(a.split()) for a in synonyms[phrase]]
                parsed.groups.append(list(dict.fromkeys(alternatives)))
                i += size
                break
        else:
            word = typed_words[i]
            i += 1
            last = parsed.groups[-1] if parsed.groups else None
            if len(word) < MIN_TERM_LENGTH:
                # "vitamin c", "omega 3": the letter belongs to the word before it.
                if last is not None and len(last) == 1 and parsed.typed:
                    last[0] = (*last[0], word)
                    parsed.typed[-1] = f"{parsed.typed[-1]} {word}"
            elif word not in STOP_WORDS and [(word,)] not in parsed.groups:
                parsed.groups.append([(word,)])
                parsed.typed.append(word)
    return parsed


def tsquery_text(parsed: ParsedQuery) -> str:
    """The groups as raw PostgreSQL tsquery syntax, the last word of each phrase
    prefix-matched (typed-as-you-go search finds "exosome" from "exos"). Words are letters
    and digits only, so nothing in them is tsquery syntax."""

    def phrase(words: tuple[str, ...]) -> str:
        last = words[-1] + (":*" if len(words[-1]) >= 3 else "")
        return " <-> ".join([*words[:-1], last])

    return " & ".join("(" + " | ".join(phrase(p) for p in group) + ")" for group in parsed.groups)
