"""Forms for the “my data” pages: the summary period and the account deletion check."""

import datetime

from django import forms

from config.widgets import DateInput

MAX_SUMMARY_DAYS = 2 * 366


class SummaryPeriodForm(forms.Form):
    start = forms.DateField(label="From", widget=DateInput())
    end = forms.DateField(label="To", widget=DateInput())

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "The end of the period cannot be before its start.")
            elif (end - start).days > MAX_SUMMARY_DAYS:
                self.add_error("start", "Choose a period of two years or less.")
        return data

    @staticmethod
    def default_period(today: datetime.date) -> dict:
        return {"start": today - datetime.timedelta(weeks=8), "end": today}


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="We ask again so nobody else can delete your account from an open screen.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your current password. Nothing was deleted.")
        return password
