"""Which month History opens on, and what a newcomer's Today offers.

On the 1st, the new month holds only today, which is not over: with nothing recorded yet
it opens on the month just ended (with a link forward). A user with no routines is not
offered days to correct."""

import datetime as dt
import html as htmllib

import pytest
import time_machine
from django.urls import reverse

from tests.routines.factories import CheckInFactory, RoutineFactory, SkinLogFactory, StepFactory

pytestmark = pytest.mark.django_db

FIRST = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)


def page(response) -> str:
    return htmllib.unescape(response.content.decode())


def heading_month(html: str) -> str:
    """The month History shows (in its heading)."""
    start = html.index("<h1>History")
    return html[start : html.index("</h1>", start)]


@pytest.fixture
def step(owner):
    routine = RoutineFactory(user=owner)
    step = StepFactory(routine=routine, start_date=dt.date(2026, 11, 1))
    CheckInFactory(user=owner, step=step, date=dt.date(2026, 11, 30))
    return step


@time_machine.travel(FIRST, tick=False)
def test_on_the_1st_with_nothing_yet_history_opens_on_last_month(owner_client, step):
    html = page(owner_client.get(reverse("routines:history")))
    assert "November 2026" in heading_month(html)
    assert "30 November: all done" in html
    assert f'href="{reverse("routines:history")}?month=2026-12"' in html  # and on to today


@time_machine.travel(FIRST, tick=False)
@pytest.mark.parametrize("recorded", ["tick", "skin log"])
def test_on_the_1st_once_something_is_recorded_it_opens_on_this_month(
    owner_client, owner, step, recorded
):
    if recorded == "tick":
        CheckInFactory(user=owner, step=step, date=FIRST.date())
    else:
        SkinLogFactory(user=owner, date=FIRST.date())
    html = page(owner_client.get(reverse("routines:history")))
    assert "December 2026" in heading_month(html)


@time_machine.travel(FIRST, tick=False)
def test_a_month_asked_for_is_the_month_shown(owner_client, step):
    html = page(owner_client.get(reverse("routines:history"), {"month": "2026-12"}))
    assert "December 2026" in heading_month(html)


@time_machine.travel(FIRST + dt.timedelta(days=1), tick=False)
def test_from_the_2nd_it_opens_on_this_month(owner_client, step):
    html = page(owner_client.get(reverse("routines:history")))
    assert "December 2026" in heading_month(html)


@time_machine.travel(FIRST, tick=False)
def test_today_at_0_of_n_is_in_progress_not_partly_done(owner_client, step):
    StepFactory(routine=step.routine, start_date=dt.date(2026, 11, 1))
    html = page(owner_client.get(reverse("routines:history"), {"month": "2026-12"}))
    assert "1 December: 0 of 2 done" in html
    assert 'class="cal-day cal-pending cal-today"' in html
    assert "0 partly done" in html
    assert "Today, not over yet" in html  # the key names the mark


def test_a_newcomer_is_not_offered_days_to_correct(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    html = page(client.get(reverse("routines:today")))
    assert "?day=" not in html
    assert "Fix yesterday" not in html
