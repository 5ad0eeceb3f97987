"""Reminder settings: the routine nudge times."""

from django import forms

from routines.models import Profile


class NudgeForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["am_nudge_at", "pm_nudge_at"]
        labels = {
            "am_nudge_at": "Morning routine nudge (your local time)",
            "pm_nudge_at": "Evening routine nudge (your local time)",
        }
        help_texts = {
            "am_nudge_at": "Leave empty for no morning nudge.",
            "pm_nudge_at": "Leave empty for no evening nudge.",
        }
        widgets = {
            "am_nudge_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "pm_nudge_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
