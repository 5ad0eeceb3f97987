"""Reminders are created, moved and cancelled by the services when their subject changes."""

import datetime as dt

import pytest
import time_machine

from routines.models import PatchTest, Procedure, Profile, Reminder
from routines.reminders import services as reminder_services
from routines.safety import selectors as safety_selectors
from routines.safety import services as safety_services
from tests.routines.safety.factories import (
    PatchTestFactory,
    ProcedureFactory,
    SafetyRoutineFactory,
    SafetyStepFactory,
)

UTC = dt.UTC
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
K = Reminder.Kind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def kinds(user):
    return sorted((r.kind, r.due_at) for r in Reminder.objects.filter(user=user, sent_at=None))


def start(user, started_at=NOW, **kwargs):
    return safety_services.start_patch_test(
        user,
        product=None,
        product_name="Serum A",
        site="inner_forearm",
        started_at=started_at,
        **kwargs,
    )


def test_starting_a_patch_test_schedules_48h_and_72h(owner):
    start(owner)
    assert kinds(owner) == [
        (K.PATCH_TEST_LAST_CALL, NOW + dt.timedelta(hours=72)),
        (K.PATCH_TEST_READ, NOW + dt.timedelta(hours=48)),
    ]


def test_night_read_waits_for_morning_but_last_call_does_not(owner):
    Profile.objects.filter(user=owner).update(timezone="Europe/London", reminder_hour=8)
    started = dt.datetime(2026, 3, 1, 23, 0, tzinfo=UTC)  # read due 23:00 London
    start(owner, started_at=started)
    read = Reminder.objects.get(kind=K.PATCH_TEST_READ)
    last = Reminder.objects.get(kind=K.PATCH_TEST_LAST_CALL)
    assert read.due_at == dt.datetime(2026, 3, 4, 8, 0, tzinfo=UTC)
    assert last.due_at == started + dt.timedelta(hours=72)  # 23:00, at night, on purpose


def test_each_read_cancels_its_own_reminder(owner):
    # Two reads, each recorded on its own: the 48-hour read leaves the 72-hour reminder.
    test = start(owner)
    safety_services.record_read(test, result="none", notes="", now=NOW + dt.timedelta(hours=49))
    assert kinds(owner) == [(K.PATCH_TEST_LAST_CALL, NOW + dt.timedelta(hours=72))]
    safety_services.record_read(test, result="none", notes="", now=NOW + dt.timedelta(hours=73))
    assert kinds(owner) == []


def test_abandon_cancels_pending_patch_reminders(owner):
    test = start(owner)
    safety_services.abandon_patch_test(test, NOW)
    assert kinds(owner) == []
    assert PatchTest.objects.get().abandoned_at == NOW


def test_sent_reminders_are_kept_and_not_recreated(owner):
    test = start(owner)
    Reminder.objects.filter(kind=K.PATCH_TEST_READ).update(sent_at=NOW)
    reminder_services.sync_reminders(owner)
    assert Reminder.objects.filter(patch_test=test, kind=K.PATCH_TEST_READ).count() == 1


def test_procedure_schedules_recovery_end_and_step_resumes(owner):
    step = SafetyStepFactory(routine=SafetyRoutineFactory(user=owner), kind="retinoid")
    SafetyStepFactory(routine=step.routine, kind="biologic")
    procedure = safety_services.save_procedure(
        Procedure(user=owner, kind="microneedling", date=dt.date(2026, 3, 2), recovery_days=7)
    )
    due = dt.datetime(2026, 3, 9, 8, 0, tzinfo=UTC)  # resume day at the preferred hour
    assert kinds(owner) == [(K.RECOVERY_ENDS, due), (K.STEP_RESUMES, due)]
    resumes = Reminder.objects.get(kind=K.STEP_RESUMES)
    assert resumes.step == step and resumes.procedure == procedure


def test_editing_a_procedure_moves_its_reminders(owner):
    procedure = safety_services.save_procedure(
        Procedure(user=owner, kind="microneedling", date=dt.date(2026, 3, 2), recovery_days=7)
    )
    reminder = Reminder.objects.get(kind=K.RECOVERY_ENDS)
    procedure.recovery_days = 10
    safety_services.save_procedure(procedure)
    reminder.refresh_from_db()
    assert reminder.due_at == dt.datetime(2026, 3, 12, 8, 0, tzinfo=UTC)
    assert Reminder.objects.count() == 1


def test_overlapping_procedures_share_one_recovery_end(owner):
    safety_services.save_procedure(
        Procedure(user=owner, kind="microneedling", date=dt.date(2026, 3, 2), recovery_days=7)
    )
    later = safety_services.save_procedure(
        Procedure(user=owner, kind="chemical_peel", date=dt.date(2026, 3, 6), recovery_days=7)
    )
    ends = Reminder.objects.filter(kind=K.RECOVERY_ENDS)
    assert [(r.procedure, r.due_at) for r in ends] == [
        (later, dt.datetime(2026, 3, 13, 8, 0, tzinfo=UTC))
    ]


def test_deleting_a_procedure_cancels_and_recomputes(owner):
    first = safety_services.save_procedure(
        Procedure(user=owner, kind="microneedling", date=dt.date(2026, 3, 2), recovery_days=7)
    )
    later = safety_services.save_procedure(
        Procedure(user=owner, kind="chemical_peel", date=dt.date(2026, 3, 6), recovery_days=7)
    )
    safety_services.delete_procedure(later)
    ends = Reminder.objects.filter(kind=K.RECOVERY_ENDS)
    assert [(r.procedure, r.due_at) for r in ends] == [
        (first, dt.datetime(2026, 3, 9, 8, 0, tzinfo=UTC))
    ]
    safety_services.delete_procedure(first)
    assert Reminder.objects.count() == 0


def test_past_procedure_creates_no_stale_reminders(owner):
    safety_services.save_procedure(
        Procedure(user=owner, kind="microneedling", date=dt.date(2026, 1, 2), recovery_days=7)
    )
    assert Reminder.objects.count() == 0


def test_time_zone_change_moves_wall_clock_reminders(owner):
    safety_services.save_procedure(
        Procedure(user=owner, kind="microneedling", date=dt.date(2026, 3, 2), recovery_days=7)
    )
    Profile.objects.filter(user=owner).update(timezone="America/New_York")
    reminder_services.time_zone_changed(owner)
    reminder = Reminder.objects.get(kind=K.RECOVERY_ENDS)
    # US clocks went forward on 8 March: 08:00 EDT is 12:00 UTC.
    assert reminder.due_at == dt.datetime(2026, 3, 9, 12, 0, tzinfo=UTC)


def test_account_settings_time_zone_change_moves_reminders(owner_client, owner):
    safety_services.save_procedure(
        Procedure(user=owner, kind="microneedling", date=dt.date(2026, 3, 2), recovery_days=7)
    )
    response = owner_client.post(
        "/accounts/settings/",
        {"timezone": "Asia/Tokyo", "wants_email_reminders": "on", "reminder_hour": "8"},
    )
    assert response.status_code == 302
    reminder = Reminder.objects.get(kind=K.RECOVERY_ENDS)
    assert reminder.due_at == dt.datetime(2026, 3, 8, 23, 0, tzinfo=UTC)  # 08:00 JST


def test_routine_nudges_follow_local_time(owner):
    Profile.objects.filter(user=owner).update(timezone="Europe/London", am_nudge_at=dt.time(7, 30))
    reminder_services.sync_reminders(owner)
    nudge = Reminder.objects.get(kind=K.ROUTINE_NUDGE)
    assert nudge.period == "am"
    assert nudge.due_at == dt.datetime(2026, 3, 3, 7, 30, tzinfo=UTC)
    Profile.objects.filter(user=owner).update(am_nudge_at=None)
    reminder_services.sync_reminders(owner)
    assert not Reminder.objects.exists()


def test_step_blockers_gate_pause_and_stop(owner):
    routine = SafetyRoutineFactory(user=owner)
    retinoid = SafetyStepFactory(routine=routine, kind="retinoid", custom_name="Night A")
    tested = SafetyStepFactory(routine=routine, kind="biologic", custom_name="Serum A")
    stopped = SafetyStepFactory(routine=routine, kind="biologic", custom_name="Serum B")
    free = SafetyStepFactory(routine=routine, kind="biologic", custom_name="Serum C")
    start(owner)
    PatchTestFactory(user=owner, product_name="Serum B", result="reaction", result_at=NOW)
    ProcedureFactory(user=owner, date=dt.date(2026, 3, 1), recovery_days=7)
    steps = [retinoid, tested, stopped, free]
    blockers = safety_selectors.step_blockers(owner, steps, dt.date(2026, 3, 2))
    assert blockers[retinoid.pk].kind == "paused"
    assert "day 2 of 7" in blockers[retinoid.pk].message
    assert blockers[tested.pk].kind == "testing"
    assert blockers[stopped.pk].kind == "stopped"
    assert free.pk not in blockers
    after = safety_selectors.step_blockers(owner, steps, dt.date(2026, 3, 8))
    assert retinoid.pk not in after


def test_step_blockers_query_count_is_constant(owner, django_assert_num_queries):
    routine = SafetyRoutineFactory(user=owner)
    steps = [SafetyStepFactory(routine=routine) for _ in range(50)]
    PatchTestFactory(user=owner)
    # profile, then the day plan: steps, versions, patch tests, their reads, procedures
    with django_assert_num_queries(6):
        safety_selectors.step_blockers(owner, steps[:1], dt.date(2026, 3, 2))
    with django_assert_num_queries(6):
        safety_selectors.step_blockers(owner, steps, dt.date(2026, 3, 2))


def test_recovery_status_for_today_and_return_to_maintenance(owner):
    ProcedureFactory(user=owner, date=dt.date(2026, 3, 1), recovery_days=7)
    during = safety_selectors.recovery_status(owner, dt.date(2026, 3, 3))
    assert (during.open, during.day_number, during.length) == (True, 3, 7)
    assert "reparative biologic serum" in during.guidance
    after = safety_selectors.recovery_status(owner, dt.date(2026, 3, 8))
    assert after.open is False and "maintenance" in after.guidance
    assert safety_selectors.recovery_status(owner, dt.date(2026, 3, 12)) is None


def test_editor_warns_when_adding_a_retinoid_during_recovery(owner):
    ProcedureFactory(user=owner, date=dt.date(2026, 3, 1), recovery_days=7)
    warning = safety_selectors.editor_warning(owner, "retinoid", dt.date(2026, 3, 2))
    assert "day 2 of 7" in warning and "8 March" in warning
    assert safety_selectors.editor_warning(owner, "biologic", dt.date(2026, 3, 2)) == ""
    assert safety_selectors.editor_warning(owner, "exfoliant", dt.date(2026, 3, 9)) == ""
