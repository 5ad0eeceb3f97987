"""Safety wired into Today, the editor and check-ins (routines.safety.selectors.step_blockers)."""

import datetime as dt
import html

import pytest
import time_machine
from django.urls import reverse

from routines.dayplan.holds import PATCH_REACTED_MESSAGE
from routines.models import CheckIn, Reminder
from tests.catalog.factories import ProductFactory
from tests.routines.factories import RoutineFactory, StepFactory
from tests.routines.safety.factories import PatchTestFactory, ProcedureFactory

UTC = dt.UTC
NOW = dt.datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
TODAY = NOW.date()

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def evening(owner):
    return RoutineFactory(user=owner, name="Evening", period="pm")


def today_page(client):
    return html.unescape(client.get(reverse("routines:today")).content.decode())


def test_recovery_mode_on_today_pauses_retinoid_then_resumes(owner_client, owner, evening):
    StepFactory(routine=evening, custom_name="Retinal", kind="retinoid")
    StepFactory(routine=evening, custom_name="Cell serum", kind="biologic")
    ProcedureFactory(user=owner, kind="microneedling", date=TODAY - dt.timedelta(days=1))
    content = today_page(owner_client)
    assert "Recovery mode: day 2 of 7" in content
    assert "reparative biologic serum" in content
    assert "Paused during recovery" in content
    assert content.count("Paused during recovery") == 1  # the serum is not paused
    with time_machine.travel(NOW + dt.timedelta(days=6), tick=False):
        later = today_page(owner_client)
    assert "Recovery mode" not in later and "Paused during recovery" not in later
    assert "Back to maintenance" in later


def test_patch_test_gates_a_catalog_product_on_today(owner_client, owner, evening):
    product = ProductFactory(name="The Answer")
    step = StepFactory(routine=evening, product=product, custom_name="", kind="biologic")
    test = PatchTestFactory(user=owner, product=product, product_name=str(product), started_at=NOW)
    assert "Patch test running" in today_page(owner_client)
    # A check-in for a gated step is refused.
    owner_client.post(
        reverse("routines:step_check", args=[step.pk]),
        {"status": "done", "day": TODAY.isoformat()},
    )
    assert not CheckIn.objects.exists()
    test.result, test.result_at = "reaction", NOW
    test.save()
    content = today_page(owner_client)
    assert "Stopped after a reaction" in content and PATCH_REACTED_MESSAGE in content
    assert "chip-danger" in content


def test_editor_warns_when_a_retinoid_is_added_during_recovery(owner_client, owner, evening):
    ProcedureFactory(user=owner, date=TODAY, recovery_days=14)
    data = {"custom_name": "Tretinoin", "kind": "retinoid", "start_date": TODAY.isoformat()}
    response = owner_client.post(reverse("routines:step_add", args=[evening.pk]), data, follow=True)
    content = html.unescape(response.content.decode())
    assert "recovery window (day 1 of 14)" in content
    assert "Paused during recovery" in content
    # Its "can come back" reminder is queued for the day the window closes.
    reminder = Reminder.objects.get(kind="step_resumes")
    assert reminder.step.custom_name == "Tretinoin"
    assert reminder.due_at == dt.datetime(2026, 3, 18, 8, 0, tzinfo=UTC)


def test_removing_a_step_cancels_its_resume_reminder(owner_client, owner, evening):
    step = StepFactory(routine=evening, kind="exfoliant")
    ProcedureFactory(user=owner, date=TODAY, recovery_days=7)
    from routines.reminders.services import sync_reminders

    sync_reminders(owner)
    assert Reminder.objects.filter(kind="step_resumes", step=step).exists()
    owner_client.post(reverse("routines:step_remove", args=[evening.pk, step.pk]))
    assert not Reminder.objects.filter(kind="step_resumes").exists()
