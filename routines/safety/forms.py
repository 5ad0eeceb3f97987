"""Forms for patch tests, procedures and reminder settings.

Date-times are entered and shown in the user's zone: views validate these forms inside
`timezone.override(profile.zone)`, so Django reads "2026-03-01 09:00" as local time.
"""

import datetime as dt

from django import forms
from django.utils import timezone

from catalog.models import Product
from routines.models import PatchTest, Procedure
from routines.safety import rules as safety


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class PatchTestForm(forms.ModelForm):
    product = forms.ModelChoiceField(
        queryset=Product.objects.published()
        .select_related("brand")
        .order_by("brand__name", "name"),
        required=False,
        label="Product from the catalog",
        empty_label="— Not in the catalog —",
    )
    product_name = forms.CharField(
        label="Or, if it is not in the catalog, its name",
        max_length=160,
        required=False,
        help_text="Leave this empty when you chose a product from the catalog.",
    )

    class Meta:
        model = PatchTest
        fields = ["product", "product_name", "site", "started_at", "notes"]
        labels = {"site": "Where on your skin", "started_at": "Started (your local time)"}
        help_texts = {
            "started_at": "Leave as now unless you applied it earlier.",
            "site": "Inner forearm or behind the ear are the usual spots.",
        }
        widgets = {"started_at": LocalDateTimeInput(), "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, now: dt.datetime, **kwargs):
        self.now = now
        super().__init__(*args, **kwargs)
        self.fields["started_at"].initial = timezone.localtime(now).replace(second=0, microsecond=0)

    def clean_started_at(self):
        started = self.cleaned_data["started_at"]
        if started > self.now + dt.timedelta(minutes=5):
            raise forms.ValidationError("The start can't be in the future.")
        if started < self.now - dt.timedelta(days=14):
            raise forms.ValidationError(
                "That is more than two weeks ago — too late to read this test. Start a new one."
            )
        return started

    def clean(self):
        cleaned = super().clean()
        product = cleaned.get("product")
        typed = (cleaned.get("product_name") or "").strip()
        if not product and not typed:
            self.add_error(
                "product_name", "Choose a product from the catalog or type the product's name."
            )
        elif product and typed and typed.casefold() in _names_of(product):
            cleaned["product_name"] = ""  # the catalog's own spelling of the same product
        elif product and typed:
            # Both filled in: ask rather than guess which one the person meant.
            self.add_error(
                "product_name",
                f"You chose {product} from the catalog and also typed “{typed}”. Keep one: "
                "empty this box, or set the catalog choice to “Not in the catalog”.",
            )
        return cleaned


def _names_of(product: Product) -> set[str]:
    """What someone might type for a catalog product (its name, with or without brand)."""
    return {str(product).casefold(), product.name.casefold()}


class ResultForm(forms.Form):
    """One read of the patch. After a pass only a late reaction can be recorded."""

    result = forms.ChoiceField(
        choices=PatchTest.Result.choices, widget=forms.RadioSelect, label="What do you see?"
    )
    notes = forms.CharField(
        max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    confirm_early = forms.BooleanField(
        required=False,
        label="I understand 48 hours have not passed yet and want to record it now",
    )

    def __init__(self, *args, test: PatchTest, now: dt.datetime, late_only=False, **kwargs):
        self.test = test
        self.now = now
        super().__init__(*args, **kwargs)
        if late_only:
            self.fields["result"].choices = [
                c for c in PatchTest.Result.choices if c[0] != PatchTest.Result.NONE
            ]
            self.fields["result"].label = "What appeared?"

    def clean(self):
        cleaned = super().clean()
        if safety.is_early_read(self.test.started_at, self.now) and not cleaned.get(
            "confirm_early"
        ):
            self.add_error(
                "confirm_early",
                "It has been less than 48 hours, so a reaction may still appear. "
                "Tick the box to record an early reading anyway.",
            )
        return cleaned


class OverrideForm(forms.Form):
    confirm = forms.BooleanField(
        label="I want to use this product before reading my patch test, at my own risk",
        error_messages={"required": "Tick the box to confirm."},
    )


class ProcedureForm(forms.ModelForm):
    recovery_days = forms.IntegerField(
        label="Recovery length (days)",
        required=False,
        help_text=safety.RECOVERY_DEFAULTS_NOTE + " 1–28 days.",
    )

    class Meta:
        model = Procedure
        fields = ["kind", "date", "recovery_days", "notes"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, today: dt.date, first_data: dt.date | None = None, **kwargs):
        self.today = today
        self.first_data = first_data
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["date"].initial = today

    def clean_recovery_days(self):
        days = self.cleaned_data.get("recovery_days")
        if days is None:
            return None
        error = safety.validate_recovery_days(days)
        if error:
            raise forms.ValidationError(error)
        return days

    def clean_date(self):
        date = self.cleaned_data["date"]
        error = safety.validate_procedure_date(date, self.today, self.first_data)
        if error:
            raise forms.ValidationError(error)
        return date

    def clean(self):
        cleaned = super().clean()
        cleaned["recovery_days_given"] = cleaned.get("recovery_days") is not None
        if cleaned.get("recovery_days") is None and cleaned.get("kind"):
            cleaned["recovery_days"] = safety.RECOVERY_DEFAULT_DAYS[cleaned["kind"]]
        return cleaned
