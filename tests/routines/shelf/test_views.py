"""Shelf and avoid-list pages: ownership, validation, query counts, htmx."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from routines.avoid.selectors import avoid_flags
from routines.models import AvoidedIngredient, ShelfItem
from tests.catalog.factories import IngredientFactory, ProductFactory
from tests.conftest import SESSION_QUERIES
from tests.routines.shelf.factories import (
    AvoidedIngredientFactory,
    ShelfItemFactory,
    StepFactory,
)

pytestmark = pytest.mark.django_db

NOW = "2026-03-02 12:00Z"


def valid_post(**overrides):
    data = {
        "product": "",
        "custom_name": "Sample serum",
        "status": "in_use",
        "purchased_on": "2026-02-01",
        "opened_on": "2026-02-10",
        "activated_on": "",
        "pao_months": "6",
        "printed_expiry": "",
        "storage": "room",
        "size_ml": "30",
        "price_paid": "90",
        "currency": "usd",
        "step": "",
        "amount_per_use_ml": "",
        "notes": "",
    }
    data.update(overrides)
    return data


# --- anonymous and other users ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["routines:shelf", "routines:shelf_add", "routines:avoid"])
def test_anonymous_users_are_sent_to_log_in(anon_client, name):
    response = anon_client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", ["routines:shelf_edit", "routines:shelf_delete"])
def test_anonymous_users_cannot_open_an_item(anon_client, owner, name):
    item = ShelfItemFactory(user=owner)
    response = anon_client.get(reverse(name, args=[item.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("routines:shelf_edit", "get"),
        ("routines:shelf_edit", "post"),
        ("routines:shelf_delete", "get"),
        ("routines:shelf_delete", "post"),
        ("routines:shelf_status", "post"),
    ],
)
def test_other_users_get_404_and_change_nothing(other_client, owner, name, method):
    item = ShelfItemFactory(user=owner)
    url = reverse(name, args=[item.pk])
    response = getattr(other_client, method)(url, {"status": "finished", **valid_post()})
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.status == ShelfItem.Status.IN_USE


def test_other_users_cannot_remove_an_avoided_ingredient(other_client, owner):
    entry = AvoidedIngredientFactory(user=owner)
    response = other_client.post(reverse("routines:avoid_remove", args=[entry.pk]))
    assert response.status_code == 404
    assert AvoidedIngredient.objects.filter(pk=entry.pk).exists()


def test_shelf_shows_only_the_owners_items(owner_client, owner, other_user):
    ShelfItemFactory(user=owner, product=None, custom_name="Mine")
    ShelfItemFactory(user=other_user, product=None, custom_name="Not mine")
    html = owner_client.get(reverse("routines:shelf")).content.decode()
    assert "Mine" in html and "Not mine" not in html


# --- the shelf page ---------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_shelf_shows_expiry_cost_run_out_and_fridge_note(owner_client, owner):
    step = StepFactory(routine__user=owner)
    ShelfItemFactory(
        user=owner,
        product=step.product,
        step=step,
        opened_on=datetime.date(2026, 3, 1),
        pao_months=3,
        storage=ShelfItem.Storage.FRIDGE,
    )
    html = owner_client.get(reverse("routines:shelf")).content.decode()
    assert "1 Jun 2026" in html  # opened 1 Mar + 3 months
    assert "USD 36.53" in html  # 120 / 30 ml * 0.3 ml * 30.44 uses
    assert "8 Jun 2026" in html  # 100 daily uses from 1 Mar
    assert "about 30 uses a month" in html and "30.44" not in html  # daily, as people say it
    assert "Keep it cold" in html


@time_machine.travel(NOW, tick=False)
def test_unknown_price_and_expiry_are_said_not_guessed(owner_client, owner):
    step = StepFactory(routine__user=owner)
    ShelfItemFactory(user=owner, product=step.product, step=step, price_paid=None, pao_months=None)
    html = owner_client.get(reverse("routines:shelf")).content.decode()
    assert "Price paid not recorded" in html
    assert "no price or size recorded" in html
    assert "Not recorded" in html


@time_machine.travel(NOW, tick=False)
def test_expired_and_soon_items_are_marked(owner_client, owner):
    ShelfItemFactory(user=owner, opened_on=datetime.date(2025, 6, 1), pao_months=6)
    ShelfItemFactory(user=owner, opened_on=datetime.date(2025, 9, 10), pao_months=6)
    html = owner_client.get(reverse("routines:shelf")).content.decode()
    assert "Expired" in html
    assert "In 8 days" in html


@pytest.mark.parametrize("rows", [1, 50])
def test_shelf_query_count_does_not_grow_with_items(
    owner_client, owner, rows, django_assert_num_queries
):
    step = StepFactory(routine__user=owner)
    for _ in range(rows):
        ShelfItemFactory(user=owner, step=step)
    AvoidedIngredientFactory(user=owner)
    # user, profile, shelf items (with product, brand, step, routine), avoid flags
    with django_assert_num_queries(4 + SESSION_QUERIES):
        response = owner_client.get(reverse("routines:shelf"))
    assert response.status_code == 200


# --- add and edit ------------------------------------------------------------------------------


def test_add_a_named_item(owner_client, owner):
    response = owner_client.post(reverse("routines:shelf_add"), valid_post())
    assert response.status_code == 302
    item = ShelfItem.objects.get(user=owner)
    assert item.custom_name == "Sample serum" and item.currency == "USD"
    assert item.price_paid == Decimal("90")


def test_add_a_catalog_item_takes_the_catalog_size(owner_client, owner):
    product = ProductFactory(size_ml=Decimal("15"))
    step = StepFactory(routine__user=owner, product=product)
    post = valid_post(product=product.pk, custom_name="", size_ml="", step=step.pk)
    assert owner_client.post(reverse("routines:shelf_add"), post).status_code == 302
    item = ShelfItem.objects.get(user=owner)
    assert item.product == product and item.size_ml == Decimal("15") and item.step == step


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"opened_on": "2026-01-01"}, "opened_on", "before the purchase date"),
        ({"price_paid": "-5"}, "price_paid", "cannot be negative"),
        ({"pao_months": "0"}, "pao_months", "between 1 and 60"),
        ({"pao_months": "1000"}, "pao_months", "between 1 and 60"),
        ({"custom_name": ""}, "custom_name", "Pick a product"),
        ({"size_ml": "0"}, "size_ml", "more than zero"),
        ({"currency": "dollars"}, "currency", "three-letter"),
        ({"opened_on": "not a date"}, "opened_on", "valid date"),
        ({"product": "999999", "custom_name": ""}, "product", "valid choice"),
        ({"activated_on": "2026-01-05"}, "activated_on", "before the purchase date"),
    ],
)
def test_bad_input_gets_a_message_beside_the_field_and_saves_nothing(
    owner_client, owner, overrides, field, message
):
    response = owner_client.post(reverse("routines:shelf_add"), valid_post(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors[field])
    assert not ShelfItem.objects.exists()


def test_another_users_step_cannot_be_chosen(owner_client, other_user):
    step = StepFactory(routine__user=other_user)
    response = owner_client.post(reverse("routines:shelf_add"), valid_post(step=step.pk))
    assert "step" in response.context["form"].errors
    assert not ShelfItem.objects.exists()


def test_edit_bad_input_leaves_the_item_unchanged(owner_client, owner):
    item = ShelfItemFactory(user=owner, product=None, custom_name="Original")
    url = reverse("routines:shelf_edit", args=[item.pk])
    response = owner_client.post(url, valid_post(custom_name="Renamed", price_paid="-1"))
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.custom_name == "Original"
    response = owner_client.post(url, valid_post(custom_name="Renamed"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.custom_name == "Renamed"


# --- status and delete --------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_marking_in_use_records_todays_opening_date(owner_client, owner):
    item = ShelfItemFactory(user=owner, status=ShelfItem.Status.UNOPENED, opened_on=None)
    response = owner_client.post(
        reverse("routines:shelf_status", args=[item.pk]), {"status": "in_use"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "in_use" and item.opened_on == datetime.date(2026, 3, 2)


def test_status_change_by_htmx_returns_the_item_fragment(owner_client, owner):
    item = ShelfItemFactory(user=owner)
    response = owner_client.post(
        reverse("routines:shelf_status", args=[item.pk]),
        {"status": "finished"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="shelf-item-{item.pk}"' in html and "<html" not in html
    assert 'hx-swap-oob="true"' in html and "finished" in html
    assert "HX-Request" in response["Vary"]
    item.refresh_from_db()
    assert item.status == ShelfItem.Status.FINISHED


def test_unknown_status_is_refused(owner_client, owner):
    item = ShelfItemFactory(user=owner)
    owner_client.post(reverse("routines:shelf_status", args=[item.pk]), {"status": "lost"})
    item.refresh_from_db()
    assert item.status == ShelfItem.Status.IN_USE


def test_delete_asks_then_deletes(owner_client, owner):
    item = ShelfItemFactory(user=owner)
    url = reverse("routines:shelf_delete", args=[item.pk])
    assert "Delete" in owner_client.get(url).content.decode()
    assert ShelfItem.objects.filter(pk=item.pk).exists()
    assert owner_client.post(url).status_code == 302
    assert not ShelfItem.objects.filter(pk=item.pk).exists()


# --- avoid-list -----------------------------------------------------------------------------------


def test_add_and_remove_an_avoided_ingredient(owner_client, owner):
    IngredientFactory(name="Niacinamide", slug="niacinamide")
    response = owner_client.post(
        reverse("routines:avoid"), {"ingredient": "  niacinamide ", "reason": "stings"}
    )
    assert response.status_code == 302
    entry = AvoidedIngredient.objects.get(user=owner)
    assert entry.ingredient.name == "Niacinamide" and entry.reason == "stings"
    owner_client.post(reverse("routines:avoid_remove", args=[entry.pk]))
    assert not AvoidedIngredient.objects.exists()


def test_unknown_ingredient_gets_a_clear_error(owner_client):
    response = owner_client.post(reverse("routines:avoid"), {"ingredient": "Unobtainium"})
    assert response.status_code == 200
    assert "not in our ingredient list" in response.context["form"].errors["ingredient"][0]
    assert not AvoidedIngredient.objects.exists()


def test_duplicate_avoided_ingredient_is_refused(owner_client, owner):
    entry = AvoidedIngredientFactory(user=owner)
    response = owner_client.post(reverse("routines:avoid"), {"ingredient": entry.ingredient.name})
    assert "already on your avoid-list" in response.context["form"].errors["ingredient"][0]
    assert AvoidedIngredient.objects.count() == 1


def test_avoid_flags_name_the_ingredient_in_one_query(owner, other_user, django_assert_num_queries):
    fragrance = IngredientFactory(name="Fragrance", slug="fragrance")
    retinol = IngredientFactory(name="Retinol", slug="retinol")
    flagged = ProductFactory(ingredients=[fragrance, retinol])
    clean = ProductFactory(ingredients=[IngredientFactory()])
    AvoidedIngredientFactory(user=owner, ingredient=fragrance)
    AvoidedIngredientFactory(user=owner, ingredient=retinol)
    AvoidedIngredientFactory(user=other_user, ingredient=clean.ingredients.get())
    with django_assert_num_queries(1):
        flags = avoid_flags(owner, [flagged, clean])
    assert flags == {flagged.pk: ["Fragrance", "Retinol"]}


def test_avoid_flags_for_anonymous_users_cost_no_query(django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    with django_assert_num_queries(0):
        assert avoid_flags(AnonymousUser(), [1, 2]) == {}


def test_shelf_item_flags_an_avoided_ingredient(owner_client, owner):
    ingredient = IngredientFactory(name="Lavender oil", slug="lavender-oil")
    ShelfItemFactory(user=owner, product=ProductFactory(ingredients=[ingredient]))
    AvoidedIngredientFactory(user=owner, ingredient=ingredient)
    html = owner_client.get(reverse("routines:shelf")).content.decode()
    assert "Contains Lavender oil, which you avoid" in html


# --- helpers other pages use ---------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_rows_by_step_and_step_partial_show_expiry_and_cost(owner):
    from django.template.loader import render_to_string

    from routines.shelf.selectors import rows_by_step

    step = StepFactory(routine__user=owner)
    ShelfItemFactory(
        user=owner, step=step, product=step.product, opened_on=datetime.date(2026, 3, 1)
    )
    ShelfItemFactory(user=owner, step=step, status=ShelfItem.Status.FINISHED)
    grouped = rows_by_step(owner, datetime.date(2026, 3, 2))
    assert list(grouped) == [step.pk] and len(grouped[step.pk]) == 1
    html = render_to_string("routines/shelf/_step_shelf.html", {"rows": grouped[step.pk]})
    assert "Expires 1 Sep 2026" in html
    assert "about USD 36.53 a month" in html
    assert "runs out around 8 Jun 2026" in html


def test_shelf_reminder_plan_two_weeks_before_on_the_day_and_reorder(owner):
    from routines.shelf.selectors import ShelfReminder, shelf_reminder_plan

    step = StepFactory(routine__user=owner)
    item = ShelfItemFactory(user=owner, step=step, opened_on=datetime.date(2026, 3, 1))
    ShelfItemFactory(user=owner, status=ShelfItem.Status.DISCARDED)
    plan = shelf_reminder_plan(owner, datetime.date(2026, 3, 2))
    assert plan == [
        (ShelfReminder.EXPIRES_SOON, item, datetime.date(2026, 8, 18)),
        (ShelfReminder.EXPIRES_TODAY, item, datetime.date(2026, 9, 1)),
        (ShelfReminder.REORDER, item, datetime.date(2026, 5, 25)),
    ]


def test_avoided_for_tag_flags_a_single_product(owner, rf):
    from django.template import Context, Template

    ingredient = IngredientFactory(name="Retinol", slug="retinol")
    product = ProductFactory(ingredients=[ingredient])
    AvoidedIngredientFactory(user=owner, ingredient=ingredient)
    request = rf.get("/")
    request.user = owner
    html = Template(
        "{% load avoid_tags %}{% avoided_for product as names %}{% avoid_flag names %}"
    ).render(Context({"request": request, "product": product}))
    assert "Contains Retinol, which you avoid." in html


def test_add_form_renders_every_field_in_its_group(owner_client):
    from routines.shelf.forms import ShelfItemForm

    html = owner_client.get(reverse("routines:shelf_add")).content.decode()
    for name in ShelfItemForm._meta.fields:
        assert f'name="{name}"' in html, name
    assert html.count("<legend>") == 3
