"""The photo upload form: today's set (one file input per angle), a date and a note.

Each file is checked and processed while the form validates, so a refusal shows beside
its own field and nothing is stored unless every chosen file is fine.
"""

from __future__ import annotations

import datetime as dt

from django import forms

from routines.models import ProgressPhoto
from routines.photos import imaging, rules
from routines.photos.selectors import current_limits

ANGLES = ProgressPhoto.Angle


class PhotoFileInput(forms.FileInput):
    """On a phone this opens the (front) camera; elsewhere it is a file picker."""

    def __init__(self):
        super().__init__(attrs={"accept": "image/*", "capture": "user"})


class PhotoSetForm(forms.Form):
    taken_on = forms.DateField(
        label="Date taken",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Today, unless you are adding photos you took earlier.",
    )
    note = forms.CharField(
        label="Note (optional)",
        max_length=200,
        required=False,
        help_text="For example the area of a close-up, the light, or how your skin felt.",
    )

    def __init__(self, *args, today: dt.date, angles: list[str] | None = None, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("taken_on", today)
        super().__init__(*args, **kwargs)
        self.today = today
        self.limits = current_limits()
        self.angles = angles or list(ANGLES.values)
        self.processed: dict[str, imaging.ProcessedImage] = {}
        for angle in self.angles:
            self.fields[angle] = forms.FileField(
                label=f"{ANGLES(angle).label} photo",
                required=len(self.angles) == 1,
                widget=PhotoFileInput(),
                error_messages={
                    "required": "Choose or take a photo.",
                    "empty": "This file is empty.",
                },
            )
        # Date and note after the pictures: on a phone the camera buttons come first.
        self.order_fields([*self.angles, "taken_on", "note"])

    def clean_taken_on(self):
        taken_on = self.cleaned_data["taken_on"]
        if taken_on > self.today:
            raise forms.ValidationError("The date can’t be in the future.")
        if taken_on < dt.date(2000, 1, 1):
            raise forms.ValidationError("Enter the date the photo was taken.")
        return taken_on

    def _clean_photo(self, angle: str):
        upload = self.cleaned_data.get(angle)
        if not upload:
            return None
        too_large = rules.upload_too_large(upload.size, self.limits)
        if too_large:
            raise forms.ValidationError(too_large)
        upload.seek(0)
        try:
            self.processed[angle] = imaging.process_upload(
                upload.read(), max_pixels=self.limits.max_pixels
            )
        except imaging.ImageRefused as refused:
            raise forms.ValidationError(str(refused)) from None
        return upload

    def clean(self):
        cleaned = super().clean()
        for angle in self.angles:
            if angle in cleaned and not self.has_error(angle):
                try:
                    self._clean_photo(angle)
                except forms.ValidationError as error:
                    self.add_error(angle, error)
        if not self.errors and not self.processed:
            raise forms.ValidationError("Choose or take at least one photo.")
        return cleaned

    @property
    def file_fields(self):
        return [self[angle] for angle in self.angles]

    def images(self) -> list[tuple[str, imaging.ProcessedImage]]:
        """(angle, processed image) for each chosen file, in angle order."""
        return [(angle, self.processed[angle]) for angle in self.angles if angle in self.processed]
