"""Shelf facts and avoid flags on the routine pages: Today, the editor, its catalog search."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from tests.catalog.factories import IngredientFactory, ProductFactory
from tests.conftest import SESSION_QUERIES
from tests.routines.shelf.factories import (
    AvoidedIngredientFactory,
    ShelfItemFactory,
    StepFactory,
)

pytestmark = pytest.mark.django_db
NOW = "2026-03-02 12:00Z"
HX = {"HX-Request": "true"}


@time_machine.travel(NOW, tick=False)
def test_today_shows_expiry_and_cost_beside_the_step(owner_client, owner):
    step = StepFactory(routine__user=owner)
    ShelfItemFactory(user=owner, step=step, product=step.product, pao_months=1)
    html = owner_client.get(reverse("routines:today")).content.decode()
    assert "Expires 1 Apr 2026" in html
    assert "about USD 36.53 a month" in html


@time_machine.travel(NOW, tick=False)
def test_editor_shows_step_cost_routine_total_and_avoid_flag(owner_client, owner):
    ingredient = IngredientFactory(name="Fragrance", slug="fragrance")
    step = StepFactory(routine__user=owner, product=ProductFactory(ingredients=[ingredient]))
    other = StepFactory(routine=step.routine)
    ShelfItemFactory(user=owner, step=step, product=step.product)
    ShelfItemFactory(user=owner, step=other, product=other.product, price_paid=Decimal("60"))
    ShelfItemFactory(user=owner, step=other, product=other.product, price_paid=None)
    AvoidedIngredientFactory(user=owner, ingredient=ingredient)
    url = reverse("routines:routine_detail", args=[step.routine.pk])
    html = owner_client.get(url).content.decode()
    assert "about USD 36.53 a month" in html and "about USD 18.26 a month" in html
    assert "Estimated cost of this routine: <strong>USD 54.79</strong> a month" in html
    assert "1 product without a recorded price or size is not counted" in html
    assert html.count("Contains Fragrance, which you avoid.") == 1


def test_editor_search_results_flag_avoided_ingredients(owner_client, owner):
    ingredient = IngredientFactory(name="Retinol", slug="retinol")
    ProductFactory(name="Night Renewal", ingredients=[ingredient])
    ProductFactory(name="Night Calm")
    AvoidedIngredientFactory(user=owner, ingredient=ingredient)
    routine = StepFactory(routine__user=owner).routine
    search = reverse("routines:product_search", args=[routine.pk])
    html = owner_client.get(search, {"q": "Night"}, headers=HX).content.decode()
    assert html.count("Contains Retinol, which you avoid.") == 1
    page = reverse("routines:routine_detail", args=[routine.pk])
    html = owner_client.get(page, {"q": "Night"}).content.decode()
    assert html.count("Contains Retinol, which you avoid.") == 1


@pytest.mark.parametrize("rows", [1, 50])
def test_today_and_editor_queries_do_not_grow_with_shelf_items(
    owner_client, owner, rows, django_assert_num_queries
):
    step = StepFactory(routine__user=owner)
    ShelfItemFactory.create_batch(rows, user=owner, step=step, product=step.product)
    AvoidedIngredientFactory(user=owner)
    # Today and the editor, each with the day plan (steps, versions, patch tests,
    # procedures): 11 and 12 queries whatever the number of shelf items (Today also asks
    # whether the address is verified, for the "no emails until you confirm" notice, and
    # reads its marks and streak together), plus the session read (SESSION_QUERIES).
    with django_assert_num_queries(11 + SESSION_QUERIES):
        assert owner_client.get(reverse("routines:today")).status_code == 200
    with django_assert_num_queries(12 + SESSION_QUERIES):
        url = reverse("routines:routine_detail", args=[step.routine.pk])
        assert owner_client.get(url).status_code == 200


def test_paused_routine_counts_no_cost(owner_client, owner):
    step = StepFactory(routine__user=owner, routine__is_active=False)
    ShelfItemFactory(user=owner, step=step, product=step.product)
    html = owner_client.get(
        reverse("routines:routine_detail", args=[step.routine.pk])
    ).content.decode()
    assert "Estimated cost of this routine" not in html
    assert "monthly cost unknown (step not scheduled)" in html


def test_step_shelf_facts_link_to_the_shelf_item(owner_client, owner):
    step = StepFactory(routine__user=owner, start_date=datetime.date(2020, 1, 1))
    item = ShelfItemFactory(user=owner, step=step, product=step.product)
    html = owner_client.get(reverse("routines:today")).content.decode()
    assert reverse("routines:shelf_edit", args=[item.pk]) in html


def test_site_search_flags_catalog_hits_for_the_signed_in_reader(owner_client, owner, client):
    ingredient = IngredientFactory(name="Lavender oil", slug="lavender-oil")
    ProductFactory(name="Zeolite Lavender Serum", ingredients=[ingredient])
    ProductFactory(name="Zeolite Plain Serum")
    AvoidedIngredientFactory(user=owner, ingredient=ingredient)
    html = owner_client.get(reverse("search"), {"q": "zeolite"}).content.decode()
    assert html.count("Contains Lavender oil, which you avoid.") == 1
    partial = owner_client.get(reverse("search"), {"q": "zeolite"}, headers=HX).content.decode()
    assert partial.count("Contains Lavender oil, which you avoid.") == 1
    owner_client.logout()
    assert "which you avoid" not in client.get(reverse("search"), {"q": "zeolite"}).content.decode()


def test_catalog_list_and_detail_flag_avoided_ingredients_for_that_user_only(
    owner_client, owner, other_client
):
    ingredient = IngredientFactory(name="Lavender oil", slug="lavender-oil")
    flagged = ProductFactory(name="Zeolite Lavender Serum", ingredients=[ingredient])
    ProductFactory(name="Zeolite Plain Serum")
    AvoidedIngredientFactory(user=owner, ingredient=ingredient)
    flag = "Contains Lavender oil, which you avoid."
    assert owner_client.get(reverse("catalog:list")).content.decode().count(flag) == 1
    detail = reverse("catalog:detail", args=[flagged.slug])
    assert flag in owner_client.get(detail).content.decode()
    assert flag not in other_client.get(detail).content.decode()
    assert flag not in other_client.get(reverse("catalog:list")).content.decode()


def test_compare_page_flags_avoided_ingredients_for_that_user_only(
    owner_client, owner, other_client
):
    ingredient = IngredientFactory(name="Lavender oil", slug="lavender-oil")
    flagged = ProductFactory(name="Zeolite Lavender Serum", ingredients=[ingredient])
    plain = ProductFactory(name="Zeolite Plain Serum")
    AvoidedIngredientFactory(user=owner, ingredient=ingredient)
    flag = "Contains Lavender oil, which you avoid."
    compare = reverse("catalog:compare") + f"?p={flagged.slug},{plain.slug}"
    assert owner_client.get(compare).content.decode().count(flag) == 1
    assert flag not in other_client.get(compare).content.decode()


@pytest.mark.parametrize("rows", [1, 30])
def test_catalog_list_flags_cost_one_query_whatever_the_page_size(owner_client, owner, rows):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ingredient = IngredientFactory(name="Lavender oil", slug="lavender-oil")
    AvoidedIngredientFactory(user=owner, ingredient=ingredient)
    ProductFactory.create_batch(rows, ingredients=[ingredient])
    with CaptureQueriesContext(connection) as queries:
        html = owner_client.get(reverse("catalog:list")).content.decode()
    flag_queries = [q for q in queries if "avoidedingredient" in q["sql"].lower()]
    assert len(flag_queries) == 1
    assert html.count("which you avoid") >= 1


@time_machine.travel(NOW, tick=False)
def test_adding_a_shelf_item_schedules_expiry_and_reorder_reminders(owner_client, owner):
    from routines.models import Reminder
    from routines.reminders.selectors import build_message

    step = StepFactory(routine__user=owner)
    post = {
        "product": step.product.pk,
        "custom_name": "",
        "status": "in_use",
        "opened_on": "2026-03-01",
        "pao_months": "6",
        "storage": "room",
        "size_ml": "30",
        "price_paid": "120",
        "currency": "USD",
        "step": step.pk,
    }
    assert owner_client.post(reverse("routines:shelf_add"), post).status_code == 302
    reminders = {r.kind: r for r in Reminder.objects.filter(user=owner)}
    assert reminders["shelf_expiry_soon"].due_at.date() == datetime.date(2026, 8, 18)
    assert reminders["shelf_expiry"].due_at.date() == datetime.date(2026, 9, 1)
    assert reminders["shelf_reorder"].due_at.date() == datetime.date(2026, 5, 25)
    import zoneinfo

    message = build_message(reminders["shelf_expiry"], zoneinfo.ZoneInfo("UTC"))
    assert "expires today" in message.subject
    item = reminders["shelf_expiry"].shelf_item
    owner_client.post(reverse("routines:shelf_status", args=[item.pk]), {"status": "finished"})
    assert not Reminder.objects.filter(user=owner, shelf_item__isnull=False).exists()
