import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from config import quickforms
from routines.models import SkinLog


class DayField(forms.DateField):
    """A date restricted to the days the user may still change: from `earliest` (the
    routine's first day, at most 60 days back) to today."""

    def __init__(self, *args, today: dt.date, earliest: dt.date | None = None, **kwargs):
        self.today = today
        self.earliest = earliest if earliest is not None else today - dt.timedelta(days=1)
        super().__init__(*args, **kwargs)

    def validate(self, value):
        super().validate(value)
        if value and value > self.today:
            raise ValidationError("You can't log a day that hasn't happened yet.")
        if value and value < self.earliest:
            raise ValidationError(
                f"Only days from {self.earliest:%-d %B %Y} to today can be changed."
            )


class SkinLogForm(quickforms.QuickFormMixin, forms.ModelForm):
    # Drawn in Python (config/quickforms.py): Today shows this form on every request.
    # The revision of the log when the form was loaded (0: there was none): a save from a
    # form older than the saved log is not applied (routines.tracking.services).
    revision = forms.IntegerField(widget=quickforms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = SkinLog
        fields = ["redness", "dryness", "irritation", "note"]
        widgets = {
            "redness": quickforms.RadioSelect,
            "dryness": quickforms.RadioSelect,
            "irritation": quickforms.RadioSelect,
            "note": quickforms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"note": "Optional: anything you noticed, in your own words."}

    def __init__(self, *args, today: dt.date, earliest: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"] = DayField(today=today, earliest=earliest, widget=quickforms.HiddenInput)
        self.order_fields(["day"])
        if not self.is_bound:
            self.initial["revision"] = self.instance.revision if self.instance.pk else 0
