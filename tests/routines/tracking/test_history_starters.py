import datetime as dt
import html as htmllib

import pytest
import time_machine
from django.urls import reverse

from catalog.models import Product
from routines.dayplan.rules import PlanStep, plan_days
from routines.editor import starters
from routines.models import CheckIn, Routine, SkinLog, Step
from routines.tracking import rules as history
from tests.catalog.factories import ProductFactory
from tests.conftest import SESSION_QUERIES
from tests.routines.factories import CheckInFactory, RoutineFactory, SkinLogFactory, StepFactory

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def page(response):
    return htmllib.unescape(response.content.decode())


# pure history helpers


def test_day_status_covers_every_case():
    # Each day is drawn from its day plan (routines.dayplan.rules).
    daily = PlanStep(1, 1, "pm", "Daily", "other", dt.date(2026, 11, 1))
    mondays = PlanStep(
        2, 1, "pm", "Mondays", "other", dt.date(2026, 11, 1), schedule="weekdays", weekdays="0"
    )
    plans = plan_days([daily, mondays], dt.date(2026, 10, 30), TODAY)
    monday, tuesday = dt.date(2026, 11, 23), dt.date(2026, 11, 24)
    marks = {(monday, 1): "done", (monday, 2): "done", (tuesday, 1): "skipped"}
    earliest = dt.date(2026, 11, 1)

    def status(day):
        return history.day_status(plans.get(day), marks, day, TODAY, earliest)

    assert status(monday).status == "done"
    assert status(monday).names == ("Daily", "Mondays")
    assert status(tuesday).status == "partly"
    assert status(dt.date(2026, 11, 22)).status == "missed"
    assert status(dt.date(2026, 10, 31)).status == "nothing"
    assert not status(dt.date(2026, 10, 31)).openable  # before the routine began
    assert status(TODAY).status == "pending" and status(TODAY).openable
    assert status(dt.date(2026, 11, 26)).status == "future"


def test_calendar_pads_weeks_from_monday():
    weeks = history.month_calendar({}, {}, dt.date(2026, 11, 1), TODAY, TODAY)  # 1 Nov: Sunday
    assert weeks[0][:6] == [None] * 6 and weeks[0][6].date == dt.date(2026, 11, 1)
    assert all(len(week) == 7 for week in weeks)


def test_parse_month():
    assert history.parse_month("2026-10", TODAY) == dt.date(2026, 10, 1)
    assert history.parse_month("2027-01", TODAY) == dt.date(2026, 11, 1)  # future
    assert history.parse_month("nonsense", TODAY) == dt.date(2026, 11, 1)
    assert history.parse_month("2026-13", TODAY) == dt.date(2026, 11, 1)


def test_chart_and_text_alternative():
    logs = [
        SkinLog(date=dt.date(2026, 11, 2), redness=2, dryness=0, irritation=1),
        SkinLog(date=dt.date(2026, 11, 9), redness=1, dryness=0, irritation=0),
    ]
    chart = history.skin_chart(logs, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert [s.key for s in chart.series] == ["redness", "dryness", "irritation"]
    assert len(chart.series[0].points.split()) == 2
    assert "Highest redness: moderate on 2 Nov." in chart.summary
    assert "No dryness logged." in chart.summary
    assert history.chart_summary([]) == "No skin logs this month."


# history view


def test_history_shows_calendar_and_chart(owner_client, owner):
    routine = RoutineFactory(user=owner)
    step = StepFactory(routine=routine, start_date=dt.date(2026, 11, 1))
    CheckInFactory(step=step, date=dt.date(2026, 11, 3))
    SkinLogFactory(user=owner, date=dt.date(2026, 11, 3), redness=2, note="a bit pink")
    html = page(owner_client.get(reverse("routines:history")))
    assert "November 2026" in html
    assert "3 November: all done" in html
    assert "2 November: missed" in html
    assert "<svg" in html and 'role="img"' in html
    assert "a bit pink" in html  # table alternative


def test_history_of_another_month(owner_client):
    html = page(owner_client.get(reverse("routines:history"), {"month": "2026-10"}))
    assert "October 2026" in html and "No skin logs this month." in html


def test_history_only_shows_own_data(owner_client, other_user):
    routine = RoutineFactory(user=other_user)
    step = StepFactory(routine=routine, start_date=dt.date(2026, 11, 1))
    CheckInFactory(step=step, date=dt.date(2026, 11, 3))
    SkinLogFactory(user=other_user, date=dt.date(2026, 11, 3), note="secret")
    html = page(owner_client.get(reverse("routines:history")))
    assert "secret" not in html and "3 November: all done" not in html


@pytest.mark.parametrize("steps,days", [(1, 1), (50, 700), (6, 730)])
def test_history_query_count_is_constant(
    owner_client, owner, django_assert_num_queries, steps, days
):
    routine = RoutineFactory(user=owner)
    made = StepFactory.create_batch(
        steps, routine=routine, start_date=TODAY - dt.timedelta(days=days)
    )
    CheckIn.objects.bulk_create(
        CheckIn(user=owner, step=made[0], date=TODAY - dt.timedelta(days=d)) for d in range(days)
    )
    SkinLog.objects.bulk_create(
        SkinLog(user=owner, date=TODAY - dt.timedelta(days=d), redness=d % 4) for d in range(days)
    )
    # user, profile, the day plan (steps, versions, patch tests, procedures), marks, logs,
    # and the session read (SESSION_QUERIES)
    with django_assert_num_queries(8 + SESSION_QUERIES):
        response = owner_client.get(reverse("routines:history"))
    assert response.status_code == 200


# starters


def test_starters_page_lists_the_three_examples(owner_client):
    html = page(owner_client.get(reverse("routines:starters")))
    for starter in starters.STARTERS:
        assert starter.title in html
        assert reverse("routines:starter_copy", args=[starter.slug]) in html


def test_copy_starter_creates_editable_routines(owner_client, owner):
    response = owner_client.post(reverse("routines:starter_copy", args=["mature-skin-texture"]))
    routines = list(Routine.objects.filter(user=owner).order_by("period"))
    assert [r.period for r in routines] == ["am", "pm"]
    assert response["Location"] == reverse("routines:routine_detail", args=[routines[1].pk])
    serum = Step.objects.get(routine=routines[1], kind="biologic")
    assert serum.schedule == "alternate" and serum.alternate_with.kind == "retinoid"
    assert serum.start_date == TODAY
    # The alternating pair never lands on the same night.
    html = page(owner_client.get(response["Location"]))
    assert 'data-rule="retinoid_with_biologic"' not in html


def test_copy_starter_uses_the_catalog_product_when_it_exists(owner_client, owner):
    # catalog/migrations/0003_seed_products publishes it; a transactional test may have flushed it.
    slug = "symbiome-the-answer-reparative-serum"
    product = Product.objects.filter(slug=slug).first() or ProductFactory(slug=slug)
    owner_client.post(reverse("routines:starter_copy", args=["sensitive-minimal"]))
    assert Step.objects.filter(routine__user=owner, product=product).count() == 1


def test_copy_starter_falls_back_to_a_named_product(owner_client, owner):
    Product.objects.filter(slug="symbiome-the-answer-reparative-serum").delete()  # seeded
    owner_client.post(reverse("routines:starter_copy", args=["sensitive-minimal"]))
    assert Step.objects.filter(
        routine__user=owner, custom_name="Symbiome The Answer Reparative Serum"
    ).exists()


def test_unknown_starter_is_404(owner_client):
    response = owner_client.post(reverse("routines:starter_copy", args=["nope"]))
    assert response.status_code == 404
    assert not Routine.objects.exists()


def test_copy_starter_needs_post(owner_client):
    url = reverse("routines:starter_copy", args=["sensitive-minimal"])
    assert owner_client.get(url).status_code == 405


def test_copy_starter_needs_login(anon_client, db):
    response = anon_client.post(reverse("routines:starter_copy", args=["sensitive-minimal"]))
    assert response.status_code == 302 and not Routine.objects.exists()
