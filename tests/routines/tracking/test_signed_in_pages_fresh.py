"""Signed-in Today and History are rendered for every request, never stored anywhere
(no per-worker copy): private, no-store, and current after any change, on any server.

Replaces the tests of the per-worker private page cache (removed with config/pagecache.py):
the same situations, now asserting that the page is simply always current.
"""

import datetime as dt
import html as htmllib
import re

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from routines.models import CheckIn
from tests.catalog.factories import ProductFactory
from tests.routines.factories import RoutineFactory, StepFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
TODAY_URL = reverse("routines:today")
HISTORY_URL = reverse("routines:history")
HEADER_TOKEN = re.compile(r'hx-headers=\'\{"X-CSRFToken": "([A-Za-z0-9]+)"\}\'')


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def serum(owner):
    routine = RoutineFactory(user=owner, name="Evening", period="pm")
    return StepFactory(routine=routine, custom_name="Night serum", start_date=dt.date(2026, 11, 1))


def text(response):
    return htmllib.unescape(response.content.decode())


def tick(client, step, **extra):
    return client.post(
        reverse("routines:step_check", args=[step.pk]),
        {"status": "done", "day": "2026-11-25"},
        **extra,
    )


@pytest.mark.parametrize("url", [TODAY_URL, HISTORY_URL])
def test_every_visit_is_rendered_and_marked_private_no_store(owner_client, serum, url):
    owner_client.get(url)
    again = owner_client.get(url)
    assert again.context is not None  # rendered, not replayed from a store
    cache_control = again["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    assert "public" not in cache_control
    assert not again.has_header("ETag")


def test_the_header_token_is_this_users_and_passes_the_csrf_check(owner, serum):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    client.get(TODAY_URL)
    token = HEADER_TOKEN.search(text(client.get(TODAY_URL)))[1]
    response = client.post(
        reverse("routines:step_check", args=[serum.pk]),
        {"status": "done", "day": "2026-11-25"},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 302
    assert CheckIn.objects.filter(step=serum, status="done").exists()


def test_another_user_never_gets_the_page(owner_client, other_client, serum):
    assert "Night serum" in text(owner_client.get(TODAY_URL))
    assert "Night serum" not in text(other_client.get(TODAY_URL))
    assert "Night serum" not in text(Client().get(TODAY_URL, follow=True))


@pytest.mark.parametrize("htmx", [False, True])
def test_a_tick_shows_at_once(owner_client, serum, htmx):
    before = owner_client.get(TODAY_URL)
    assert 'value="skipped"' in text(before)  # not marked yet: Skip is offered
    headers = {"headers": {"HX-Request": "true"}} if htmx else {}
    assert tick(owner_client, serum, **headers).status_code in (200, 302)
    assert 'value="skipped"' not in text(owner_client.get(TODAY_URL))
    assert owner_client.get(HISTORY_URL).context["totals"]["done"] == 1


def test_a_flash_message_is_shown_once(owner_client, serum):
    owner_client.get(TODAY_URL)
    response = tick(owner_client, serum, follow=True)
    assert "Night serum: marked done." in text(response)
    assert "marked done." not in text(owner_client.get(TODAY_URL))


def test_a_change_made_through_another_server_is_seen_at_once(owner_client, owner, serum):
    """Nothing per worker: a write made elsewhere (another host, a script) shows on the
    next request here."""
    owner_client.get(TODAY_URL)
    CheckIn.objects.create(user=owner, step=serum, date=NOW.date(), status="done")
    assert 'value="skipped"' not in text(owner_client.get(TODAY_URL))


def test_a_new_time_zone_shows_at_once(owner_client, owner, serum):
    owner_client.get(TODAY_URL)
    response = owner_client.post(
        reverse("accounts:settings"),
        {"timezone": "Pacific/Kiritimati", "wants_email_reminders": "on", "reminder_hour": "8"},
    )
    assert response.status_code == 302, response.content
    after = owner_client.get(TODAY_URL)
    assert after.context["view"].today == dt.date(2026, 11, 26)  # UTC+14: already the 26th
    assert "Pacific/Kiritimati" in text(after)


def test_the_page_turns_over_at_the_users_own_midnight(owner_client, owner, serum):
    owner.profile.timezone = "Asia/Kolkata"  # UTC+5:30
    owner.profile.save()
    with time_machine.travel(dt.datetime(2026, 11, 25, 18, 29, tzinfo=dt.UTC), tick=False):
        assert owner_client.get(TODAY_URL).context["view"].today == dt.date(2026, 11, 25)
    with time_machine.travel(dt.datetime(2026, 11, 25, 18, 31, tzinfo=dt.UTC), tick=False):
        assert owner_client.get(TODAY_URL).context["view"].today == dt.date(2026, 11, 26)


def test_a_staff_rename_of_a_catalog_product_shows_at_once(owner_client, owner):
    product = ProductFactory(name="Old name serum")
    routine = RoutineFactory(user=owner)
    StepFactory(routine=routine, product=product, custom_name="", start_date=dt.date(2026, 11, 1))
    assert "Old name serum" in text(owner_client.get(TODAY_URL))
    product.name = "New name serum"
    product.save()
    html = text(owner_client.get(TODAY_URL))
    assert "New name serum" in html and "Old name serum" not in html


def test_history_months_are_their_own_pages(owner_client, serum):
    assert owner_client.get(HISTORY_URL).context["month"] == dt.date(2026, 11, 1)
    october = owner_client.get(HISTORY_URL, {"month": "2026-10"})
    assert october.context["month"] == dt.date(2026, 10, 1)
    assert owner_client.get(HISTORY_URL).context["month"] == dt.date(2026, 11, 1)


def test_signing_out_ends_the_session_for_every_copy_of_the_cookie(owner, password):
    """Two servers share nothing but the session store: a copy of the cookie used
    elsewhere is refused as soon as the user signs out."""
    here, elsewhere = Client(), Client()
    here.post(reverse("account_login"), {"login": owner.email, "password": password})
    cookie = here.cookies[settings.SESSION_COOKIE_NAME].value
    elsewhere.cookies[settings.SESSION_COOKIE_NAME] = cookie
    assert elsewhere.get(TODAY_URL).status_code == 200
    here.post(reverse("account_logout"))
    assert elsewhere.cookies[settings.SESSION_COOKIE_NAME].value == cookie  # still held there
    response = elsewhere.get(TODAY_URL)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
