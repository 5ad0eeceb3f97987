"""The allauth tables in "my data": exported without their secrets, deleted with the account."""

import json

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.urls import reverse

from routines.mydata.selectors import export_data
from tests.accounts.passkeys import add_passkey


def test_export_has_the_sign_in_rows_but_none_of_their_secrets(client, owner, password):
    client.post(reverse("account_login"), {"login": owner.email, "password": password})
    secret = generate_totp_secret()
    TOTP.activate(owner, secret)
    codes = RecoveryCodes.activate(owner).generate_codes()
    add_passkey(owner, name="Laptop passkey")
    data = export_data(owner)["data"]
    assert [row["email"] for row in data["account.emailaddress"]] == [owner.email]
    assert len(data["mfa.authenticator"]) == 3
    assert {row["type"] for row in data["mfa.authenticator"]} == {
        "totp",
        "recovery_codes",
        "webauthn",
    }
    [session] = data["usersessions.usersession"]
    assert "session_key" not in session and session["user_agent"] is not None
    dumped = json.dumps(data)
    assert secret not in dumped
    assert not any(code in dumped for code in codes)
    assert client.cookies[settings.SESSION_COOKIE_NAME].value not in dumped
    assert "credential" not in dumped
