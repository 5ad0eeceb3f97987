"""Account deletion: password asked, everything owned gone, sessions ended, nothing left behind."""

from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from routines.models import ShelfItem, Step
from routines.mydata.selectors import owned_models
from tests.accounts.helpers import mark_recently_authenticated
from tests.routines.mydata.test_export import populate

pytestmark = pytest.mark.django_db
User = get_user_model()


def references_to(user_pk, owned_pks):
    """Every row anywhere that still points at the user or at one of their former rows."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if not field.is_relation or field.related_model is None:
                continue
            if field.related_model is user_model:
                pks = {user_pk}
            else:
                pks = owned_pks.get(field.related_model, set())
            if pks and model._default_manager.filter(**{f"{field.attname}__in": pks}).exists():
                found.append(f"{model._meta.label}.{field.name}")
    return found


def add_account_rows(user):
    """The allauth tables: a pending address change, an authenticator app, recovery codes."""
    from allauth.account.models import EmailAddress, EmailConfirmation
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    pending = EmailAddress.objects.create(
        user=user, email=f"new-{user.email}", primary=False, verified=False
    )
    EmailConfirmation.create(pending)
    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)


def owned_pks_of(user):
    return {o.model: set(o.rows_for(user).values_list("pk", flat=True)) for o in owned_models()}


def test_delete_asks_to_re_authenticate_first(owner_client, owner):
    populate(owner)
    response = owner_client.post(reverse("accounts:delete"), {"confirm": "on"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert User.objects.filter(pk=owner.pk).exists()


def test_delete_asks_to_confirm_and_keeps_everything_when_not_ticked(owner_client, owner):
    populate(owner)
    mark_recently_authenticated(owner_client, owner)
    response = owner_client.post(reverse("accounts:delete"), {})
    assert response.status_code == 200
    assert "Tick the box to confirm. Nothing was deleted." in response.content.decode()
    assert User.objects.filter(pk=owner.pk).exists()
    assert Step.objects.filter(routine__user=owner).count() == 1


def test_delete_removes_every_owned_row_and_every_session(
    owner, other_user, password, django_capture_on_commit_callbacks
):
    populate(owner, days=3)
    populate(other_user, days=2)
    phone, laptop = Client(), Client()
    for c in (phone, laptop):
        assert c.post(reverse("account_login"), {"login": owner.email, "password": password})
    other = Client()
    other.force_login(other_user)
    # After signing in: with an authenticator app the log-in above would ask for a code.
    add_account_rows(owner)
    add_account_rows(other_user)
    owned_pks = owned_pks_of(owner)
    assert all(owned_pks.values())

    laptop_key = laptop.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.filter(session_key=laptop_key).exists()
    # With REDIS_URL, sessions are cached_db, read from Redis first: those copies must go too.
    store = import_module(settings.SESSION_ENGINE).SessionStore
    cached = store.cache_key_prefix + laptop_key if hasattr(store, "cache_key_prefix") else None
    if cached:
        assert caches[settings.SESSION_CACHE_ALIAS].has_key(cached)

    mark_recently_authenticated(phone, owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = phone.post(reverse("accounts:delete"), {"confirm": "on"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Your account is deleted" in html
    for line in ("3 check ins", "3 skin logs", "1 shelf item", "1 routine", "1 step"):
        assert line in html
    assert "2 signed-in sessions" in html
    for line in ("2 email addresses", "2 authenticators", "2 user sessions"):
        assert line in html
    assert not User.objects.filter(pk=owner.pk).exists()
    assert references_to(owner.pk, owned_pks) == []
    # Both of the owner's sessions are gone; the other user's data and session remain.
    assert not Session.objects.filter(session_key=laptop_key).exists()
    if cached:
        assert not caches[settings.SESSION_CACHE_ALIAS].has_key(cached)
    assert laptop.get(reverse("routines:today")).status_code == 302
    assert other.get(reverse("routines:today")).status_code == 200
    assert ShelfItem.objects.filter(user=other_user).count() == 1
    from allauth.mfa.models import Authenticator

    assert Authenticator.objects.filter(user=other_user).count() == 2
    assert Session.objects.count() >= 1


def test_delete_page_needs_login(anon_client):
    response = anon_client.get(reverse("accounts:delete"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_delete_page_warns_and_offers_the_export(owner_client, owner):
    mark_recently_authenticated(owner_client, owner)
    html = owner_client.get(reverse("accounts:delete")).content.decode()
    assert "cannot be undone" in html
    assert reverse("accounts:export") in html
