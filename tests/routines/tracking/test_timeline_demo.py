import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from routines.models import CheckIn, Routine, SkinLog
from routines.tracking import rules as timeline

START = dt.date(2026, 1, 1)


@pytest.mark.parametrize(
    "days,phase", [(0, "early"), (13, "early"), (14, "settling"), (27, "settling"),
                   (28, "medium"), (83, "medium"), (84, "long"), (183, "long")]
)  # fmt: skip
def test_phase_by_days_since_start(days, phase):
    expectation = timeline.expectation_for(START, START + dt.timedelta(days=days))
    assert expectation.phase == phase
    assert expectation.link == "/guide/results-timeline/"


def test_no_expectation_for_future_or_old_starts():
    assert timeline.expectation_for(START, START - dt.timedelta(days=1)) is None
    assert timeline.expectation_for(START, START + dt.timedelta(days=184)) is None


def test_since_words():
    assert timeline.expectation_for(START, START + dt.timedelta(days=3)).since_words == "day 4"
    assert timeline.expectation_for(START, START + dt.timedelta(days=30)).since_words == "week 5"


def test_load_demo_gives_the_demo_user_real_data(db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=None)
    call_command("load_demo", stdout=None)  # running it again refreshes, never duplicates
    assert Routine.objects.count() == 2
    assert CheckIn.objects.count() > 50
    assert 10 < SkinLog.objects.count() <= 28


def test_load_demo_refuses_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo")
