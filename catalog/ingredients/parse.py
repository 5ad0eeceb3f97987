"""Read an ingredient list as printed on a pack (the INCI list). Pure: text in, items out.

Handles what real labels do: commas and semicolons between names (but not inside brackets
or in "1,2-Hexanediol"), a leading "Ingredients:", "may contain" / "(+/-)" sections for
colourants, percentages ("Niacinamide 10%"), alternatives in brackets or with slashes
("Aqua (Water)", "Aqua/Water/Eau"), footnote marks ("Parfum*") and footnotes
("*Certified organic"), odd case and spacing, and the same name listed twice.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Bounded work for any input: longer text is cut here (forms refuse it before that).
MAX_CHARS = 10_000
MAX_ITEMS = 300
MAX_NAME = 200

_SEPARATORS = {",", ";", "\n", "\r", "•", "·", "|"}
_OPEN, _CLOSE = "([{", ")]}"
_MARKS = "*†‡°^¹²³⁴⁵#"
_LABEL = re.compile(
    r"^\s*(full\s+)?(ingredients?|ingr[ée]dients|inci|composition)(\s+list)?\s*[:\-–—]\s*",
    re.IGNORECASE,
)
_MAY_CONTAIN = re.compile(
    r"\s*[\[(]?\s*(may\s+contain|peut\s+contenir|\+\s*/\s*-|±)\s*[\])]?"
    r"(\s*[\[(]\s*(\+\s*/\s*-|±)\s*[\])])?\s*[:\-–]?\s*",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"\(?\s*(<\s*)?(\d{1,3}(?:[.,]\d+)?)\s*%\s*\)?")
_CI = re.compile(r"^ci\s*(\d{5})$")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class ListedItem:
    """One ingredient as written, with the names to look it up by (most specific first)."""

    written: str
    names: tuple[str, ...]
    percent: str = ""
    may_contain: bool = False

    @property
    def key(self) -> str:
        return match_key(self.written)


@dataclass(frozen=True)
class ParsedList:
    items: tuple[ListedItem, ...]
    duplicates: tuple[str, ...] = ()
    truncated: bool = False  # the text was longer than MAX_CHARS or held over MAX_ITEMS


def match_key(text: str) -> str:
    """The form two spellings of one name share: case, accents, spacing, hyphens and
    punctuation ignored; "CI77891" and "CI 77891" alike."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    key = _NOT_WORD.sub(" ", text).strip()
    ci = _CI.match(key.replace(" ", "")) if key.startswith("ci") else None
    return f"ci {ci.group(1)}" if ci else key


def parse_ingredient_list(text: str) -> ParsedList:
    """Every distinct ingredient in `text`, in label order."""
    text = (text or "").replace("\x00", "").replace(_MAY_SENTINEL, "").replace(_MAY_END, "")
    truncated = len(text) > MAX_CHARS
    text = _LABEL.sub("", text[:MAX_CHARS], count=1)
    items: list[ListedItem] = []
    seen: set[str] = set()
    duplicates: list[str] = []
    may_contain = False
    for segment in _segments(_open_may_contain_groups(text)):
        if segment.startswith(_MAY_END):
            segment, may_contain = segment[1:], False
        if segment.startswith(_MAY_SENTINEL):
            segment, may_contain = segment[1:], True
        marker = _MAY_CONTAIN.match(segment)
        if marker and marker.end() > 0:
            segment, may_contain = segment[marker.end() :], True
        item = _item(segment, may_contain=may_contain)
        if item is None:
            continue
        if item.key in seen:
            duplicates.append(item.written)
            continue
        if len(items) >= MAX_ITEMS:
            truncated = True
            break
        seen.add(item.key)
        items.append(item)
    return ParsedList(tuple(items), tuple(duplicates), truncated)


_MAY_SENTINEL, _MAY_END = "\x01", "\x02"


def _open_may_contain_groups(text: str) -> str:
    """ "Salicylic Acid [+/- CI 77891, CI 77491]" → "Salicylic Acid ,␁CI 77891, CI 77491,␂":
    the brackets around a may-contain group go; sentinels mark where it begins and ends."""
    out, depth, group_depth, index = [], 0, None, 0
    while index < len(text):
        char = text[index]
        if char in _OPEN:
            marker = _MAY_CONTAIN.match(text, index + 1) if group_depth is None else None
            if marker and marker.end() > index + 1 and depth == 0:
                out.append("," + _MAY_SENTINEL)
                group_depth = depth
                depth += 1
                index = marker.end()
                continue
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
            if group_depth is not None and depth == group_depth:
                out.append("," + _MAY_END)
                group_depth = None
                index += 1
                continue
        out.append(char)
        index += 1
    return "".join(out)


def _segments(text: str) -> list[str]:
    """Split on separators outside brackets; a comma between digits ("1,2-") stays."""
    parts, current, depth = [], [], 0
    for index, char in enumerate(text):
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        is_separator = char in _SEPARATORS or (char == "." and _ends_sentence(text, index))
        if depth == 0 and is_separator and not _digit_comma(text, index):
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p for p in (part.strip() for part in parts) if p]


def _digit_comma(text: str, index: int) -> bool:
    return (
        text[index] == ","
        and 0 < index < len(text) - 1
        and text[index - 1].isdigit()
        and text[index + 1].isdigit()
    )


def _ends_sentence(text: str, index: int) -> bool:
    """A full stop followed by a space or the end (not the point in "0.5%")."""
    return index == len(text) - 1 or text[index + 1].isspace()


def _item(raw: str, *, may_contain: bool) -> ListedItem | None:
    text = " ".join(raw.split())
    if not text or text[0] in _MARKS:
        return None  # empty, or a footnote such as "*Certified organic"
    percent = ""
    found = _PERCENT.search(text)
    if found:
        percent = found.group(2).replace(",", ".")
        text = (text[: found.start()] + " " + text[found.end() :]).strip()
    text = text.strip(_MARKS + " .:;-–").strip()
    text = re.sub(rf"[{re.escape(_MARKS)}]+(?=\s|\)|$)", "", text)
    text = " ".join(text.split())[:MAX_NAME]
    if not match_key(text):
        return None
    return ListedItem(text, _names(text), percent, may_contain)


def _names(text: str) -> tuple[str, ...]:
    """The whole name first, then what is outside and inside brackets, then each
    slash-separated alternative: "Aqua (Water)" → ("Aqua (Water)", "Aqua", "Water")."""
    names = [text]
    outside = re.sub(r"\s*[\[(][^\])]*[\])]\s*", " ", text).strip()
    inside = re.findall(r"[\[(]([^\])]*)[\])]", text)
    for name in [outside, *inside]:
        names.append(name)
        if "/" in name:
            names.extend(name.split("/"))
    unique, seen = [], set()
    for name in names:
        key = match_key(name)
        if key and key not in seen:
            seen.add(key)
            unique.append(name.strip())
    return tuple(unique)
