"""The printable summary: owner-only content, period validation, constant queries."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from tests.catalog.factories import ProductFactory
from tests.conftest import SESSION_QUERIES
from tests.routines.shelf.factories import (
    AvoidedIngredientFactory,
    ShelfItemFactory,
    SkinLogFactory,
    StepFactory,
)

pytestmark = pytest.mark.django_db
NOW = "2026-03-30 12:00Z"


@time_machine.travel(NOW, tick=False)
def test_summary_shows_routine_sources_shelf_avoid_list_and_trend(owner_client, owner, other_user):
    product = ProductFactory(name="Repair Serum")
    StepFactory(routine__user=owner, routine__name="Night", product=product)
    ShelfItemFactory(user=owner, product=product)
    AvoidedIngredientFactory(user=owner, ingredient__name="Fragrance", reason="itches")
    for n, score in enumerate([3, 3, 2, 1, 1]):
        SkinLogFactory(
            user=owner, date=datetime.date(2026, 2, 10) + datetime.timedelta(weeks=n), redness=score
        )
    StepFactory(routine__user=other_user, custom_name="Someone else's", product=None)
    html = owner_client.get(reverse("accounts:summary")).content.decode()
    assert "Night" in html and "Repair Serum" in html
    assert "Human fibroblast conditioned media" in html
    assert "Fragrance: itches" in html
    assert "redness lower" in html
    assert "Someone else" not in html
    assert 'media="print"' in html


def test_summary_period_errors_are_shown_beside_the_fields(owner_client):
    response = owner_client.get(
        reverse("accounts:summary"), {"start": "2026-03-10", "end": "2026-03-01"}
    )
    assert response.status_code == 200
    assert "cannot be before its start" in response.context["form"].errors["end"][0]
    response = owner_client.get(reverse("accounts:summary"), {"start": "yesterday", "end": ""})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_summary_needs_login(anon_client):
    response = anon_client.get(reverse("accounts:summary"))
    assert response.status_code == 302


@pytest.mark.parametrize("rows", [1, 50])
def test_summary_query_count_is_constant(owner_client, owner, rows, django_assert_num_queries):
    step = StepFactory(routine__user=owner)
    for n in range(rows):
        StepFactory(routine=step.routine)
        ShelfItemFactory(user=owner, step=step)
        SkinLogFactory(user=owner, date=datetime.date.today() - datetime.timedelta(days=n))
    # user, profile, the day plan (steps, versions, patch tests, procedures), routines,
    # shelf, avoid flags, skin logs, procedures, patch tests, avoid-list, and the session
    # read (SESSION_QUERIES)
    with django_assert_num_queries(14 + SESSION_QUERIES):
        assert owner_client.get(reverse("accounts:summary")).status_code == 200


def test_summary_lists_patch_tests_and_procedures_with_windows(owner_client, owner, other_user):
    from tests.routines.safety.factories import PatchTestFactory, ProcedureFactory

    PatchTestFactory(user=owner, product_name="Calm Serum")
    ProcedureFactory(user=owner, date=datetime.date(2026, 3, 2), recovery_days=7)
    PatchTestFactory(user=other_user, product_name="Not mine")
    html = owner_client.get(reverse("accounts:summary")).content.decode()
    assert "Calm Serum" in html and "Not read yet" in html
    assert "Microneedling" in html and "7 days, until 9 Mar 2026" in html
    assert "Not mine" not in html


def test_each_step_says_how_often_in_words(owner_client, owner):
    routine = StepFactory(routine__user=owner, schedule="weekdays", weekdays="024").routine
    StepFactory(routine=routine, schedule="every_n_days", interval_days=3)
    retinol = StepFactory(routine=routine, product=None, custom_name="Retinol cream")
    StepFactory(routine=routine, schedule="alternate", alternate_with=retinol)
    html = owner_client.get(reverse("accounts:summary")).content.decode()
    assert "<td>Mon, Wed, Fri</td>" in html
    assert "<td>Alternates with Retinol cream</td>" in html
    assert "<td>Every 3 days</td>" in html
    assert "On chosen weekdays" not in html


def test_the_settings_page_describes_the_summary_truly(owner_client):
    html = owner_client.get(reverse("accounts:settings")).content.decode()
    # It runs to as many pages as the records need: no promise of one page.
    assert "One printable page" not in html and "one page" not in html.lower()
    text = html[html.index("Summary for your dermatologist") :][:800]
    for part in ("routine", "patch tests", "procedures", "avoid-list", "skin log"):
        assert part in text, part


def test_routine_headings_name_the_period_once(owner_client, owner):
    StepFactory(routine__user=owner, routine__name="Evening repair", routine__period="pm")
    html = owner_client.get(reverse("accounts:summary")).content.decode()
    assert "<h3>Evening repair (PM)</h3>" in html  # not "Evening repair (Evening (PM))"
