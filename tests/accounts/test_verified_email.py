"""Nothing but a verification link goes to an address until its owner confirms it."""

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.selectors import verified_email_for, verified_emails_for
from routines.models import Reminder
from routines.reminders import sender as reminders
from tests.factories import UnverifiedUserFactory, UserFactory
from tests.routines.safety.factories import PatchTestFactory, ReminderFactory

DUE = dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC)
LATER = DUE + dt.timedelta(minutes=1)
NOTICE = "No emails until you confirm your address"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def locmem(settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def due_reminder(user):
    test = PatchTestFactory(user=user, started_at=DUE - dt.timedelta(hours=48))
    return ReminderFactory(user=user, patch_test=test, due_at=DUE)


def test_reminders_are_not_emailed_to_an_unverified_address_but_show_in_the_app():
    user = UnverifiedUserFactory()
    reminder = due_reminder(user)
    assert reminders.send_one(reminder.pk, now=LATER) is True
    assert mail.outbox == []
    reminder.refresh_from_db()
    assert reminder.sent_at is not None and reminder.emailed is False
    assert Reminder.objects.filter(user=user).unread(LATER).count() == 1


def test_once_verified_the_reminder_goes_to_the_verified_address_only():
    user = UnverifiedUserFactory()
    EmailAddress.objects.filter(user=user).update(verified=True)
    # A change of address is pending: the new one is not verified yet.
    EmailAddress.objects.create(user=user, email="new@example.com", primary=False)
    reminder = due_reminder(user)
    assert reminders.send_one(reminder.pk, now=LATER) is True
    [email] = mail.outbox
    assert email.to == [user.email]


def test_verified_email_for_and_its_batch_form_agree():
    verified, unverified = UserFactory(), UnverifiedUserFactory()
    assert verified_email_for(verified) == verified.email
    assert verified_email_for(unverified) is None
    assert verified_emails_for([verified.pk, unverified.pk]) == {verified.pk: verified.email}


@pytest.mark.parametrize(
    "url", ["routines:today", "routines:reminder_settings", "accounts:settings"]
)
def test_unverified_users_are_told_why_no_email_arrives(client, url):
    user = UnverifiedUserFactory()
    client.force_login(user)
    page = client.get(reverse(url)).content.decode()
    assert NOTICE in page
    assert reverse("account_email") in page


@pytest.mark.parametrize("url", ["routines:today", "routines:reminder_settings"])
def test_verified_users_see_no_such_notice(owner_client, url):
    assert NOTICE not in owner_client.get(reverse(url)).content.decode()


def test_the_carry_over_migration_records_every_address_unverified(db):
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth import get_user_model

    User = get_user_model()
    old = User.objects.create_user(username="old@example.com", email="Old@Example.com")
    twin = User.objects.create_user(username="twin", email="old@example.com")
    nobody = User.objects.create_user(username="no-address", email="")
    migration = import_module("accounts.migrations.0001_carry_over_email_addresses")
    migration.carry_over(apps, None)
    rows = list(
        EmailAddress.objects.filter(user__in=[old, twin, nobody]).values_list(
            "user", "email", "verified", "primary"
        )
    )
    # One row per address (the first account keeps it), none for an empty address.
    assert rows == [(old.pk, "old@example.com", False, True)]
    migration.carry_over(apps, None)  # running it again adds nothing
    assert EmailAddress.objects.filter(user__in=[old, twin, nobody]).count() == 1


def test_the_batch_sender_emails_verified_addresses_only():
    verified, unverified = UserFactory(), UnverifiedUserFactory()
    due_reminder(verified), due_reminder(unverified)
    assert reminders.send_due(now=LATER) == 2
    assert [email.to for email in mail.outbox] == [[verified.email]]
    assert Reminder.objects.filter(user=unverified, emailed=False).exclude(sent_at=None).exists()
