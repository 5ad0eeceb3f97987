"""Two-factor sign-in: authenticator app, recovery codes, passkeys, re-authentication."""

import json
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.test import Client
from django.urls import reverse

from tests.accounts.helpers import mark_recently_authenticated
from tests.accounts.passkeys import add_passkey

TODAY = "/routines/"


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def password_step(client, user, password):
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


@pytest.fixture
def totp_secret(owner):
    secret = generate_totp_secret()
    TOTP.activate(owner, secret)
    return secret


def test_totp_sign_in_needs_the_code_after_the_password(client, owner, password, totp_secret):
    response = password_step(client, owner, password)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    # Not signed in yet.
    assert client.get(TODAY).status_code == 302
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200 and "code" in wrong.context["form"].errors
    assert client.get(TODAY).status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(totp_secret)})
    assert response.status_code == 302
    assert client.get(TODAY).status_code == 200


def test_a_totp_code_cannot_be_used_twice(owner, password, totp_secret):
    code = totp_code(totp_secret)
    first, second = Client(), Client()
    password_step(first, owner, password)
    assert first.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    password_step(second, owner, password)
    assert second.post(reverse("mfa_authenticate"), {"code": code}).status_code == 200
    assert second.get(TODAY).status_code == 302


def test_a_recovery_code_works_once(owner, password, totp_secret):
    code = RecoveryCodes.activate(owner).generate_codes()[0]
    first, second = Client(), Client()
    password_step(first, owner, password)
    assert first.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert first.get(TODAY).status_code == 200
    password_step(second, owner, password)
    again = second.post(reverse("mfa_authenticate"), {"code": code})
    assert again.status_code == 200 and "code" in again.context["form"].errors
    assert second.get(TODAY).status_code == 302
    assert (
        code
        not in RecoveryCodes(
            Authenticator.objects.get(user=owner, type="recovery_codes")
        ).get_unused_codes()
    )


def test_turning_on_totp_asks_to_re_authenticate_then_for_a_working_code(
    owner_client, owner, password
):
    url = reverse("mfa_activate_totp")
    response = owner_client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert (
        owner_client.post(reverse("account_reauthenticate"), {"password": "wrong"}).status_code
        == 200
    )
    response = owner_client.post(
        reverse("account_reauthenticate") + f"?next={url}", {"password": password}
    )
    assert response.status_code == 302
    page = owner_client.get(url)
    assert page.status_code == 200
    secret = page.context["form"].secret
    assert secret in page.content.decode()
    bad = owner_client.post(url, {"code": "123"})
    assert bad.status_code == 200 and not Authenticator.objects.filter(user=owner).exists()
    response = owner_client.post(url, {"code": totp_code(secret)})
    assert response.status_code == 302
    types = set(Authenticator.objects.filter(user=owner).values_list("type", flat=True))
    assert types == {"totp", "recovery_codes"}


@pytest.mark.parametrize(
    "name",
    [
        "mfa_activate_totp",
        "mfa_add_webauthn",
        "mfa_generate_recovery_codes",
        "account_email",
    ],
)
def test_changes_to_sign_in_settings_ask_to_re_authenticate(owner_client, name):
    response = owner_client.post(
        reverse(name), {"email": "elsewhere@example.com", "action_add": ""}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_a_passkey_signs_in_without_a_password(client, owner, settings):
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True  # http://testserver
    passkey = add_passkey(owner)
    options = client.get(reverse("mfa_login_webauthn"), headers={"Accept": "application/json"})
    assert options.status_code == 200
    assertion = passkey.assertion(options.json()["request_options"])
    response = client.post(reverse("mfa_login_webauthn"), {"credential": json.dumps(assertion)})
    assert response.status_code == 302
    assert client.get(TODAY).status_code == 200


def test_a_forged_passkey_assertion_is_refused(client, owner, settings):
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
    add_passkey(owner)
    impostor = add_passkey(owner, name="Second")
    impostor.authenticator.delete()  # a key the server no longer knows
    options = client.get(reverse("mfa_login_webauthn"), headers={"Accept": "application/json"})
    assertion = impostor.assertion(options.json()["request_options"])
    response = client.post(reverse("mfa_login_webauthn"), {"credential": json.dumps(assertion)})
    assert response.status_code in (200, 302)
    assert client.get(TODAY).status_code == 302


def test_the_delete_page_asks_to_re_authenticate(owner_client, owner):
    response = owner_client.get(reverse("accounts:delete"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    mark_recently_authenticated(owner_client, owner)
    assert owner_client.get(reverse("accounts:delete")).status_code == 200
