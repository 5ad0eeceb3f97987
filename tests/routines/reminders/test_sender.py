"""send_reminders: claim, email (text + HTML), mark sent; opt-out; stale claims; unsubscribe."""

import datetime as dt
import signal
import threading

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from routines.models import Profile, Reminder
from routines.reminders import selectors, services
from routines.reminders import sender as reminders
from tests.routines.safety.factories import PatchTestFactory, ReminderFactory

UTC = dt.UTC
DUE = dt.datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
LATER = DUE + dt.timedelta(minutes=1)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def locmem(settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.SITE_URL = "https://cellwise.example"


@pytest.fixture
def due(owner):
    Profile.objects.filter(user=owner).update(timezone="Europe/London")
    test = PatchTestFactory(
        user=owner, product_name="Serum A", started_at=DUE - dt.timedelta(hours=48)
    )
    return ReminderFactory(user=owner, patch_test=test, due_at=DUE)


def test_send_one_emails_text_and_html_and_marks_sent(due, owner):
    assert reminders.send_one(due.pk, now=LATER) is True
    [email] = mail.outbox
    assert email.to == [owner.email]
    assert email.subject == "Time to read your patch test of Serum A"
    assert "Mon 2 Mar at 10:00 (Europe/London)" in email.body  # the user's zone
    assert "https://cellwise.example/routines/patch-tests/" in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html" and "Serum A" in html
    unsubscribe = email.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://cellwise.example/routines/unsubscribe/")
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    due.refresh_from_db()
    assert due.sent_at is not None and due.emailed is True


def test_second_send_is_refused(due):
    assert reminders.send_one(due.pk, now=LATER)
    assert not reminders.send_one(due.pk, now=LATER)
    assert len(mail.outbox) == 1


def test_fresh_claim_blocks_other_senders_until_its_lease_runs_out(due, settings):
    settings.REMINDER_CLAIM_LEASE_SECONDS = 20
    assert reminders.claim(due.pk, LATER)  # a sender claimed, then died before sending
    assert reminders.send_due(now=LATER + dt.timedelta(seconds=19)) == 0
    assert mail.outbox == []
    stale = LATER + dt.timedelta(seconds=21)  # within a minute, not after ten
    assert reminders.send_due(now=stale) == 1
    assert reminders.send_due(now=stale) == 0
    assert len(mail.outbox) == 1


def test_not_yet_due_is_not_sent(due):
    assert reminders.send_due(now=DUE - dt.timedelta(seconds=1)) == 0
    assert mail.outbox == []


def test_user_without_email_reminders_gets_none_but_sees_it_in_app(due, owner):
    Profile.objects.filter(user=owner).update(wants_email_reminders=False)
    assert reminders.send_due(now=LATER) == 1
    assert mail.outbox == []
    due.refresh_from_db()
    assert due.sent_at is not None and due.emailed is False
    assert Reminder.objects.filter(user=owner).unread(LATER).count() == 1


def test_every_kind_renders(owner):
    from tests.routines.safety.factories import (
        ProcedureFactory,
        SafetyRoutineFactory,
        SafetyStepFactory,
    )

    procedure = ProcedureFactory(user=owner)
    morning = SafetyRoutineFactory(user=owner, period="am")
    step = SafetyStepFactory(routine=morning)  # a retinoid: paused by the procedure
    cleanser = SafetyStepFactory(routine=morning, kind="cleanser", custom_name="Gel cleanser")
    test = PatchTestFactory(user=owner)
    rows = [
        Reminder(user=owner, kind="patch_last_call", patch_test=test, due_at=DUE),
        Reminder(user=owner, kind="recovery_ends", procedure=procedure, due_at=DUE),
        Reminder(user=owner, kind="step_resumes", procedure=procedure, step=step, due_at=DUE),
        Reminder(user=owner, kind="routine_nudge", period="am", due_at=DUE),
    ]
    Reminder.objects.bulk_create(rows)
    assert reminders.send_due(now=LATER) == 4
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == sorted(
        [
            f"Last call: patch test of {test.product_name}",
            "Your recovery window has ended",
            f"{step.name} can come back into your routine",
            "Your morning routine",
        ]
    )
    nudge = next(m for m in mail.outbox if m.subject == "Your morning routine")
    # The nudge names what the day plan has due, and the paused retinoid apart from it.
    assert f"Due this morning: {cleanser.name}." in nudge.body
    assert f"Paused for recovery: {step.name} (back on Mon 9 Mar)." in nudge.body


def test_command_sends_and_reports(due, capsys):
    with time_machine.travel(LATER, tick=False):
        call_command("send_reminders")
    assert len(mail.outbox) == 1
    assert "Sent 1 reminder(s)." in capsys.readouterr().out


def test_loop_stops_gracefully_on_sigterm(due, monkeypatch):
    handlers = {}
    monkeypatch.setattr(
        signal, "signal", lambda signum, handler: handlers.setdefault(signum, handler)
    )
    passes = []
    real_wait = threading.Event.wait

    def wait(self, timeout=None):
        passes.append(timeout)
        handlers[signal.SIGTERM](signal.SIGTERM, None)  # SIGTERM arrives while sleeping
        return real_wait(self, 0)

    monkeypatch.setattr(threading.Event, "wait", wait)
    with time_machine.travel(LATER, tick=False):
        call_command("send_reminders", "--loop", "--sleep", "5")
    assert passes == [5.0]
    assert len(mail.outbox) == 1


def test_unsubscribe_get_confirms_and_post_turns_off(owner):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    token = services.unsubscribe_token(owner.pk)
    url = f"/routines/unsubscribe/{token}/"
    response = client.get(url)
    assert response.status_code == 200
    assert b"Stop reminder emails" in response.content
    assert Profile.objects.get(user=owner).wants_email_reminders is True
    response = client.post(url, {"List-Unsubscribe": "One-Click"})  # RFC 8058, no CSRF token
    assert response.status_code == 200
    assert Profile.objects.get(user=owner).wants_email_reminders is False


def test_unsubscribe_with_a_forged_token_is_404(client, owner):
    response = client.post(f"/routines/unsubscribe/{owner.pk}:forged/")
    assert response.status_code == 404
    assert Profile.objects.get(user=owner).wants_email_reminders is True


def test_reminder_moved_into_the_future_after_listing_is_not_sent(due):
    ids = selectors.due_ids(LATER)
    Reminder.objects.filter(pk=due.pk).update(due_at=LATER + dt.timedelta(hours=3))
    assert [reminders.send_one(pk, now=LATER) for pk in ids] == [False]
    assert mail.outbox == []
