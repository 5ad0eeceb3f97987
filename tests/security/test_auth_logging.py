"""Authentication events reach the "cellwise.auth" log with a user id at most: no email,
no password, no token."""

import logging
import re

import pytest
from django.core import mail
from django.urls import reverse


@pytest.fixture
def auth_log(caplog):
    """Capture "cellwise.auth" (it does not propagate to the root logger caplog listens on)."""
    logger = logging.getLogger("cellwise.auth")
    logger.addHandler(caplog.handler)
    caplog.set_level(logging.DEBUG)
    yield caplog
    logger.removeHandler(caplog.handler)


SECRETS_AND_PII = ("@", "correct-horse", "wrong-password", "new-passphrase", "example.com")


def records(caplog):
    """Each record once (pytest may hand the same record to caplog through two handlers)."""
    seen = {}
    for record in caplog.records:
        seen.setdefault(id(record), record)
    return list(seen.values())


def messages(caplog):
    return [r.getMessage() for r in records(caplog) if r.name.startswith("cellwise")]


def assert_clean(caplog, *extra):
    for record in records(caplog):
        text = record.getMessage() + repr(record.args)
        for needle in (*SECRETS_AND_PII, *extra):
            assert needle not in text, (record.name, text)


@pytest.mark.django_db
def test_login_success_and_failure_are_logged(client, owner, password, auth_log):
    client.post(reverse("account_login"), {"login": owner.email, "password": "wrong-password"})
    client.post(reverse("account_login"), {"login": owner.email, "password": password})
    assert messages(auth_log) == ["login_failure", f"login_success user_id={owner.pk}"]
    assert_clean(auth_log, password)


@pytest.mark.django_db
def test_lockout_is_logged(client, owner, settings, auth_log):
    settings.LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS = 2
    for _ in range(3):
        client.post(reverse("account_login"), {"login": owner.email, "password": "wrong-password"})
    assert messages(auth_log) == [
        "login_failure",
        "login_failure",
        "login_throttled scope=account_and_address",
    ]
    assert_clean(auth_log)


@pytest.mark.django_db
def test_signup_and_logout_are_logged(client, auth_log):
    from django.contrib.auth import get_user_model

    client.post(
        reverse("account_signup"),
        {
            "email": "new-person@example.com",
            "password1": "new-passphrase-unusual-42",
            "password2": "new-passphrase-unusual-42",
        },
    )
    user = get_user_model().objects.get(email="new-person@example.com")
    confirm = re.search(r"/accounts/confirm-email/[^/\s]+/", mail.outbox[0].body).group(0)
    client.post(confirm)  # confirming the address signs the new account in
    client.post(reverse("account_logout"))
    assert messages(auth_log) == [
        f"signup user_id={user.pk}",
        f"login_success user_id={user.pk}",
        f"logout user_id={user.pk}",
    ]
    assert_clean(auth_log, confirm)


@pytest.mark.django_db
def test_password_change_is_logged(client, owner, password, auth_log):
    client.force_login(owner)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": password,
            "password1": "new-passphrase-unusual-42",
            "password2": "new-passphrase-unusual-42",
        },
    )
    assert response.status_code == 302
    assert messages(auth_log) == [f"password_change user_id={owner.pk}"]
    assert_clean(auth_log, password)


@pytest.mark.django_db
def test_password_reset_request_and_completion_are_logged(client, owner, auth_log):
    client.post(reverse("account_reset_password"), {"email": owner.email})
    client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    link = re.search(r"/accounts/password/reset/key/[^/\s]+/", mail.outbox[0].body).group(0)
    set_password_url = client.get(link).url
    token = link.rstrip("/").rsplit("/", 1)[1].split("-", 1)[1]
    response = client.post(
        set_password_url,
        {"password1": "new-passphrase-unusual-42", "password2": "new-passphrase-unusual-42"},
    )
    assert response.status_code == 302
    assert messages(auth_log) == [
        "password_reset_requested",
        "password_reset_requested",
        f"password_reset user_id={owner.pk}",
    ]
    assert_clean(auth_log, token)


@pytest.mark.django_db
def test_account_deletion_is_logged(client, owner, password, auth_log):
    from django.contrib.auth import get_user_model

    from tests.accounts.helpers import mark_recently_authenticated

    client.force_login(owner)
    mark_recently_authenticated(client, owner)
    response = client.post(reverse("accounts:delete"), {"confirm": "on"})
    assert response.status_code == 200
    assert not get_user_model().objects.filter(pk=owner.pk).exists()
    assert f"account_deleted user_id={owner.pk}" in messages(auth_log)
    assert_clean(auth_log, password, owner.email)
