"""Forms: allauth's account forms with Cellwise's wording and logging, and the settings form."""

import logging

from allauth.account import forms as allauth_forms
from allauth.mfa.webauthn.forms import AddWebAuthnForm
from django import forms
from django.contrib.auth.hashers import make_password

from routines.api import Profile, available_timezones

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


class SignUpForm(allauth_forms.SignupForm):
    """Email and password. A known address gets the same answer as a new one (allauth's
    enumeration prevention); its owner is told by email instead."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _no_placeholders(self)
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "autofocus": True})
        self.fields["password2"].label = "Password again"

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


class TimeZoneField(forms.CharField):
    def validate(self, value):
        super().validate(value)
        if value and value not in available_timezones():
            raise forms.ValidationError(
                "“%(value)s” is not a time zone name we recognise. Pick one from the list, "
                "e.g. Europe/London or America/New_York.",
                params={"value": value},
            )


class SettingsForm(forms.ModelForm):
    timezone = TimeZoneField(
        label="Time zone",
        max_length=64,
        help_text="Your local time zone, used for Today and for reminder times.",
        widget=forms.TextInput(attrs={"list": "timezone-list", "autocomplete": "off"}),
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
