from django import forms
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.forms import SetPasswordMixin

from routines.api import Profile, available_timezones

User = get_user_model()


def normalise_email(value: str) -> str:
    return value.strip().lower()


class SignUpForm(SetPasswordMixin, forms.Form):
    """Sign up with an email address and a password; the email is also the username."""

    email = forms.EmailField(
        max_length=150, widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    password1, password2 = SetPasswordMixin.create_password_fields()

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        if (
            User.objects.filter(username=email).exists()
            or User.objects.filter(email__iexact=email).exists()
        ):
            raise forms.ValidationError(
                "An account with this email already exists. Log in, or reset your password."
            )
        return email

    def clean(self):
        self.validate_passwords()
        return super().clean()

    def _post_clean(self):
        super()._post_clean()
        email = self.cleaned_data.get("email", "")
        self.validate_password_for_user(User(username=email, email=email))

    def save(self):
        email = self.cleaned_data["email"]
        user = User.objects.create_user(
            username=email, email=email, password=self.cleaned_data["password1"]
        )
        Profile.objects.create(user=user)
        return user


class LoginForm(forms.Form):
    email = forms.EmailField(
        max_length=150, widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    password = forms.CharField(
        strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    error_messages = {
        "invalid_login": (
            "That email and password do not match an account. Check both and try again."
        )
    }

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user_cache = None
        super().__init__(*args, **kwargs)

    def clean(self):
        email = normalise_email(self.cleaned_data.get("email", ""))
        password = self.cleaned_data.get("password")
        if email and password:
            self.user_cache = authenticate(self.request, username=email, password=password)
            if self.user_cache is None or not self.user_cache.is_active:
                self.user_cache = None
                raise forms.ValidationError(
                    self.error_messages["invalid_login"], code="invalid_login"
                )
        return self.cleaned_data

    def get_user(self):
        return self.user_cache


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
