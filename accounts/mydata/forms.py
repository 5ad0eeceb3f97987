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
    """The last check before deleting: allauth has just re-authenticated the user (password,
    authenticator app or passkey), so this only confirms the intent."""

    confirm = forms.BooleanField(
        label="I understand that this deletes my account and everything I recorded, for good",
        error_messages={"required": "Tick the box to confirm. Nothing was deleted."},
    )
