import datetime as dt
import html as htmllib

import pytest
import time_machine
from django.urls import reverse

from catalog.models import Ingredient
from routines.models import CheckIn, Routine, Step
from tests.catalog.factories import IngredientFactory, ProductFactory
from tests.conftest import SESSION_QUERIES
from tests.routines.factories import CheckInFactory, RoutineFactory, StepFactory

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 25)
HX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def routine(owner):
    return RoutineFactory(user=owner, name="Evening", period="pm")


def page(response):
    return htmllib.unescape(response.content.decode())


def names(routine):
    return list(routine.steps.order_by("position").values_list("custom_name", flat=True))


def url(name, routine, step=None):
    args = [routine.pk] if step is None else [routine.pk, step.pk]
    return reverse(f"routines:{name}", args=args)


# ownership and login


@pytest.mark.parametrize(
    "name,method",
    [
        ("routine_detail", "get"),
        ("routine_edit", "get"),
        ("routine_delete", "get"),
        ("routine_delete", "post"),
        ("product_search", "get"),
        ("step_add", "post"),
    ],
)
def test_routine_urls_404_for_another_user(other_client, routine, name, method):
    response = getattr(other_client, method)(
        url(name, routine), {"custom_name": "x", "kind": "other", "start_date": "2026-11-25"}
    )
    assert response.status_code == 404
    assert Routine.objects.filter(pk=routine.pk).exists()
    assert not Step.objects.exists()


@pytest.mark.parametrize(
    "name,method",
    [("step_move", "post"), ("step_edit", "get"), ("step_edit", "post"), ("step_remove", "post")],
)
def test_step_urls_404_for_another_user(other_client, routine, name, method):
    step = StepFactory(routine=routine)
    response = getattr(other_client, method)(
        url(name, routine, step),
        {"direction": "up", "schedule": "daily", "kind": "other", "start_date": "2026-11-25"},
    )
    assert response.status_code == 404
    assert Step.objects.filter(pk=step.pk).exists()


def test_step_of_another_routine_is_404(owner_client, owner, routine):
    other_routine = RoutineFactory(user=owner)
    step = StepFactory(routine=other_routine)
    assert owner_client.post(url("step_remove", routine, step)).status_code == 404


@pytest.mark.parametrize(
    "name",
    ["routines:routine_list", "routines:routine_create", "routines:history", "routines:starters"],
)
def test_pages_need_login(anon_client, name):
    response = anon_client.get(reverse(name))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_routine_detail_needs_login(anon_client, routine):
    response = anon_client.get(url("routine_detail", routine))
    assert response.status_code == 302


# routine CRUD


def test_create_routine(owner_client, owner):
    response = owner_client.post(
        reverse("routines:routine_create"), {"name": "Morning", "period": "am", "is_active": "on"}
    )
    routine = Routine.objects.get(user=owner)
    assert response["Location"] == url("routine_detail", routine)


def test_create_routine_with_bad_input_shows_errors(owner_client, owner):
    response = owner_client.post(reverse("routines:routine_create"), {"name": "", "period": "noon"})
    assert response.status_code == 400
    assert "This field is required." in page(response)
    assert "Select a valid choice" in page(response)
    assert not Routine.objects.exists()


def test_routine_list_shows_own_routines_only(owner_client, routine, other_user):
    RoutineFactory(user=other_user, name="Not mine")
    html = page(owner_client.get(reverse("routines:routine_list")))
    assert "Evening" in html and "Not mine" not in html


def test_edit_and_switch_off(owner_client, routine):
    owner_client.post(url("routine_edit", routine), {"name": "Night", "period": "pm"})
    routine.refresh_from_db()
    assert routine.name == "Night" and not routine.is_active


def test_delete_routine(owner_client, routine):
    # Deleting is undoable for a while (tests/routines/dayplan/test_record.py): the row is
    # kept with deleted_at, and the routine leaves the list and the editor.
    assert "Delete" in page(owner_client.get(url("routine_delete", routine)))
    owner_client.post(url("routine_delete", routine))
    routine.refresh_from_db()
    assert routine.deleted_at is not None
    assert owner_client.get(url("routine_detail", routine)).status_code == 404


# add steps


def test_add_step_by_name(owner_client, routine):
    StepFactory(routine=routine, custom_name="Cleanser")
    data = {"custom_name": "Night cream", "kind": "moisturiser", "start_date": "2026-11-20"}
    response = owner_client.post(url("step_add", routine), data)
    assert response.status_code == 302
    assert names(routine) == ["Cleanser", "Night cream"]


def test_add_step_from_catalog_with_htmx(owner_client, routine):
    product = ProductFactory(name="The Answer")
    data = {"product": product.pk, "kind": "biologic", "start_date": "2026-11-25"}
    response = owner_client.post(url("step_add", routine), data, headers=HX)
    assert response.status_code == 200
    assert page(response).lstrip().startswith('<div id="editor"')
    step = routine.steps.get()
    assert step.product == product and step.custom_name == ""
    assert "data-focus-after-swap" in page(response)


def test_add_unknown_product_is_refused(owner_client, routine):
    data = {"product": 999999, "kind": "biologic", "start_date": "2026-11-25"}
    response = owner_client.post(url("step_add", routine), data)
    assert response.status_code == 400
    assert "That product is not in the catalog." in page(response)
    response = owner_client.post(url("step_add", routine), data, headers=HX)
    assert "That product is not in the catalog." in page(response)
    assert not Step.objects.exists()


def test_add_unpublished_product_is_refused(owner_client, routine):
    product = ProductFactory(is_published=False)
    data = {"product": product.pk, "kind": "biologic", "start_date": "2026-11-25"}
    owner_client.post(url("step_add", routine), data)
    assert not Step.objects.exists()


def test_add_without_a_name_is_refused(owner_client, routine):
    response = owner_client.post(
        url("step_add", routine), {"custom_name": " ", "kind": "other", "start_date": "2026-11-25"}
    )
    assert response.status_code == 400
    assert "Type the product's name" in page(response)
    assert not Step.objects.exists()


# search


def test_search_as_you_type_returns_results_fragment(owner_client, routine):
    ProductFactory(name="Regenerative Serum")
    ProductFactory(name="Other thing")
    ProductFactory(name="Regenerative Hidden", is_published=False)
    response = owner_client.get(url("product_search", routine), {"q": "regen"}, headers=HX)
    html = page(response)
    assert html.lstrip().startswith('<div id="search-results"')
    assert "Regenerative Serum" in html and "Other thing" not in html and "Hidden" not in html
    assert "HX-Request" in response["Vary"]


def test_search_without_js_is_the_editor_page(owner_client, routine):
    ProductFactory(name="Regenerative Serum")
    response = owner_client.get(url("product_search", routine), {"q": "regen"})
    assert response.status_code == 302
    html = page(owner_client.get(response["Location"]))
    assert "Regenerative Serum" in html and "<h1>" in html


def test_search_with_no_match_says_so(owner_client, routine):
    html = page(owner_client.get(url("routine_detail", routine), {"q": "zzz"}))
    assert "No catalog serum matches “zzz”" in html


# reorder


def test_move_up_and_down(owner_client, routine):
    a, b, c = (StepFactory(routine=routine, custom_name=n, position=i) for i, n in enumerate("abc"))
    owner_client.post(url("step_move", routine, c), {"direction": "up"})
    assert names(routine) == ["a", "c", "b"]
    response = owner_client.post(url("step_move", routine, a), {"direction": "down"}, headers=HX)
    assert response.status_code == 200
    assert names(routine) == ["c", "a", "b"]


def test_move_beyond_the_ends_is_refused(owner_client, routine):
    a = StepFactory(routine=routine, custom_name="a", position=0)
    b = StepFactory(routine=routine, custom_name="b", position=1)
    response = owner_client.post(url("step_move", routine, a), {"direction": "up"}, headers=HX)
    assert "already the first step" in page(response)
    response = owner_client.post(url("step_move", routine, b), {"direction": "down"})
    assert "already the last step" in page(owner_client.get(response["Location"]))
    response = owner_client.post(
        url("step_move", routine, b), {"direction": "sideways"}, headers=HX
    )
    assert "up or down" in page(response)
    assert names(routine) == ["a", "b"]


def test_moving_a_biologic_up_changes_the_advice(owner_client, routine):
    StepFactory(routine=routine, kind="cleanser", custom_name="Cleanser", position=0)
    StepFactory(routine=routine, kind="moisturiser", custom_name="Cream", position=1)
    serum = StepFactory(routine=routine, kind="biologic", custom_name="Serum", position=2)
    assert 'data-rule="biologic_first"' in page(owner_client.get(url("routine_detail", routine)))
    response = owner_client.post(url("step_move", routine, serum), {"direction": "up"}, headers=HX)
    assert 'data-rule="biologic_first"' not in page(response)


# schedule


def schedule_data(**overrides):
    # revision 1: a new step's, as the form carries it (optimistic concurrency)
    data = {
        "kind": "retinoid",
        "schedule": "daily",
        "start_date": "2026-11-01",
        "notes": "",
        "revision": 1,
    }
    data.update(overrides)
    return data


def test_change_schedule_to_weekdays(owner_client, routine):
    step = StepFactory(routine=routine)
    response = owner_client.post(
        url("step_edit", routine, step), schedule_data(schedule="weekdays", weekdays=["4", "0"])
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.schedule, step.weekdays, step.kind) == ("weekdays", "04", "retinoid")


def test_weekdays_schedule_with_no_days_is_refused(owner_client, routine):
    step = StepFactory(routine=routine)
    response = owner_client.post(
        url("step_edit", routine, step), schedule_data(schedule="weekdays")
    )
    assert response.status_code == 400
    assert "Choose at least one day of the week." in page(response)
    response = owner_client.post(
        url("step_edit", routine, step), schedule_data(schedule="weekdays"), headers=HX
    )
    assert "Choose at least one day of the week." in page(response)
    assert '<details class="step-schedule" open>' in page(response)
    step.refresh_from_db()
    assert step.schedule == "daily" and step.kind == "other"


def test_every_n_days_needs_a_sensible_interval(owner_client, routine):
    step = StepFactory(routine=routine)
    for bad in ("", "1", "61", "x"):
        owner_client.post(
            url("step_edit", routine, step),
            schedule_data(schedule="every_n_days", interval_days=bad),
        )
    step.refresh_from_db()
    assert step.schedule == "daily"
    owner_client.post(
        url("step_edit", routine, step), schedule_data(schedule="every_n_days", interval_days="3")
    )
    step.refresh_from_db()
    assert (step.schedule, step.interval_days) == ("every_n_days", 3)


def test_alternate_needs_a_partner_in_the_same_routine_that_is_not_daily(
    owner_client, owner, routine
):
    step = StepFactory(routine=routine)
    daily = StepFactory(routine=routine, custom_name="Daily one")
    elsewhere = StepFactory(routine=RoutineFactory(user=owner))

    def post(**kw):
        return owner_client.post(
            url("step_edit", routine, step), schedule_data(schedule="alternate", **kw)
        )  # noqa: E731

    assert "Choose the step to alternate with." in page(post())
    assert "Select a valid choice" in page(post(alternate_with=elsewhere.pk))
    assert "used every day" in page(post(alternate_with=daily.pk))
    step.refresh_from_db()
    assert step.schedule == "daily"
    daily.schedule = "every_other_day"
    daily.save()
    assert post(alternate_with=daily.pk).status_code == 302
    step.refresh_from_db()
    assert step.alternate_with == daily


def test_schedule_page_without_js(owner_client, routine):
    step = StepFactory(routine=routine, custom_name="Retinol")
    assert "Schedule for Retinol" in page(owner_client.get(url("step_edit", routine, step)))


def test_switching_schedule_clears_unused_fields(owner_client, routine):
    step = StepFactory(routine=routine, schedule="weekdays", weekdays="1")
    owner_client.post(
        url("step_edit", routine, step), schedule_data(schedule="daily", weekdays=["2"])
    )
    step.refresh_from_db()
    assert (step.schedule, step.weekdays) == ("daily", "")


# remove


def test_remove_step_ends_it_and_keeps_its_check_ins(owner_client, routine):
    # Removing no longer deletes: the step ends today and its check-ins stay (History and
    # the export keep them; undo is in tests/routines/dayplan/test_record.py).
    a, b, c = (StepFactory(routine=routine, custom_name=n, position=i) for i, n in enumerate("abc"))
    CheckInFactory(step=b, date=TODAY)
    response = owner_client.post(url("step_remove", routine, b), headers=HX)
    assert response.status_code == 200 and "b removed." in page(response)
    assert list(
        routine.steps.filter(ended_on=None)
        .order_by("position")
        .values_list("custom_name", flat=True)
    ) == ["a", "c"]
    assert CheckIn.objects.filter(step=b).count() == 1
    # The two live steps can still be moved past each other.
    owner_client.post(url("step_move", routine, c), {"direction": "up"})
    assert list(
        routine.steps.filter(ended_on=None)
        .order_by("position")
        .values_list("custom_name", flat=True)
    ) == ["c", "a"]


def test_remove_without_js_redirects(owner_client, routine):
    step = StepFactory(routine=routine)
    response = owner_client.post(url("step_remove", routine, step))
    assert response["Location"] == url("routine_detail", routine) + f"?removed={step.pk}"


# advice in the editor


def test_editor_shows_advice_next_to_the_step_with_guide_link(owner_client, routine):
    retinoid = IngredientFactory(role=Ingredient.Role.RETINOID)
    ProductFactory(needs_refrigeration=True)
    product = ProductFactory(needs_refrigeration=True, ingredients=[retinoid])
    StepFactory(routine=routine, product=product, custom_name="", kind="biologic", position=0)
    StepFactory(routine=routine, kind="biologic", custom_name="Other serum", position=1)
    html = page(owner_client.get(url("routine_detail", routine)))
    assert 'data-rule="storage"' in html
    assert "/guide/how-to-use/#storage" in html
    # The product's retinoid role clashes with the other biologic on the same nights.
    assert (
        'data-rule="retinoid_with_biologic"' not in html
    )  # a biologic with a retinoid role is one step


def test_switched_off_routine_can_still_be_edited(owner_client, owner):
    routine = RoutineFactory(user=owner, is_active=False)
    StepFactory(routine=routine, custom_name="Kept")
    assert "Kept" in page(owner_client.get(url("routine_detail", routine)))


# query counts


def _steps(routine, count):
    product = ProductFactory(ingredients=[IngredientFactory()])
    StepFactory.create_batch(
        count, routine=routine, product=product, custom_name="", kind="biologic"
    )
    StepFactory.create_batch(count, routine=routine)


@pytest.mark.parametrize("count", [1, 50])
def test_editor_query_count_is_constant(owner_client, routine, django_assert_num_queries, count):
    _steps(routine, count)
    # user, routine, profile, removed steps, steps, ingredients, the day plan for blockers
    # (steps, versions, patch tests, procedures), shelf items, avoid flags, and the session
    # read (SESSION_QUERIES)
    with django_assert_num_queries(12 + SESSION_QUERIES):
        response = owner_client.get(url("routine_detail", routine))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 50])
def test_editor_htmx_move_query_count_is_constant(
    owner_client, routine, django_assert_num_queries, count
):
    _steps(routine, count)
    step = routine.steps.order_by("position").last()
    # user, step, siblings, update, profile, removed steps, steps, ingredients, the day
    # plan for blockers (steps, versions, patch tests, procedures), shelf items, avoid
    # flags, and the session read (SESSION_QUERIES)
    with django_assert_num_queries(14 + SESSION_QUERIES):
        owner_client.post(url("step_move", routine, step), {"direction": "up"}, headers=HX)


@pytest.mark.parametrize("count", [1, 50])
def test_routine_list_query_count_is_constant(
    owner_client, owner, django_assert_num_queries, count
):
    for _ in range(count):
        StepFactory(routine=RoutineFactory(user=owner))
    # user, routines, recently deleted routines, step counts, and the session read
    # (SESSION_QUERIES)
    with django_assert_num_queries(4 + SESSION_QUERIES):
        owner_client.get(reverse("routines:routine_list"))
