import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from routines.models import SkinLog


class DayField(forms.DateField):
    """A date restricted to the days the user may change: today and yesterday."""

    def __init__(self, *args, today: dt.date, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    def validate(self, value):
        super().validate(value)
        if value and value > self.today:
            raise ValidationError("You can't log a day that hasn't happened yet.")
        if value and value < self.today - dt.timedelta(days=1):
            raise ValidationError("Only today and yesterday can be changed.")


class SkinLogForm(forms.ModelForm):
    class Meta:
        model = SkinLog
        fields = ["redness", "dryness", "irritation", "note"]
        widgets = {
            "redness": forms.RadioSelect,
            "dryness": forms.RadioSelect,
            "irritation": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"note": "Optional: anything you noticed, in your own words."}

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"] = DayField(today=today, widget=forms.HiddenInput)
        self.order_fields(["day"])
