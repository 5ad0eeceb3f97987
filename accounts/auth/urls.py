"""allauth's URLs (names like "account_login", as its views and templates expect them),
with Cellwise's sign-in view in front of its own."""

from allauth.account import urls as account_urls
from allauth.mfa import urls as mfa_urls
from django.contrib.auth.decorators import login_required
from django.urls import URLPattern, URLResolver, include, path

from accounts import views

# Sign-in and re-authentication by emailed code are off (ACCOUNT_LOGIN_BY_CODE_ENABLED is
# unset): allauth still names these pages, so they exist, but answer 404 and mail nothing.
NOT_SERVED = {
    "account_request_reauthentication_code",
    "account_confirm_reauthentication_code",
    "account_confirm_login_code",
}

# Two-factor pages reached before sign-in completes (the second step, passkey log-in).
MFA_ENTRANCE = {"mfa_authenticate", "mfa_login_webauthn", "mfa_signup_webauthn"}


def _signed_in_only(patterns):
    """allauth's two-factor management pages, sending anonymous visitors to log in first.

    Its re-authentication gate runs before its own login check and would otherwise store an
    anonymous visitor's POST in a new session before redirecting."""
    wrapped = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            wrapped.append(path(str(entry.pattern), include(_signed_in_only(entry.url_patterns))))
        elif isinstance(entry, URLPattern) and entry.name not in MFA_ENTRANCE:
            wrapped.append(
                path(str(entry.pattern), login_required(entry.callback), name=entry.name)
            )
        else:
            wrapped.append(entry)
    return wrapped


urlpatterns = [
    path("login/", views.login, name="account_login"),
    *[
        path(str(pattern.pattern), views.not_served, name=pattern.name)
        if pattern.name in NOT_SERVED
        else pattern
        for pattern in account_urls.urlpatterns
        if pattern.name != "account_login"
    ],
    path("2fa/", include(_signed_in_only(mfa_urls.urlpatterns))),
    path("sessions/", include("allauth.usersessions.urls")),
]
