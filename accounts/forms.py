"""Forms: allauth's account forms with Cellwise's wording and logging, and the settings form."""

import logging

from allauth.account import forms as allauth_forms
from allauth.mfa.webauthn.forms import AddWebAuthnForm
from django import forms
from django.contrib.auth.hashers import make_password

from routines.api import Profile, available_timezones, canonical_timezone, set_up_new_profile

log = logging.getLogger("cellwise.auth")


def _no_placeholders(form):
    """Our fields carry a visible label and help; allauth's placeholders would repeat them."""
    for field in form.fields.values():
        field.widget.attrs.pop("placeholder", None)


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _no_placeholders(self)
        self.fields["login"].label = "Email"
        self.fields["login"].widget.attrs.update({"autocomplete": "email", "autofocus": True})
        # allauth puts a "Forgot your password?" link in the help text; the page has one.
        self.fields["password"].help_text = ""


class TimeZoneField(forms.CharField):
    """An IANA zone name, picked from the page's list or typed in any case; cleaned to the
    name as the tz database spells it ("europe/berlin" → "Europe/Berlin")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Time zone")
        kwargs.setdefault("max_length", 64)
        super().__init__(**kwargs)
        # The list is the page's <datalist id="timezone-list"> (partials/timezone_list.html).
        self.widget.attrs.update(
            {
                "list": "timezone-list",
                "autocomplete": "off",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        )

    def to_python(self, value):
        value = super().to_python(value)
        return canonical_timezone(value) or value

    def validate(self, value):
        super().validate(value)
        if value and value not in available_timezones():
            raise forms.ValidationError(
                "“%(value)s” is not a time zone name we recognise. Pick one from the list, "
                "e.g. Europe/London or America/New_York.",
                code="unknown_timezone",
                params={"value": value},
            )


class TimeZoneListMixin:
    """Forms with a TimeZoneField give their template the names for its datalist."""

    @property
    def timezone_choices(self) -> list[str]:
        return sorted(available_timezones())


class SignUpForm(TimeZoneListMixin, allauth_forms.SignupForm):
    """Email and password, then the time zone (filled in from the browser by
    static/js/timezone.js; without JavaScript a searchable list) and whether to email an
    evening routine reminder. A known address gets the same answer as a new one (allauth's
    enumeration prevention); its owner is told by email instead, and nothing is changed."""

    timezone = TimeZoneField(
        required=False,
        help_text=(
            "Your browser fills this in where it can. Otherwise start typing your city or "
            "region, e.g. Berlin, and pick it from the list. Left empty, it is UTC."
        ),
    )
    evening_reminder = forms.ChoiceField(
        label="An evening reminder email?",
        choices=[
            ("yes", "Yes, each evening at 20:00 my time"),
            ("no", "No, not now"),
        ],
        widget=forms.RadioSelect,
        required=False,
        help_text=(
            "It names the steps due that evening and any that are paused. Change the time "
            "or turn it off under Reminders. Patch-test reads and the end of a recovery "
            "window are emailed either way; account settings turn all email off."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _no_placeholders(self)
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "autofocus": True})
        self.fields["password2"].label = "Password again"
        self.fields["timezone"].widget.attrs["data-detect-timezone"] = True

    def save(self, request):
        """allauth's documented extension point: the account, then its profile."""
        user = super().save(request)
        set_up_new_profile(
            user,
            timezone=self.cleaned_data.get("timezone") or "",
            evening_reminder=self.cleaned_data.get("evening_reminder") == "yes",
        )
        return user

    def try_save(self, request):
        if self.account_already_exists:
            # A new account hashes its password; so does this answer, or the time it takes
            # would tell a known address from a new one (the hash is thrown away).
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _no_placeholders(self)

    def save(self, request, **kwargs):
        log.info("password_reset_requested")
        return super().save(request, **kwargs)


class ResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _no_placeholders(self)

    def save(self):
        super().save()
        log.info("password_reset user_id=%s", self.user.pk)


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _no_placeholders(self)
        self.fields["oldpassword"].help_text = ""

    def save(self):
        super().save()
        log.info("password_change user_id=%s", self.user.pk)


class SettingsForm(TimeZoneListMixin, forms.ModelForm):
    timezone = TimeZoneField(
        help_text=(
            "Your local time zone, used for Today and for reminder times. Start typing your "
            "city or region, e.g. Berlin, and pick it from the list."
        ),
    )

    class Meta:
        model = Profile
        fields = ["timezone", "wants_email_reminders", "reminder_hour"]
        widgets = {
            "reminder_hour": forms.Select(choices=[(h, f"{h:02d}:00") for h in range(24)]),
        }


class AddPasskeyForm(AddWebAuthnForm):
    """allauth's "add a security key", worded for passkeys; signing in with it is the default."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = "Name for this passkey"
        self.fields["name"].help_text = "So you can tell your devices apart, e.g. “Phone”."
        if "passwordless" in self.fields:
            self.fields["passwordless"].initial = True
            self.fields["passwordless"].label = "Use it to log in without a password"
            self.fields[
                "passwordless"
            ].help_text = (
                "Your device then asks for its PIN, fingerprint or face before it signs you in."
            )

    def clean_credential(self):
        """Only a browser's credential object. allauth checks a credential only when it is
        truthy, so a posted 0 or false would be stored as a passkey and break every later
        passkey page of that account (found by tests/security/test_hostile_input.py)."""
        credential = self.cleaned_data.get("credential")
        if not isinstance(credential, dict) or not credential:
            raise forms.ValidationError(
                "No passkey arrived from your device. Try again.", code="incorrect_code"
            )
        return credential
