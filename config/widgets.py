"""Form widgets every area shares."""

import datetime as dt

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker. Text that is not a date is not echoed back: a date input's
    value must be YYYY-MM-DD, and the message beside the field already says what was wrong."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")

    def format_value(self, value):
        value = super().format_value(value)
        if isinstance(value, str):
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                return None
        return value
