"""Staff: createsuperuser by email, and the Catalog editor never sees or deletes users' rows."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from tests.catalog.factories import ProductFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "staff-long-unusual-pass-9"


def test_createsuperuser_makes_an_account_that_signs_in_to_site_and_admin(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command(
        "createsuperuser", "--noinput", "--email", "Boss@Example.com", stdout=io.StringIO()
    )
    user = User.objects.get(email="boss@example.com")
    assert user.username == "boss@example.com" and user.is_superuser and user.is_staff
    assert EmailAddress.objects.filter(user=user, email="boss@example.com", verified=True).exists()

    site = Client()
    response = site.post(
        reverse("account_login"), {"login": "boss@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == reverse("routines:today")
    assert site.get(reverse("admin:index")).status_code == 200

    staff = Client()
    response = staff.post(
        reverse("admin:login") + "?next=/admin/",
        {"username": "boss@example.com", "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert staff.get(reverse("admin:index")).status_code == 200


def test_createsuperuser_asks_for_the_email_only(monkeypatch):
    from django.contrib.auth.management.commands import createsuperuser as django_command

    answers = iter(["not an email", "editor-in-chief@example.com"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    monkeypatch.setattr(django_command.getpass, "getpass", lambda prompt="": PASSWORD)

    class TTY(io.StringIO):
        def isatty(self):
            return True

    err = io.StringIO()
    call_command("createsuperuser", stdin=TTY(), stdout=io.StringIO(), stderr=err)
    user = User.objects.get(email="editor-in-chief@example.com")
    assert user.username == "editor-in-chief@example.com" and user.check_password(PASSWORD)
    assert "valid email" in err.getvalue()


def test_createsuperuser_refuses_an_address_already_in_use(owner, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    with pytest.raises(CommandError, match="already uses"):
        call_command("createsuperuser", "--noinput", "--email", owner.email.upper())
    assert User.objects.filter(email__iexact=owner.email).count() == 1


# --- the Catalog editor ---------------------------------------------------------------------


@pytest.fixture
def used_content(owner):
    """A product in a user's routine and shelf, and an ingredient on their avoid-list."""
    from tests.routines.factories import StepFactory
    from tests.routines.shelf.factories import AvoidedIngredientFactory, ShelfItemFactory

    product = ProductFactory()
    StepFactory(routine__user=owner, product=product, custom_name="Owner-only step name")
    ShelfItemFactory(user=owner, product=product, notes="Owner-only shelf note")
    avoided = AvoidedIngredientFactory(user=owner, reason="Owner-only avoid reason")
    return product, avoided.ingredient


MARKERS = (b"Owner-only", b"user 1", b"Avoided ingredient", b"Step:")


def assert_refused(response, owner):
    assert response.status_code in (403, 404), response.status_code
    for marker in (*MARKERS, owner.email.encode()):
        assert marker not in response.content


def test_editor_cannot_open_or_post_the_delete_page_of_content_users_rely_on(
    editor_client, owner, used_content
):
    from routines.models import AvoidedIngredient, ShelfItem, Step

    product, ingredient = used_content
    for url in (
        reverse("admin:catalog_product_delete", args=[product.pk]),
        reverse("admin:catalog_ingredient_delete", args=[ingredient.pk]),
    ):
        assert_refused(editor_client.get(url), owner)
        assert_refused(editor_client.post(url, {"post": "yes"}), owner)
    # A brand's products protect it: its page names them (shared content), nothing of users'.
    brand_page = editor_client.get(reverse("admin:catalog_brand_delete", args=[product.brand_id]))
    for marker in (*MARKERS, owner.email.encode()):
        assert marker not in brand_page.content
    editor_client.post(
        reverse("admin:catalog_brand_delete", args=[product.brand_id]), {"post": "yes"}
    )
    assert Step.objects.filter(product=product).count() == 1
    assert ShelfItem.objects.filter(product=product).count() == 1
    assert AvoidedIngredient.objects.filter(ingredient=ingredient).count() == 1


def test_editor_bulk_delete_refuses_without_listing_users_rows(editor_client, owner, used_content):
    from routines.models import AvoidedIngredient

    product, ingredient = used_content
    for model, obj in (("product", product), ("ingredient", ingredient)):
        url = reverse(f"admin:catalog_{model}_changelist")
        data = {"action": "delete_selected", "_selected_action": [obj.pk]}
        page = editor_client.post(url, data)
        assert page.status_code == 200
        for marker in (*MARKERS, owner.email.encode()):
            assert marker not in page.content
        assert b"belong to users" in page.content
        confirmed = editor_client.post(url, {**data, "post": "yes"})
        assert confirmed.status_code == 403
    assert AvoidedIngredient.objects.filter(ingredient=ingredient).exists()


def test_content_nobody_uses_can_still_be_deleted(editor_client):
    product = ProductFactory()
    url = reverse("admin:catalog_product_delete", args=[product.pk])
    assert editor_client.get(url).status_code == 200
    assert editor_client.post(url, {"post": "yes"}).status_code == 302
    assert not type(product).objects.filter(pk=product.pk).exists()


ALLAUTH_APPS = ("account", "mfa", "usersessions")


def test_editor_sees_none_of_allauths_tables(editor_client, owner, client, password):
    client.post(reverse("account_login"), {"login": owner.email, "password": password})
    from tests.accounts.passkeys import add_passkey

    add_passkey(owner)
    registered = [m for m in admin.site._registry if m._meta.app_label in ALLAUTH_APPS]
    assert registered, "allauth registers its admin pages (for superusers)"
    for model in registered:
        info = (model._meta.app_label, model._meta.model_name)
        for url in (
            reverse("admin:{}_{}_changelist".format(*info)),
            reverse("admin:{}_{}_add".format(*info)),
        ):
            assert_refused(editor_client.get(url), owner)
        row = model._default_manager.filter(user=owner).first()
        if row is not None:
            for name in ("change", "delete"):
                url = reverse("admin:{}_{}_{}".format(*info, name), args=[row.pk])
                assert_refused(editor_client.get(url), owner)
    index = editor_client.get(reverse("admin:index")).content
    for label in ALLAUTH_APPS:
        assert f"/admin/{label}/".encode() not in index
