"""Signed-in Today and History from the private page cache: per user, never stale after a
change the user makes, a staff edit, or midnight in the user's own time zone."""

import datetime as dt
import html as htmllib
import re

import pytest
import time_machine
from django.conf import settings
from django.core.cache import caches
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.urls import reverse

from config.pagecache import USER_STAMP_KEY, user_pages_changed
from routines.models import CheckIn
from tests.catalog.factories import ProductFactory
from tests.routines.factories import RoutineFactory, StepFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')
NONCE = re.compile(r'nonce="([^"]+)"')
TODAY_URL = "/routines/"
HISTORY_URL = "/routines/history/"


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


def test_second_visit_is_served_from_the_users_own_copy(
    owner_client, serum, django_assert_num_queries
):
    first = owner_client.get(TODAY_URL)
    # Only the user (to check the session's password hash): the session comes from the
    # session cache and the time zone (for the user's local date) is remembered.
    with django_assert_num_queries(1):
        second = owner_client.get(TODAY_URL)
    assert "X-Page-Cache" not in first and second["X-Page-Cache"] == "hit"
    assert "Night serum" in text(second)
    assert "no-store" in second["Cache-Control"] and "private" in second["Cache-Control"]
    # Fresh nonce, allowed by this response's own CSP header; no placeholder left behind.
    nonce = NONCE.search(text(second))[1]
    assert nonce != NONCE.search(text(first))[1]
    assert f"'nonce-{nonce}'" in second["Content-Security-Policy"]
    assert "__cellwise_" not in text(second)


def test_the_token_in_a_stored_page_is_this_users_and_passes_the_csrf_check(owner, serum):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    client.get(TODAY_URL)
    page = client.get(TODAY_URL)
    assert page["X-Page-Cache"] == "hit"
    token = TOKEN.search(text(page))[1]
    assert _unmask_cipher_token(token) == client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        reverse("routines:step_check", args=[serum.pk]),
        {"status": "done", "day": "2026-11-25", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert CheckIn.objects.filter(step=serum, status="done").exists()


def test_another_user_never_gets_the_stored_page(owner_client, other_client, serum):
    owner_client.get(TODAY_URL)
    assert owner_client.get(TODAY_URL)["X-Page-Cache"] == "hit"
    theirs = other_client.get(TODAY_URL)
    assert "X-Page-Cache" not in theirs
    assert "Night serum" not in text(theirs)
    assert "Night serum" not in text(Client().get(TODAY_URL, follow=True))


@pytest.mark.parametrize("htmx", [False, True])
def test_a_tick_shows_at_once(owner_client, serum, htmx):
    before = owner_client.get(TODAY_URL)
    assert 'value="skipped"' in text(before)  # not marked yet: Skip is offered
    headers = {"headers": {"HX-Request": "true"}} if htmx else {}
    assert tick(owner_client, serum, **headers).status_code in (200, 302)
    after = owner_client.get(TODAY_URL)
    assert "X-Page-Cache" not in after
    assert 'value="skipped"' not in text(after)
    assert owner_client.get(HISTORY_URL).context["totals"]["done"] == 1


def test_a_flash_message_is_shown_once_and_never_stored(owner_client, serum):
    owner_client.get(TODAY_URL)
    response = tick(owner_client, serum, follow=True)
    assert "Night serum: marked done." in text(response)
    assert "X-Page-Cache" not in response
    later = owner_client.get(TODAY_URL)
    assert "marked done." not in text(later)
    assert owner_client.get(TODAY_URL)["X-Page-Cache"] == "hit"
    assert "marked done." not in text(owner_client.get(TODAY_URL))


def test_a_change_made_through_another_worker_is_seen(owner_client, owner, serum):
    """Stored pages live in each worker's memory; another worker that handles the user's
    change cannot drop them, only replace the user's stamp in the shared cache."""
    owner_client.get(TODAY_URL)
    assert owner_client.get(TODAY_URL)["X-Page-Cache"] == "hit"
    CheckIn.objects.create(user=owner, step=serum, date=NOW.date(), status="done")
    user_pages_changed(owner.pk)  # what the other worker's middleware does after the POST
    after = owner_client.get(TODAY_URL)
    assert "X-Page-Cache" not in after
    assert 'value="skipped"' not in text(after)


def test_a_lost_user_stamp_only_causes_a_miss(owner_client, owner, serum):
    owner_client.get(TODAY_URL)
    caches["pages"].delete(USER_STAMP_KEY.format(owner.pk))
    assert "X-Page-Cache" not in owner_client.get(TODAY_URL)
    assert owner_client.get(TODAY_URL)["X-Page-Cache"] == "hit"


def test_a_new_time_zone_shows_at_once(owner_client, owner, serum):
    owner_client.get(TODAY_URL)
    assert owner_client.get(TODAY_URL).context is None  # a hit renders no template
    response = owner_client.post(
        reverse("accounts:settings"),
        {"timezone": "Pacific/Kiritimati", "wants_email_reminders": "on", "reminder_hour": "8"},
    )
    assert response.status_code == 302, response.content
    after = owner_client.get(TODAY_URL)
    assert "X-Page-Cache" not in after
    assert after.context["view"].today == dt.date(2026, 11, 26)  # UTC+14: already the 26th
    assert "Pacific/Kiritimati" in text(after)


def test_the_page_turns_over_at_the_users_own_midnight(owner_client, owner, serum):
    owner.profile.timezone = "Asia/Kolkata"  # UTC+5:30
    owner.profile.save()
    with time_machine.travel(dt.datetime(2026, 11, 25, 18, 29, tzinfo=dt.UTC), tick=False):
        owner_client.get(TODAY_URL)
        assert owner_client.get(TODAY_URL)["X-Page-Cache"] == "hit"
    with time_machine.travel(dt.datetime(2026, 11, 25, 18, 31, tzinfo=dt.UTC), tick=False):
        after_midnight = owner_client.get(TODAY_URL)
    assert "X-Page-Cache" not in after_midnight
    assert after_midnight.context["view"].today == dt.date(2026, 11, 26)


def test_a_staff_rename_of_a_catalog_product_shows_at_once(owner_client, owner):
    product = ProductFactory(name="Old name serum")
    routine = RoutineFactory(user=owner)
    StepFactory(routine=routine, product=product, custom_name="", start_date=dt.date(2026, 11, 1))
    assert "Old name serum" in text(owner_client.get(TODAY_URL))
    product.name = "New name serum"
    product.save()
    html = text(owner_client.get(TODAY_URL))
    assert "New name serum" in html and "Old name serum" not in html


def test_settings_zero_turns_it_off(owner_client, serum, settings):
    settings.PRIVATE_PAGE_CACHE_SECONDS = 0
    owner_client.get(TODAY_URL)
    assert "X-Page-Cache" not in owner_client.get(TODAY_URL)


def test_entries_expire(owner_client, serum, settings):
    owner_client.get(TODAY_URL)
    later = NOW + dt.timedelta(seconds=settings.PRIVATE_PAGE_CACHE_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        assert "X-Page-Cache" not in owner_client.get(TODAY_URL)


def test_history_month_pages_are_stored_apart(owner_client, serum):
    owner_client.get(HISTORY_URL)
    october = owner_client.get(HISTORY_URL, {"month": "2026-10"})
    assert "X-Page-Cache" not in october
    assert october.context["month"] == dt.date(2026, 10, 1)
    assert owner_client.get(HISTORY_URL)["X-Page-Cache"] == "hit"
