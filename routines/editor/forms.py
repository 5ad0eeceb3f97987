from django import forms
from django.core.exceptions import ValidationError

from catalog.models import Product
from config.widgets import DateInput
from routines import schedule
from routines.models import Routine, Step

WEEKDAY_CHOICES = [
    (str(i), name)
    for i, name in enumerate(
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    )
]


class RoutineForm(forms.ModelForm):
    class Meta:
        model = Routine
        fields = ["name", "period", "is_active"]
        help_texts = {
            "name": "For example “Evening repair” or “Morning basics”.",
            "is_active": "Switched-off routines stay here but leave Today and the streak.",
        }
        widgets = {"period": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = Routine.Period.choices  # no blank radio button


class StepAddForm(forms.Form):
    """Add a product from the catalog (by id) or one the user names."""

    product = forms.ModelChoiceField(
        queryset=Product.objects.published(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "That product is not in the catalog."},
    )
    custom_name = forms.CharField(
        label="Product name",
        max_length=120,
        required=False,
        help_text="For anything not in the catalog, e.g. “Gentle gel cleanser”.",
    )
    kind = forms.ChoiceField(label="Step kind", choices=Step.Kind.choices)
    start_date = forms.DateField(
        label="Started on",
        widget=DateInput(),
        help_text="The day you began using it (today if new).",
    )

    def clean(self):
        data = super().clean()
        has_name = data.get("custom_name", "").strip()
        if not data.get("product") and not has_name and "product" not in self.errors:
            self.add_error("custom_name", "Type the product's name, or pick one from the catalog.")
        return data


class StepScheduleForm(forms.ModelForm):
    """Kind, schedule and notes of one step. Partners for "alternate" come from the same
    routine and are passed in, so rendering fifty of these costs no queries."""

    weekdays = forms.MultipleChoiceField(
        label="On these days",
        choices=WEEKDAY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    alternate_with = forms.TypedChoiceField(
        label="Alternate nights with", coerce=int, required=False, empty_value=None
    )
    # The step's revision when the form was loaded: a save from an older form is refused
    # and the newer settings shown (routines.editor.services.save_step_settings).
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = Step
        fields = [
            "kind",
            "schedule",
            "interval_days",
            "weekdays",
            "alternate_with",
            "start_date",
            "notes",
        ]
        widgets = {
            "start_date": DateInput(),
            "interval_days": forms.NumberInput(attrs={"min": 2, "max": 60}),
        }
        labels = {"start_date": "Started on", "interval_days": "Every how many days (2–60)"}
        help_texts = {"start_date": "", "notes": "Optional, e.g. “pea-sized amount”."}

    def __init__(self, *args, siblings: list[Step], **kwargs):
        super().__init__(*args, **kwargs)
        self.siblings = {
            s.pk: s for s in siblings if s.pk != self.instance.pk and s.ended_on is None
        }
        if not self.is_bound:
            self.initial["revision"] = self.instance.revision
        self.fields["alternate_with"].choices = [("", "—")] + [
            (pk, s.name) for pk, s in self.siblings.items()
        ]
        self.initial["weekdays"] = list(self.instance.weekdays or "")
        self.initial["alternate_with"] = self.instance.alternate_with_id
        self.fields["schedule"].widget.attrs["data-schedule-select"] = ""
        # Unique ids per step so fifty forms on one page do not collide.
        self.auto_id = f"id_step{self.instance.pk}_%s"

    def clean_weekdays(self):
        return "".join(sorted(set(self.cleaned_data["weekdays"])))

    def clean_alternate_with(self):
        pk = self.cleaned_data.get("alternate_with")
        if pk is None:
            return None
        if pk not in self.siblings:
            raise ValidationError("Choose another step from this routine.")
        return self.siblings[pk]

    def clean(self):
        data = super().clean()
        kind = data.get("schedule")
        if kind == Step.Schedule.EVERY_N_DAYS and not data.get("interval_days"):
            self.add_error("interval_days", "Say every how many days (2 to 60).")
        if kind == Step.Schedule.WEEKDAYS and not data.get("weekdays"):
            self.add_error("weekdays", "Choose at least one day of the week.")
        if kind == Step.Schedule.ALTERNATE:
            partner = data.get("alternate_with")
            if partner is None and "alternate_with" not in self.errors:
                self.add_error("alternate_with", "Choose the step to alternate with.")
            elif partner is not None and partner.schedule == Step.Schedule.DAILY:
                self.add_error(
                    "alternate_with",
                    f"{partner.name} is used every day, so no nights would be left for this "
                    f"step. Change its schedule first.",
                )
        # Keep unused fields tidy so the row describes only the chosen schedule.
        if kind != Step.Schedule.EVERY_N_DAYS:
            data["interval_days"] = None
        if kind != Step.Schedule.WEEKDAYS:
            data["weekdays"] = ""
        if kind != Step.Schedule.ALTERNATE:
            data["alternate_with"] = None
        return data

    def describe(self) -> str:
        return schedule.describe(self.instance)
