"""The notifications list shows what is due: a patch test past its 72-hour read is there,
with what to do, whether it was logged late or simply not read in time."""

import datetime as dt
import html

import pytest
import time_machine

from routines.safety import services as safety_services

NOW = dt.datetime(2026, 3, 4, 12, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def notifications(client) -> str:
    return html.unescape(client.get("/routines/notifications/").content.decode())


def test_a_test_logged_after_its_72_hours_shows_in_the_list(owner_client, owner):
    safety_services.start_patch_test(
        owner, product=None, product_name="Rosehip oil", site="inner_forearm",
        started_at=NOW - dt.timedelta(hours=80),
    )  # fmt: skip
    page = notifications(owner_client)
    assert "Nothing to tell you right now" not in page
    assert "Last call: patch test of Rosehip oil" in page
    assert "read it now" in page


def test_a_test_left_unread_past_72_hours_stays_in_the_list(owner_client, owner, frozen):
    safety_services.start_patch_test(
        owner, product=None, product_name="Rosehip oil", site="inner_forearm", started_at=NOW
    )
    frozen.move_to(NOW + dt.timedelta(hours=90))
    page = notifications(owner_client)
    assert "Last call: patch test of Rosehip oil" in page
    assert "Time to read your patch test of Rosehip oil" in page
