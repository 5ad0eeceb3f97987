"""Cell readers for staff imports: every bad cell raises ValueError with a sentence an
editor can act on, which django-import-export shows beside the row in the preview.

Blank cells stay unknown: a blank price is "not recorded", never zero; a blank origin is
"not recorded", never "not human-derived"; a blank choice is the model's "not recorded".
"""

from decimal import Decimal, InvalidOperation

from import_export.widgets import ForeignKeyWidget, ManyToManyWidget, Widget

from catalog.ingredients.dictionary import load_dictionary
from catalog.ingredients.parse import MAX_CHARS, parse_ingredient_list

YES = {"1", "yes", "y", "true", "t", "x"}
NO = {"0", "no", "n", "false", "f"}


def _text(value) -> str:
    return "" if value is None else str(value).replace("\x00", "").strip()


class YesNoWidget(Widget):
    """yes/no, true/false, 1/0 (any case). Blank is `blank_means`: None keeps it unknown."""

    def __init__(self, blank_means=None):
        self.blank_means = blank_means
        super().__init__()

    def clean(self, value, row=None, **kwargs):
        text = _text(value).casefold()
        if text in ("", "none", "null", "not recorded", "unknown"):
            return self.blank_means
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValueError(f"“{_text(value)}” is not yes or no. Write yes, no, or leave it empty.")

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else ("yes" if value else "no")


class ChoiceWidget(Widget):
    """A choice by its stored value or its label, any case ("airless_pump" or "Airless pump")."""

    def __init__(self, choices, blank=""):
        self.by_word = {}
        for value, label in choices:
            self.by_word[str(value).casefold()] = value
            self.by_word[str(label).casefold()] = value
        self.blank = blank
        self.allowed = [str(value) for value, _label in choices if value != ""]
        super().__init__()

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if text == "":
            if self.blank is None:
                raise ValueError(f"Fill this in: one of {', '.join(self.allowed)}.")
            return self.blank
        if text.casefold() not in self.by_word:
            raise ValueError(f"“{text}” is not one of: {', '.join(self.allowed)}.")
        return self.by_word[text.casefold()]

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class AmountWidget(Widget):
    """A decimal with the admin's limits; blank stays unknown (None)."""

    def __init__(self, *, above=None, at_least=None, at_most=None, places=2, what="the amount"):
        self.above, self.at_least, self.at_most = above, at_least, at_most
        self.places, self.what = places, what
        super().__init__()

    def clean(self, value, row=None, **kwargs):
        text = _text(value).replace(",", ".")
        if text == "":
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"“{_text(value)}” is not a number.") from None
        if not number.is_finite():
            raise ValueError(f"“{_text(value)}” is not a number.")
        if self.above is not None and number <= self.above:
            raise ValueError(f"{self.what.capitalize()} must be more than {self.above}.")
        if self.at_least is not None and number < self.at_least:
            raise ValueError(f"{self.what.capitalize()} cannot be below {self.at_least}.")
        if self.at_most is not None and number > self.at_most:
            raise ValueError(f"{self.what.capitalize()} cannot be above {self.at_most}.")
        if number != number.quantize(Decimal(1).scaleb(-self.places)):
            raise ValueError(f"Use at most {self.places} decimal places for {self.what}.")
        return number

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"{value.normalize():f}"


class NamedForeignKeyWidget(ForeignKeyWidget):
    """A related row by a field (a brand by name), with a clear message when it is missing."""

    def __init__(self, model, field, what):
        self.what = what
        self._cache = {}
        super().__init__(model, field)

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if text == "":
            raise ValueError(f"Fill in the {self.what}.")
        key = text.casefold()
        if key not in self._cache:
            self._cache[key] = self.model.objects.filter(**{f"{self.field}__iexact": text}).first()
        found = self._cache[key]
        if found is None:
            raise ValueError(
                f"No {self.what} called “{text}”. Import or add the {self.what} first."
            )
        return found


class StrictManyToManyWidget(ManyToManyWidget):
    """Related rows by a field, separated by `separator`; unknown ones are named, not dropped."""

    def __init__(self, model, field, what, separator=","):
        self.what = what
        super().__init__(model, separator=separator, field=field)

    def clean(self, value, row=None, **kwargs):
        words = [w.strip() for w in _text(value).split(self.separator) if w.strip()]
        if not words:
            return self.model.objects.none()
        found = self.model.objects.filter(**{f"{self.field}__in": words})
        missing = sorted(set(words) - {str(getattr(o, self.field)) for o in found})
        if missing:
            raise ValueError(f"Unknown {self.what}: {', '.join(missing)}.")
        return found


class IngredientListWidget(ManyToManyWidget):
    """Catalog ingredients from a list written like a label, matched by name, INCI name or
    synonym (catalog.ingredients); every name must be in the dictionary."""

    def __init__(self, model):
        self._dictionary = None
        super().__init__(model, separator=", ", field="name")

    @property
    def dictionary(self):
        if self._dictionary is None:
            self._dictionary = load_dictionary()  # once per import, not once per row
        return self._dictionary

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return self.model.objects.none()
        if len(text) > MAX_CHARS:
            raise ValueError(f"The ingredient list is longer than {MAX_CHARS} characters.")
        ids, unknown = [], []
        for item in parse_ingredient_list(text).items:
            entry = self.dictionary.lookup(item)
            if entry is None:
                unknown.append(item.written)
            else:
                ids.append(entry.id)
        if unknown:
            raise ValueError(
                "Not in the ingredient dictionary: "
                + ", ".join(unknown)
                + ". Add them (or a synonym) under Ingredients first."
            )
        return self.model.objects.filter(pk__in=ids)


class SynonymsWidget(Widget):
    """Synonyms separated by semicolons (INCI names may contain commas)."""

    def clean(self, value, row=None, **kwargs):
        names, seen = [], set()
        for part in _text(value).split(";"):
            name = " ".join(part.split())
            if name and name.casefold() not in seen:
                if len(name) > 200:
                    raise ValueError("A synonym can be at most 200 characters long.")
                seen.add(name.casefold())
                names.append(name)
        return names

    def render(self, value, obj=None, **kwargs):
        return "; ".join(value or [])
