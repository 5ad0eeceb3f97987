"""Reader-facing forms: catalog filters, 'find my fit' questions, compare actions.

Filters are forgiving: a bad value gets a message next to its field and is ignored,
while every valid filter still applies (a shared link with one typo still works).
"""

from decimal import Decimal

from django import forms
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual

from catalog.fit import GOAL_LABELS, Goal
from catalog.models import Concern, Product
from catalog.paging import COUNT_CAP
from config import quickforms

ANY = [("", "Any")]


class ProductFilterForm(quickforms.QuickFormMixin, forms.Form):
    # Fields and widgets drawn in Python (config/quickforms.py): on every catalog list request.
    # Each order has an index in exactly that order (catalog.models.Product.Meta.indexes).
    SORTS = {
        "name": ("Name (A–Z)", ["brand_name", "name"]),
        "price": (
            "Price (low to high)",
            [F("price").asc(nulls_last=True), "brand_name", "name"],
        ),
        "-price": (
            "Price (high to low)",
            [F("price").desc(nulls_last=True), "brand_name", "name"],
        ),
        "price_per_ml": (
            "Price per ml (low to high)",
            [F("unit_price").asc(nulls_last=True), "brand_name", "name"],
        ),
        "score": (
            "Scorecard (best first)",
            [F("score").desc(), "brand_name", "name"],
        ),
    }

    source = forms.ChoiceField(
        label="Ingredient source", choices=ANY + Product.SourceType.choices, required=False
    )
    origin = forms.ChoiceField(
        label="Origin",
        choices=ANY
        + [
            ("human", "Human-derived"),
            ("non_human", "Not human-derived"),
            ("unknown", "Not recorded"),
        ],
        required=False,
    )
    concern = forms.ModelChoiceField(
        label="Best for",
        queryset=Concern.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Any concern",
        error_messages={"invalid_choice": "We don't know that concern, so it was ignored."},
    )
    packaging = forms.ChoiceField(
        label="Packaging",
        choices=ANY + [c for c in Product.Packaging.choices if c[0]],
        required=False,
    )
    evidence = forms.ChoiceField(
        label="Published evidence",
        choices=ANY + [c for c in Product.Evidence.choices if c[0]],
        required=False,
    )
    refrigeration = forms.ChoiceField(
        label="Refrigeration",
        choices=ANY + [("needed", "Needs the fridge"), ("not_needed", "No fridge needed")],
        required=False,
    )
    vegan = forms.BooleanField(label="Vegan only", required=False)
    exosomes = forms.BooleanField(label="Contains exosomes", required=False)
    disclosed = forms.BooleanField(label="Amount of active disclosed", required=False)
    min_price = forms.DecimalField(
        label="Lowest price",
        required=False,
        min_value=Decimal("0"),
        max_digits=9,
        decimal_places=2,
        help_text=(
            "Per bottle. Serums with no recorded price stay in the list, marked as such, "
            "because we cannot tell whether they fit."
        ),
    )
    max_price = forms.DecimalField(
        label="Highest price",
        required=False,
        min_value=Decimal("0"),
        max_digits=9,
        decimal_places=2,
    )
    sort = forms.ChoiceField(
        label="Sort by", choices=[(k, v[0]) for k, v in SORTS.items()], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("min_price", "max_price"):
            # A text box, so a mistyped value can be shown back beside its message.
            self.fields[name].widget = quickforms.TextInput(attrs={"inputmode": "decimal"})
        for name, field in self.fields.items():
            if isinstance(field, forms.DecimalField):
                field.error_messages["invalid"] = "Enter a number such as 120 or 89.50; ignored."
                field.error_messages["min_value"] = "A price cannot be negative; ignored."
                field.error_messages["max_digits"] = "That price is too large; ignored."
                field.error_messages["max_decimal_places"] = "Use at most two decimals; ignored."
                field.error_messages["max_whole_digits"] = "That price is too large; ignored."
            elif name != "concern":
                field.error_messages["invalid_choice"] = "Unknown option, so it was ignored."

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_price"), cleaned.get("max_price")
        if low is not None and high is not None and low > high:
            self.add_error("max_price", "The highest price is below the lowest, so it was ignored.")
        return cleaned

    @property
    def filters(self) -> dict:
        """The valid, non-empty filter values (bad ones were dropped with a message)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}

    @property
    def sort_key(self) -> str:
        return self.filters.get("sort") or "name"

    @property
    def uses_price(self) -> bool:
        """A price filter or a price sort is active, so unpriced serums need a word."""
        f = self.filters
        return (
            "min_price" in f
            or "max_price" in f
            or self.sort_key in ("price", "-price", "price_per_ml")
        )

    def price_note(self, *, unpriced: int, total: int, capped: bool = False) -> str:
        """Say how many listed serums have no recorded price, when price is in play.

        `capped`: the list's count stopped at catalog.paging.COUNT_CAP, and `unpriced` was
        counted only up to one more than the cap."""
        if not self.uses_price or not unpriced:
            return ""
        f = self.filters
        has = "has" if unpriced == 1 and not capped else "have"
        serums = "serum" if total == 1 else "serums"
        if unpriced > COUNT_CAP:
            counted = f"More than {COUNT_CAP:,} of these {serums}"
        elif capped:
            counted = f"{unpriced} of these {serums}"
        else:
            counted = f"{unpriced} of these {total} {serums}"
        if "min_price" in f or "max_price" in f:
            return (
                f"{counted} {has} no recorded price. A price range "
                "cannot tell whether they fit, so they stay in the list, marked “Price: Not "
                "recorded”."
            )
        return f"{counted} {has} no recorded price, so they come last."

    @property
    def active_count(self) -> int:
        return len([k for k in self.filters if k != "sort"])

    def apply(self, queryset):
        """Filter and order a Product queryset."""
        f = self.filters
        if "source" in f:
            queryset = queryset.filter(source_type=f["source"])
        if f.get("origin") == "human":
            queryset = queryset.filter(is_human_derived=True)
        elif f.get("origin") == "non_human":
            queryset = queryset.filter(is_human_derived=False)
        elif f.get("origin") == "unknown":
            queryset = queryset.filter(is_human_derived__isnull=True)
        if "concern" in f:
            queryset = queryset.for_concern(f["concern"])
        if "packaging" in f:
            queryset = queryset.filter(packaging=f["packaging"])
        if "evidence" in f:
            queryset = queryset.filter(evidence_level=f["evidence"])
        if f.get("refrigeration") == "needed":
            queryset = queryset.filter(needs_refrigeration=True)
        elif f.get("refrigeration") == "not_needed":
            queryset = queryset.filter(needs_refrigeration=False)
        if f.get("vegan"):
            queryset = queryset.filter(is_vegan=True)
        if f.get("exosomes"):
            queryset = queryset.filter(contains_exosomes=True)
        if f.get("disclosed"):
            queryset = queryset.filter(
                concentration_disclosure__in=[
                    Product.Disclosure.QUANTIFIED,
                    Product.Disclosure.PERCENTAGE,
                ]
            )
        # A price filter drops the serums priced outside the range, never the ones whose
        # price we have not recorded: those stay visible and the page says how many.
        # "price <= X or no price" is written as COALESCE(price, X) <= X, the same rows: as
        # an OR, SQLite's planner unions two scans of the price index and reads every
        # priced row before the count's cap applies (11 ms against 1 ms at 10,000 serums).
        if "min_price" in f:
            low = f["min_price"]
            queryset = queryset.filter(GreaterThanOrEqual(Coalesce("price", Value(low)), low))
        if "max_price" in f:
            high = f["max_price"]
            queryset = queryset.filter(LessThanOrEqual(Coalesce("price", Value(high)), high))
        return queryset.order_by(*self.SORTS[self.sort_key][1])


def _use_quick_widgets(form_class):
    """Swap the stock select and checkbox widgets for ones rendered in Python
    (config/quickforms.py): the filter form is drawn on every catalog list request."""
    for field in form_class.base_fields.values():
        if type(field.widget) is forms.Select:
            field.widget = quickforms.Select(attrs=field.widget.attrs)
            field.widget.choices = field.choices
        elif type(field.widget) is forms.CheckboxInput:
            field.widget = quickforms.CheckboxInput(attrs=field.widget.attrs)


_use_quick_widgets(ProductFilterForm)


class FitForm(quickforms.QuickFormMixin, forms.Form):
    # Drawn in Python (config/quickforms.py): three radio questions on every 'find my fit'.
    BUDGETS = [
        ("", "No limit"),
        ("100", "Up to $100 a bottle"),
        ("200", "Up to $200 a bottle"),
        ("300", "Up to $300 a bottle"),
    ]

    goal = forms.ChoiceField(
        label="What do you most want help with?",
        choices=[(g.value, GOAL_LABELS[g]) for g in Goal],
        widget=quickforms.RadioSelect,
        error_messages={"required": "Choose the goal that matters most to you."},
    )
    budget = forms.ChoiceField(
        label="Budget", choices=BUDGETS, required=False, widget=quickforms.RadioSelect, initial=""
    )
    fridge_ok = forms.ChoiceField(
        label="Can you keep a serum in the fridge?",
        choices=[("yes", "Yes, that's fine"), ("no", "No, it must keep at room temperature")],
        required=False,
        widget=quickforms.RadioSelect,
        initial="yes",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = "Please pick one of the listed answers."

    @property
    def budget_amount(self) -> Decimal | None:
        value = self.cleaned_data.get("budget")
        return Decimal(value) if value else None

    @property
    def fridge_is_ok(self) -> bool:
        return self.cleaned_data.get("fridge_ok") != "no"
