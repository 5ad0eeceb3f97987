"""Cellwise's hooks into django-allauth: usernames, throttling, logging and sending mail.

allauth runs sign-up, sign-in, verification, reset, email change, two-factor and the
sessions list; this adapter is the one place where it meets the rest of the site.
"""

import ipaddress
import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sites.shortcuts import get_current_site
from django.utils.crypto import salted_hmac

from accounts import throttle
from accounts.tasks import send_rendered_mail
from config.redirects import safe_next
from routines.api import Profile

log = logging.getLogger("cellwise.auth")

THROTTLED = "throttled"


def _login_email(credentials: dict) -> str:
    """The address typed, as the throttle counts it (trimmed, lower case, bounded)."""
    return (credentials.get("email") or credentials.get("username") or "").strip().lower()[:150]


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": (
            "That email and password do not match an account. Check both and try again."
        ),
    }

    # --- sign-up -------------------------------------------------------------------------

    def populate_username(self, request, user):
        """Accounts made here keep username = email (the admin's log-in form asks for it);
        an address freed by an email change gets a suffix rather than a clash."""
        email = (user.email or "").strip().lower()
        username = email[:150]
        taken = get_user_model().objects.filter(username__iexact=username)
        if not username or taken.exists():
            username = self.generate_unique_username([email, "user"])
        user.username = username

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            Profile.objects.get_or_create(user=user)
            log.info("signup user_id=%s", user.pk)
        return user

    def is_safe_url(self, url):
        """`next` may only name a path on this site (config.redirects.safe_next)."""
        return safe_next(allauth_context.request, url) is not None

    # --- sign-in: the throttle of accounts/throttle.py decides, allauth asks ----------------

    def get_login_stages(self):
        return [
            "accounts.stages.EmailVerificationStage"
            if stage == "allauth.account.stages.EmailVerificationStage"
            else stage
            for stage in super().get_login_stages()
        ]

    def get_reauthentication_methods(self, user):
        """Password, authenticator app or passkey; never a code by email (turned off)."""
        return [
            method
            for method in super().get_reauthentication_methods(user)
            if method["id"] != "reauthenticate_by_code"
        ]

    def get_client_ip(self, request):
        """The one client-address rule of the site (accounts.throttle), valid for storage."""
        ip = throttle.client_ip(request)
        try:
            return str(ipaddress.ip_address(ip))
        except ValueError:
            return super().get_client_ip(request)

    def pre_authenticate(self, request, **credentials):
        super().pre_authenticate(request, **credentials)
        # Counted before the password is checked, so check and count are one step.
        refusal = throttle.check(request, _login_email(credentials))
        if refusal:
            log.warning("login_throttled scope=%s", refusal.scope)
            request.login_refusal = refusal  # LoginView sets Retry-After from it
            raise forms.ValidationError(refusal.message, code=THROTTLED)

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            # Takes the attempt back and remembers this address as the owner's.
            throttle.clear(request, _login_email(credentials))
        return user

    def authentication_failed(self, request, **credentials):
        throttle.record_failure(request, _login_email(credentials))
        log.info("login_failure")

    def login(self, request, user):
        super().login(request, user)
        log.info("login_success user_id=%s", user.pk)

    def logout(self, request):
        user_id = request.user.pk
        super().logout(request)
        if user_id:
            log.info("logout user_id=%s", user_id)

    # --- mail: rendered here (links need the request), handed to a task to send ---------

    def send_mail(self, template_prefix, email, context):
        """Every allauth mail (known address or not) is one message through one task, so
        the known and the unknown case do the same work and look the same from outside."""
        if template_prefix == "account/email/unknown_account":
            _as_costly_as_a_reset_token(email)
        request = allauth_context.request
        ctx = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        message = self.render_mail(template_prefix, email, ctx)
        alternatives = [(body, kind) for body, kind in getattr(message, "alternatives", [])]
        send_rendered_mail.enqueue(
            subject=message.subject,
            body=message.body,
            from_email=message.from_email,
            to=list(message.to),
            html=alternatives[0][0] if alternatives else "",
        )


def _as_costly_as_a_reset_token(email: str) -> None:
    """A reset for a known address makes a token (allauth's EmailAwarePasswordResetToken-
    Generator: two reads of the owner's addresses and an HMAC); one for an unknown address
    does the same reads (they find nothing) and an HMAC, so the answer takes as long."""
    EmailAddress.objects.filter(user_id=0, email=email).exists()
    list(EmailAddress.objects.filter(user_id=0).values_list("email", flat=True))
    salted_hmac("cellwise.reset-decoy", email, algorithm="sha256").hexdigest()


class MFAAdapter(DefaultMFAAdapter):
    """Authenticator apps and passkeys show "Cellwise", not the host name."""

    def _get_site_name(self):
        return settings.SITE_NAME
