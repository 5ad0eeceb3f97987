"""History is a record: schedule changes, pauses and removed steps do not rewrite past days;
removing a step or deleting a routine can be undone; any day since the routine began
(at most 60 days back) can be corrected; nothing is overwritten silently."""

import datetime as dt
import html as htmllib
import io
import json
import zipfile

import pytest
import time_machine
from django.urls import reverse

from routines.models import CheckIn, Routine, SkinLog, Step, StepVersion
from routines.tracking.selectors import build_history, build_today
from tests.conftest import SESSION_QUERIES
from tests.routines.factories import CheckInFactory, RoutineFactory, StepFactory
from tests.routines.safety.factories import ProcedureFactory

# Wednesday 25 November 2026, noon UTC (the owner's zone is UTC).
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


def cell(owner, day):
    context = build_history(owner, day.replace(day=1), TODAY)
    return next(d for week in context["weeks"] for d in week if d and d.date == day)


def edit_url(step):
    return reverse("routines:step_edit", args=[step.routine_id, step.pk])


def schedule_post(step, **overrides):
    data = {
        "kind": step.kind,
        "schedule": step.schedule,
        "start_date": step.start_date.isoformat(),
        "notes": step.notes,
        "revision": step.revision,
    }
    data.update(overrides)
    return data


# ---------------------------------------------------------------- schedule versions


def test_changing_a_schedule_today_keeps_the_earlier_days(owner_client, owner, routine):
    step = StepFactory(routine=routine, custom_name="Toner", start_date=dt.date(2026, 11, 1))
    for offset in range(1, 8):
        CheckInFactory(step=step, date=TODAY - dt.timedelta(days=offset))
    before = {d: cell(owner, TODAY - dt.timedelta(days=d)).status for d in range(1, 8)}
    assert set(before.values()) == {"done"}
    # Mondays only from today (25 Nov is a Wednesday).
    response = owner_client.post(
        edit_url(step), schedule_post(step, schedule="weekdays", weekdays=["0"])
    )
    assert response.status_code == 302
    (version,) = StepVersion.objects.filter(step=step)
    assert (version.schedule, version.valid_from, version.valid_to) == (
        "daily",
        dt.date(2026, 11, 1),
        TODAY,
    )
    after = {d: cell(owner, TODAY - dt.timedelta(days=d)).status for d in range(1, 8)}
    assert after == before
    assert cell(owner, TODAY).status == "nothing"  # today follows the new schedule


def test_a_second_change_on_the_same_day_keeps_the_first_version(owner_client, routine):
    step = StepFactory(routine=routine, start_date=dt.date(2026, 11, 1))
    owner_client.post(edit_url(step), schedule_post(step, schedule="every_other_day"))
    step.refresh_from_db()
    owner_client.post(edit_url(step), schedule_post(step, schedule="weekdays", weekdays=["1"]))
    (version,) = StepVersion.objects.filter(step=step)
    assert version.schedule == "daily"


def test_a_recovery_pause_today_does_not_rewrite_earlier_days(owner, routine):
    retinoid = StepFactory(routine=routine, kind="retinoid", start_date=dt.date(2026, 11, 1))
    yesterday = TODAY - dt.timedelta(days=1)
    CheckInFactory(step=retinoid, date=yesterday)
    ProcedureFactory(user=owner, date=TODAY, recovery_days=7)
    assert cell(owner, yesterday).status == "done"
    assert cell(owner, TODAY).status == "nothing"
    assert "paused" in cell(owner, TODAY).words


# ---------------------------------------------------------------- removing steps


def remove_url(step):
    return reverse("routines:step_remove", args=[step.routine_id, step.pk])


def test_removing_a_step_asks_first_and_keeps_its_check_ins(owner_client, owner, routine):
    step = StepFactory(routine=routine, custom_name="Retinal", start_date=dt.date(2026, 10, 1))
    for offset in range(1, 31):
        CheckInFactory(step=step, date=TODAY - dt.timedelta(days=offset))
    confirm = owner_client.get(remove_url(step))
    assert confirm.status_code == 200
    assert "30 check-ins" in page(confirm) and "stay in your History" in page(confirm)
    response = owner_client.post(remove_url(step))
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.ended_on == TODAY
    assert CheckIn.objects.filter(step=step).count() == 30
    # Gone from Today, still in History and in the export.
    assert build_today(owner, NOW).sections[0].entries == []
    assert cell(owner, TODAY - dt.timedelta(days=3)).names == ("Retinal",)
    export = owner_client.get(reverse("accounts:export"))
    with zipfile.ZipFile(io.BytesIO(export.content)) as archive:
        data = json.loads(archive.read("cellwise-data.json"))
    checkins = [c for c in data["data"]["routines.checkin"] if c["step_id"] == step.pk]
    assert len(checkins) == 30
    (row,) = [s for s in data["data"]["routines.step"] if s["id"] == step.pk]
    assert row["ended_on"] == TODAY.isoformat()


def test_undo_puts_a_removed_step_back(owner_client, owner, routine):
    step = StepFactory(routine=routine, custom_name="Retinal")
    CheckInFactory(step=step, date=TODAY - dt.timedelta(days=1))
    response = owner_client.post(remove_url(step), follow=True)
    html = page(response)
    assert "Retinal removed" in html
    undo = reverse("routines:step_restore", args=[routine.pk, step.pk])
    assert f'action="{undo}"' in html
    owner_client.post(undo)
    step.refresh_from_db()
    assert step.ended_on is None
    assert [e.step.pk for e in build_today(owner, NOW).entries] == [step.pk]


def test_removing_with_htmx_shows_the_confirmation_in_place(owner_client, routine):
    step = StepFactory(routine=routine, custom_name="Retinal")
    response = owner_client.get(remove_url(step), headers=HX)
    assert response.status_code == 200
    assert "<html" not in page(response) and "Remove Retinal?" in page(response)
    assert Step.objects.get(pk=step.pk).ended_on is None


def test_remove_and_restore_are_404_for_another_user(other_client, routine):
    step = StepFactory(routine=routine)
    assert other_client.get(remove_url(step)).status_code == 404
    assert other_client.post(remove_url(step)).status_code == 404
    restore = reverse("routines:step_restore", args=[routine.pk, step.pk])
    assert other_client.post(restore).status_code == 404
    step.refresh_from_db()
    assert step.ended_on is None


# ---------------------------------------------------------------- deleting routines


def test_deleting_a_routine_can_be_undone(owner_client, owner, routine):
    step = StepFactory(routine=routine, custom_name="Serum", start_date=dt.date(2026, 11, 1))
    CheckInFactory(step=step, date=TODAY - dt.timedelta(days=2))
    response = owner_client.post(reverse("routines:routine_delete", args=[routine.pk]), follow=True)
    html = page(response)
    assert "“Evening” deleted" in html
    restore = reverse("routines:routine_restore", args=[routine.pk])
    assert f'action="{restore}"' in html
    routine.refresh_from_db()
    assert routine.deleted_at is not None
    assert build_today(owner, NOW).sections == []
    assert (
        owner_client.get(reverse("routines:routine_detail", args=[routine.pk])).status_code == 404
    )
    assert cell(owner, TODAY - dt.timedelta(days=2)).status == "done"  # the past stays
    owner_client.post(restore)
    routine.refresh_from_db()
    assert routine.deleted_at is None
    assert [e.step.pk for e in build_today(owner, NOW).entries] == [step.pk]


def test_a_routine_deleted_long_ago_cannot_be_restored(owner_client, routine):
    Routine.objects.filter(pk=routine.pk).update(deleted_at=NOW - dt.timedelta(days=31))
    response = owner_client.post(
        reverse("routines:routine_restore", args=[routine.pk]), follow=True
    )
    assert "can no longer be restored" in page(response)
    routine.refresh_from_db()
    assert routine.deleted_at is not None


def test_restore_routine_is_404_for_another_user(other_client, routine):
    Routine.objects.filter(pk=routine.pk).update(deleted_at=NOW)
    response = other_client.post(reverse("routines:routine_restore", args=[routine.pk]))
    assert response.status_code == 404


# ---------------------------------------------------------------- correcting the past


def test_history_cells_link_to_their_day_and_the_day_can_be_ticked(owner_client, routine):
    step = StepFactory(routine=routine, custom_name="Serum", start_date=dt.date(2026, 11, 1))
    day = dt.date(2026, 11, 10)
    html = page(owner_client.get(reverse("routines:history")))
    link = reverse("routines:today") + "?day=2026-11-10"
    assert f'href="{link}"' in html
    assert 'href="/routines/?day=2026-10-31"' not in html  # before the routine began
    day_page = page(owner_client.get(link))
    assert "Tuesday 10 November" in day_page
    owner_client.post(
        reverse("routines:step_check", args=[step.pk]), {"status": "done", "day": "2026-11-10"}
    )
    assert CheckIn.objects.filter(step=step, date=day).exists()
    owner_client.post(
        reverse("routines:step_check", args=[step.pk]), {"status": "clear", "day": "2026-11-10"}
    )
    assert not CheckIn.objects.filter(step=step, date=day).exists()


@pytest.mark.parametrize(
    "value,message",
    [
        ("2026-11-26", "hasn't happened yet"),
        ("2026-08-01", "Only days from"),
        ("2026-02-30", "is not a date"),
        ("nonsense", "is not a date"),
    ],
)
def test_a_day_out_of_range_gets_a_clear_message_not_a_500(owner_client, routine, value, message):
    StepFactory(routine=routine, start_date=dt.date(2026, 1, 1))
    response = owner_client.get(reverse("routines:today") + f"?day={value}")
    assert response.status_code == 400
    assert message in page(response)


def test_ticking_a_day_before_the_window_is_refused(owner_client, routine):
    step = StepFactory(routine=routine, start_date=dt.date(2026, 1, 1))
    response = owner_client.post(
        reverse("routines:step_check", args=[step.pk]),
        {"status": "done", "day": "2026-09-01"},
        follow=True,
    )
    assert "Only days from 26 September 2026" in page(response)
    assert not CheckIn.objects.exists()


def test_skin_log_for_a_past_day(owner_client, owner, routine):
    StepFactory(routine=routine, start_date=dt.date(2026, 11, 1))
    response = owner_client.post(
        reverse("routines:skin_log"),
        {
            "day": "2026-11-12",
            "redness": 2,
            "dryness": 0,
            "irritation": 1,
            "note": "",
            "revision": 0,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("routines:today") + "?day=2026-11-12"
    assert SkinLog.objects.get(user=owner, date=dt.date(2026, 11, 12)).redness == 2


# ---------------------------------------------------------------- no silent overwrite


def test_a_stale_step_form_shows_the_newer_values_and_asks_again(owner_client, routine):
    step = StepFactory(routine=routine, custom_name="Toner")
    stale = schedule_post(step, schedule="every_other_day")
    assert owner_client.post(edit_url(step), schedule_post(step, notes="second tab")).status_code
    step.refresh_from_db()
    assert step.notes == "second tab" and step.revision == 2
    response = owner_client.post(edit_url(step), stale)
    assert response.status_code == 409
    html = page(response)
    assert "changed in another tab" in html
    assert 'value="second tab"' in html  # the newer values, to check and save again
    assert 'name="revision" value="2"' in html
    step.refresh_from_db()
    assert step.schedule == "daily"
    # The htmx path says the same inside the editor.
    response = owner_client.post(edit_url(step), stale, headers=HX)
    assert "changed in another tab" in page(response)
    step.refresh_from_db()
    assert step.schedule == "daily"


def test_a_stale_skin_log_shows_the_newer_values_and_asks_again(owner_client, owner, routine):
    SkinLog.objects.create(user=owner, date=TODAY, redness=1)
    form = {"day": TODAY.isoformat(), "dryness": 0, "irritation": 0, "note": "", "revision": 1}
    owner_client.post(reverse("routines:skin_log"), {**form, "redness": 2, "note": "tab one"})
    response = owner_client.post(reverse("routines:skin_log"), {**form, "redness": 3})
    assert response.status_code == 409
    html = page(response)
    assert "changed in another tab" in html and "tab one" in html
    log = SkinLog.objects.get(user=owner, date=TODAY)
    assert (log.redness, log.revision) == (2, 2)
    response = owner_client.post(reverse("routines:skin_log"), {**form, "redness": 3}, headers=HX)
    assert "changed in another tab" in page(response)
    assert SkinLog.objects.get(user=owner, date=TODAY).redness == 2


# ---------------------------------------------------------------- query counts


def fill_history(owner, routine, days):
    steps = [
        StepFactory(
            routine=routine, custom_name=f"Step {i}", start_date=TODAY - dt.timedelta(days=days)
        )
        for i in range(3)
    ]
    CheckIn.objects.bulk_create(
        CheckIn(user=owner, step=s, date=TODAY - dt.timedelta(days=d))
        for s in steps
        for d in range(days)
    )
    return steps


@pytest.mark.parametrize("days", [1, 365])
def test_today_query_count_is_constant_in_history(
    owner_client, owner, routine, days, django_assert_num_queries
):
    steps = fill_history(owner, routine, days)
    StepVersion.objects.create(
        step=steps[0],
        valid_from=TODAY - dt.timedelta(days=days),
        valid_to=TODAY,
        kind="other",
        schedule="daily",
        start_date=TODAY - dt.timedelta(days=days),
    )
    ProcedureFactory(user=owner, date=TODAY - dt.timedelta(days=days))
    owner_client.get(reverse("routines:today"))  # warm the session and profile caches
    # A streak unbroken for longer than the first three weeks reads the rest of the
    # window with one more query (routines.tracking.selectors._streak).
    with django_assert_num_queries(QUERIES["today"] + (days > 21)):
        assert owner_client.get(reverse("routines:today")).status_code == 200


@pytest.mark.parametrize("days", [1, 365])
def test_history_query_count_is_constant_in_history(
    owner_client, owner, routine, days, django_assert_num_queries
):
    fill_history(owner, routine, days)
    ProcedureFactory(user=owner, date=TODAY - dt.timedelta(days=days))
    owner_client.get(reverse("routines:history"))
    with django_assert_num_queries(QUERIES["history"]):
        assert owner_client.get(reverse("routines:history")).status_code == 200


# The same number at 1 and 365 days of history (measured once, asserted for both), plus the
# session read where sessions are not cached (SESSION_QUERIES). With a procedure on record
# the plan also reads what the products contain (here: the own products, one query).
QUERIES = {  # Today also checks the address is verified
    "today": 12 + SESSION_QUERIES,
    "history": 9 + SESSION_QUERIES,
}
