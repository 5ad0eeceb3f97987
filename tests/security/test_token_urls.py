"""URLs whose token is the credential: the calendar feed and the unsubscribe link."""

import pytest
from django.test import Client
from django.urls import reverse

from routines.models import Profile

BAD_TOKENS = ["nope", "a" * 43, "a\x00" * 22, "' OR 1=1 --", "..", "\u202e" * 30]


@pytest.mark.django_db
def test_calendar_feed_needs_the_exact_token(world):
    client = Client(raise_request_exception=False)
    good = client.get(reverse("routines:calendar_feed", args=[world.calendar_token]))
    assert good.status_code == 200
    assert "private" in good.headers["Cache-Control"]
    for token in BAD_TOKENS:
        url = f"/routines/calendar/{token}.ics"
        assert client.get(url).status_code == 404, repr(token)


@pytest.mark.django_db
def test_reading_the_reminder_page_creates_no_calendar_address(other_client, other_user):
    """The feed address is made by an explicit POST, never by a page view."""
    response = other_client.get(reverse("routines:reminder_settings"))
    assert response.status_code == 200
    assert Profile.objects.get(user=other_user).calendar_token in ("", None)
    other_client.post(reverse("routines:calendar_regenerate"))
    token = Profile.objects.get(user=other_user).calendar_token
    assert token
    assert token in other_client.get(reverse("routines:reminder_settings")).text


@pytest.mark.django_db
def test_unsubscribe_get_confirms_post_switches_off(world):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    url = reverse("routines:unsubscribe", args=[world.unsubscribe_token])
    world.owner.profile.wants_email_reminders = True
    world.owner.profile.save()
    assert client.get(url).status_code == 200
    assert Profile.objects.get(user=world.owner).wants_email_reminders is True
    # RFC 8058 one-click: mail providers POST without our cookie, so this view is CSRF-exempt;
    # the signed token is what authorises it, and it can only switch emails off.
    assert client.post(url).status_code == 200
    assert Profile.objects.get(user=world.owner).wants_email_reminders is False
    for token in BAD_TOKENS:
        assert client.post(f"/routines/unsubscribe/{token}/").status_code == 404, repr(token)
