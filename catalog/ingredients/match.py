"""Match parsed ingredient names to the dictionary. Pure: plain records in, plain records out.

catalog.ingredients.dictionary loads the records from the database; this module decides
which entry a written name means (by INCI name, name or synonym, case and spacing ignored)
and which class a typed word means ("fragrance", "essential oils", "AHAs").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from catalog.ingredients.parse import ListedItem, ParsedList, match_key


@dataclass(frozen=True)
class ClassEntry:
    id: int
    name: str
    role: str = "other"
    other_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    """A dictionary ingredient as the rules see it."""

    id: int
    name: str
    role: str = "other"
    classes: tuple[ClassEntry, ...] = ()
    is_general_reference: bool = False

    @property
    def class_ids(self) -> frozenset[int]:
        return frozenset(c.id for c in self.classes)

    @property
    def rule_roles(self) -> frozenset[str]:
        """Its own role and its classes' roles (what the routine rules and cautions read)."""
        return frozenset({self.role, *(c.role for c in self.classes)})

    @property
    def class_names(self) -> list[str]:
        return [c.name for c in self.classes]


@dataclass(frozen=True)
class Recognised:
    item: ListedItem
    entry: Entry | None = None

    @property
    def is_matched(self) -> bool:
        return self.entry is not None


def _singular(key: str) -> str:
    return key[:-1] if len(key) > 3 and key.endswith("s") else key


@dataclass
class Dictionary:
    """Names → entries. Earlier names win a clash: INCI names and names are registered
    before synonyms, so a synonym never hides another ingredient's own name."""

    by_key: dict[str, Entry] = field(default_factory=dict)
    classes_by_key: dict[str, ClassEntry] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        entries: Iterable[tuple[Entry, Iterable[str], Iterable[str]]],
        classes: Iterable[ClassEntry] = (),
    ) -> Dictionary:
        """From (entry, own names, synonyms) triples and the classes."""
        entries = list(entries)
        dictionary = cls()
        for entry, own_names, _synonyms in entries:
            for name in own_names:
                dictionary.by_key.setdefault(match_key(name), entry)
        for entry, _own_names, synonyms in entries:
            for name in synonyms:
                dictionary.by_key.setdefault(match_key(name), entry)
        dictionary.by_key.pop("", None)
        for klass in classes:
            for name in (klass.name, *klass.other_names):
                key = _singular(match_key(name))
                if key:
                    dictionary.classes_by_key.setdefault(key, klass)
        return dictionary

    def find(self, name: str) -> Entry | None:
        """The entry a single written name means, or None."""
        return self.by_key.get(match_key(name))

    def lookup(self, item: ListedItem) -> Entry | None:
        """The entry for a parsed item: its whole name first, then its alternatives."""
        for name in item.names:
            entry = self.by_key.get(match_key(name))
            if entry is not None:
                return entry
        return None

    def find_class(self, word: str) -> ClassEntry | None:
        """The class a typed word means: its name or another name, singular or plural."""
        key = match_key(word)
        return self.classes_by_key.get(key) or self.classes_by_key.get(_singular(key))

    def in_class(self, klass: ClassEntry) -> list[Entry]:
        """Every entry in the class, by name."""
        unique = {e.id: e for e in self.by_key.values() if klass.id in e.class_ids}
        return sorted(unique.values(), key=lambda e: e.name.casefold())


def recognise(parsed: ParsedList, dictionary: Dictionary) -> list[Recognised]:
    """Each parsed item with its dictionary entry (None when the name is unknown)."""
    return [Recognised(item, dictionary.lookup(item)) for item in parsed.items]
