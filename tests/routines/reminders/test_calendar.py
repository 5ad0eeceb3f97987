"""The private .ics feed: parses with icalendar and with the independent `ics` package."""

import datetime as dt

import icalendar
import ics
import pytest
import time_machine

from routines.models import Profile
from routines.reminders.services import calendar_token
from tests.routines.factories import RoutineFactory, StepFactory
from tests.routines.safety.factories import PatchTestFactory, ProcedureFactory

UTC = dt.UTC
NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture
def feed(owner, client):
    Profile.objects.filter(user=owner).update(
        timezone="Europe/London", am_nudge_at=dt.time(7, 30), pm_nudge_at=dt.time(21, 0)
    )
    test = PatchTestFactory(user=owner, product_name="Serum A", started_at=NOW)
    PatchTestFactory(user=owner, result="none", result_at=NOW)  # read: not in the feed
    routine = RoutineFactory(user=owner, period="pm")
    StepFactory(routine=routine, custom_name="Night cream", start_date=dt.date(2026, 1, 1))
    morning = RoutineFactory(user=owner, period="am")
    StepFactory(routine=morning, custom_name="Sunscreen", start_date=dt.date(2026, 1, 1))
    first = ProcedureFactory(user=owner, date=dt.date(2026, 3, 2), recovery_days=7)
    ProcedureFactory(user=owner, date=dt.date(2026, 3, 6), recovery_days=7)  # merges
    token = calendar_token(Profile.objects.get(user=owner))

    def get():
        with time_machine.travel(NOW, tick=False):
            response = client.get(f"/routines/calendar/{token}.ics")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        return response.content

    return get, test, first


def test_feed_parses_with_icalendar(feed):
    get, test, first = feed
    cal = icalendar.Calendar.from_ical(get())
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    read = events[f"patch-test-{test.pk}@testserver"]
    assert read.decoded("DTSTART") == NOW + dt.timedelta(hours=48)
    assert read.decoded("DTEND") == NOW + dt.timedelta(hours=72)
    recovery = events[f"recovery-{first.pk}@testserver"]
    assert recovery.decoded("DTSTART") == dt.date(2026, 3, 2)
    assert recovery.decoded("DTEND") == dt.date(2026, 3, 13)  # merged, exclusive end
    final = events[f"patch-test-{test.pk}-final@testserver"]
    assert final.decoded("DTSTART") == NOW + dt.timedelta(hours=72)
    # Routine nudges: one event per day for two weeks, each naming that day's due steps
    # (the day plan), not one repeating event.
    am = events[f"routine-{test.user_id}-am-20260302@testserver"]
    assert "RRULE" not in am
    start = am.decoded("DTSTART")
    assert (start.hour, start.minute, str(start.tzinfo)) == (7, 30, "Europe/London")
    assert str(am["DESCRIPTION"]) == "Due this morning: Sunscreen."
    routine_events = [uid for uid in events if uid.startswith("routine-")]
    assert len(routine_events) == 2 * 14
    assert len(events) == 3 + 2 * 14
    # Every event rings: a display alarm at its start (routine nudges, patch reads) or at
    # the reminder hour (the all-day recovery window).
    for event in events.values():
        (alarm,) = event.walk("VALARM")
        assert alarm["ACTION"] == "DISPLAY"
    assert recovery.walk("VALARM")[0].decoded("TRIGGER") == dt.timedelta(hours=8)
    assert cal.walk("VTIMEZONE"), "the local-time nudges need their zone defined"


# ics 0.7 calls re.split with a positional maxsplit (its own deprecation, not ours).
@pytest.mark.filterwarnings("ignore:'maxsplit' is passed:DeprecationWarning")
def test_feed_parses_with_the_ics_package(feed):
    get, test, _ = feed
    calendar = ics.Calendar(get().decode())
    names = sorted({e.name for e in calendar.events})
    assert names == [
        "Evening routine",
        "Final patch test read: Serum A",
        "Morning routine",
        "Read patch test: Serum A",
        "Recovery window (11 days)",
    ]
    recovery = next(e for e in calendar.events if e.name.startswith("Recovery"))
    assert recovery.all_day
    read = next(e for e in calendar.events if e.name.startswith("Read"))
    assert read.begin.datetime == NOW + dt.timedelta(hours=48)


def test_uids_are_stable_between_fetches(feed):
    get, _, _ = feed
    uids = [sorted(str(e["UID"]) for e in icalendar.Calendar.from_ical(get()).walk("VEVENT"))]
    uids.append(sorted(str(e["UID"]) for e in icalendar.Calendar.from_ical(get()).walk("VEVENT")))
    assert uids[0] == uids[1]


def test_wrong_token_is_404(client, owner):
    calendar_token(Profile.objects.get(user=owner))
    assert client.get("/routines/calendar/not-the-token.ics").status_code == 404
