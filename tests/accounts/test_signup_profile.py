"""Sign-up asks for the time zone (from the browser, or a searchable list without
JavaScript, any case) and whether to email an evening routine reminder."""

import datetime as dt
import re
import zoneinfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.forms import SettingsForm, TimeZoneField
from routines.models import Profile, Reminder

User = get_user_model()
PASSPHRASE = "a-long-unusual-pass-42"
NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)


def signup(client, email, **extra):
    data = {"email": email, "password1": PASSPHRASE, "password2": PASSPHRASE, **extra}
    return client.post(reverse("account_signup"), data)


def field_group(html: str, label: str) -> str:
    """The markup of the one field group (partials/field.html) whose label or legend is
    `label`: from its opening tag to the next group or the end of the form."""
    form = html[: html.index("</form>")]
    starts = [m.start() for m in re.finditer(r'<(?:div|fieldset) class="field[ "]', form)]
    groups = [form[a:b] for a, b in zip(starts, [*starts[1:], len(form)], strict=True)]
    (group,) = [g for g in groups if f">{label}</" in g]
    return group


# ---------------------------------------------------------------- the field


@pytest.mark.parametrize(
    "typed,stored",
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("  EUROPE/BERLIN ", "Europe/Berlin"),
        ("america/argentina/buenos_aires", "America/Argentina/Buenos_Aires"),
        ("utc", "UTC"),
    ],
)
def test_time_zone_field_takes_any_case_and_stores_the_canonical_name(typed, stored):
    assert TimeZoneField().clean(typed) == stored


@pytest.mark.parametrize("typed", ["Mars/Olympus", "Berlin", "localtime", "Europe/Berlin/x"])
def test_time_zone_field_refuses_what_is_no_zone(typed):
    with pytest.raises(ValidationError) as error:
        TimeZoneField().clean(typed)
    assert "not a time zone name we recognise" in error.value.messages[0]


def test_every_name_offered_in_the_list_is_accepted():
    form = SettingsForm()
    assert "Europe/Berlin" in form.timezone_choices
    assert "localtime" not in form.timezone_choices
    for name in form.timezone_choices:
        zoneinfo.ZoneInfo(name)  # a real zone on this machine


def test_settings_take_a_time_zone_in_any_case(owner_client, owner):
    response = owner_client.post(
        reverse("accounts:settings"),
        {"timezone": "asia/TOKYO", "wants_email_reminders": "on", "reminder_hour": "8"},
    )
    assert response.status_code == 302
    owner.profile.refresh_from_db()
    assert owner.profile.timezone == "Asia/Tokyo"


def test_settings_page_has_the_searchable_list(owner_client):
    html = owner_client.get(reverse("accounts:settings")).content.decode()
    assert 'list="timezone-list"' in html
    assert '<option value="Europe/Berlin">' in html


# ---------------------------------------------------------------- sign-up


def test_sign_up_page_offers_the_list_the_script_and_the_reminder_question(client, db):
    html = client.get(reverse("account_signup")).content.decode()
    zone = field_group(html, "Time zone")
    assert 'list="timezone-list"' in zone and "data-detect-timezone" in zone
    assert '<datalist id="timezone-list">' in html
    assert '<option value="Europe/Berlin">' in html
    # The detection is a static file (the CSP allows no inline script).
    assert '<script src="/static/js/timezone.js" defer></script>' in html
    assert "<script>" not in html
    question = field_group(html, "An evening reminder email?")
    assert question.startswith("<fieldset")
    assert 'type="radio" name="evening_reminder" value="yes"' in question
    assert 'type="radio" name="evening_reminder" value="no"' in question


@time_machine.travel(NOW, tick=False)
def test_sign_up_stores_the_zone_in_its_canonical_case_and_the_evening_reminder(client, db):
    response = signup(
        client, "berlin@example.com", timezone="europe/berlin", evening_reminder="yes"
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user__email="berlin@example.com")
    assert profile.timezone == "Europe/Berlin"
    assert profile.pm_nudge_at == dt.time(20, 0)
    assert profile.wants_email_reminders is True
    # The first evening nudge is queued at 20:00 Berlin time (19:00 UTC in March).
    (nudge,) = Reminder.objects.filter(user=profile.user, kind="routine_nudge", sent_at=None)
    assert nudge.period == "pm"
    assert nudge.due_at == dt.datetime(2026, 3, 10, 19, 0, tzinfo=dt.UTC)


def test_sign_up_without_the_evening_reminder_queues_none(client, db):
    assert signup(client, "quiet@example.com", timezone="Asia/Tokyo", evening_reminder="no")
    profile = Profile.objects.get(user__email="quiet@example.com")
    assert (profile.timezone, profile.pm_nudge_at) == ("Asia/Tokyo", None)
    assert not Reminder.objects.filter(user=profile.user, kind="routine_nudge").exists()


def test_sign_up_left_empty_is_utc_and_no_evening_reminder(client, db):
    assert signup(client, "blank@example.com").status_code == 302
    profile = Profile.objects.get(user__email="blank@example.com")
    assert (profile.timezone, profile.pm_nudge_at) == ("UTC", None)


def test_a_bad_zone_at_sign_up_is_told_beside_the_field_and_creates_nothing(client, db):
    response = signup(client, "mars@example.com", timezone="Mars/Olympus", evening_reminder="yes")
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["timezone"]
    zone = field_group(response.content.decode(), "Time zone")
    assert "field-has-error" in zone
    assert "“Mars/Olympus” is not a time zone name we recognise" in zone
    assert 'value="Mars/Olympus"' in zone  # kept for correcting, not emptied
    assert not User.objects.filter(email="mars@example.com").exists()


def test_a_bad_reminder_answer_is_refused_beside_its_question(client, db):
    response = signup(client, "odd@example.com", evening_reminder="always")
    assert response.status_code == 200
    assert "evening_reminder" in response.context["form"].errors
    assert "field-has-error" in field_group(response.content.decode(), "An evening reminder email?")
    assert not User.objects.filter(email="odd@example.com").exists()


def test_sign_up_with_a_known_address_changes_nothing_of_its_owner(client, owner):
    response = signup(client, owner.email, timezone="Asia/Tokyo", evening_reminder="yes")
    assert response.status_code == 302
    owner.profile.refresh_from_db()
    assert (owner.profile.timezone, owner.profile.pm_nudge_at) == ("UTC", None)
    assert not Reminder.objects.filter(user=owner).exists()
