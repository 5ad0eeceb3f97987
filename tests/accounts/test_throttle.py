"""Login throttling (accounts/throttle.py): fixed windows, three limits, no lock-out.

The cache behind the counters is parametrised over the backends the site runs on: local
memory (`make run`), Django's database cache (the default without Redis) and Redis (when
REDIS_URL names a reachable server, as in CI's PostgreSQL + Redis pass).
"""

import threading
import uuid

import pytest
import time_machine
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from accounts import throttle

WINDOW_START = "2026-01-01 09:00:00Z"


@pytest.fixture(params=["locmem", "database", "redis"])
def throttle_cache(request, settings, db):
    """The "throttle" cache on one real backend, emptied before and after."""
    if request.param == "locmem":
        config = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}
    elif request.param == "database":
        config = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "t_cache"}
    else:
        url = request.getfixturevalue("redis_url")
        # A fresh prefix: several test runs may share one Redis database.
        config = {
            "BACKEND": "config.rediscache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"test-throttle-{uuid.uuid4().hex}",
        }
    settings.CACHES = {**settings.CACHES, "throttle": config}
    if request.param == "database":
        call_command("createcachetable", "t_cache", verbosity=0)
    caches["throttle"].clear()
    yield request.param
    # Every cache this test used (allauth's own rate limits are in "default"): changing
    # CACHES below makes Django forget them, so conftest's teardown would not clear them.
    for cache in caches.all(initialized_only=True):
        cache.clear()
    # Back to local memory while the database is still there (conftest clears every cache
    # it finds initialised, after the database has gone).
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }


def post_login(client, email, password, address):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        HTTP_X_FORWARDED_FOR=f"198.51.100.7, {address}",
    )


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


# ---------------------------------------------------------------- the client's address


@pytest.mark.parametrize(
    ("count", "forwarded", "peer", "expected"),
    [
        (0, "203.0.113.5", "127.0.0.1", "127.0.0.1"),  # no trusted proxy: header ignored
        (1, "203.0.113.5", "127.0.0.1", "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", "127.0.0.1", "203.0.113.5"),  # client's own entry ignored
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.2", "127.0.0.1", "203.0.113.5"),
        (2, "203.0.113.5", "127.0.0.1", "127.0.0.1"),  # fewer hops than proxies: peer
        (1, "", "127.0.0.1", "127.0.0.1"),
        (1, "not-an-address", "127.0.0.1", "127.0.0.1"),
        (1, "203.0.113.5:51234", "127.0.0.1", "203.0.113.5"),
        (1, "[2001:db8:1:2:aaaa::1]:443", "127.0.0.1", "2001:db8:1:2::/64"),
        (1, "2001:db8:1:2:bbbb::9", "127.0.0.1", "2001:db8:1:2::/64"),  # same /64, same client
        (1, "::ffff:203.0.113.5", "127.0.0.1", "203.0.113.5"),
        (0, "", "", "unknown"),
    ],
)
def test_client_address(settings, count, forwarded, peer, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    assert throttle.client_address(request) == expected


# ---------------------------------------------------------------- the three limits


def test_account_and_address_limit_names_what_is_limited(
    client, owner, password, settings, throttle_cache, behind_proxy
):
    limit = settings.LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS
    with time_machine.travel("2026-01-01 09:05:00Z", tick=False):
        statuses = [
            post_login(client, owner.email, f"wrong-{i}", "203.0.113.5").status_code
            for i in range(limit + 3)
        ]
        assert statuses == [200] * limit + [429] * 3
        response = post_login(client, owner.email, password, "203.0.113.5")
        assert response.status_code == 429
        text = response.content.decode()
        assert "this account from your network" in text
        assert "about 10 minutes" in text  # the window ends at 09:15, not 15 minutes on
        assert response["Retry-After"] == "600"
        # The same account from another address is not affected ...
        assert post_login(client, owner.email, password, "192.0.2.44").status_code == 302


def test_address_limit_covers_many_accounts_and_says_so(
    client, db, settings, throttle_cache, behind_proxy
):
    settings.LOGIN_FAILURES_PER_ADDRESS = 5
    with time_machine.travel("2026-01-01 09:00:00Z", tick=False):
        for i in range(5):
            assert (
                post_login(client, f"spray{i}@example.com", "x", "203.0.113.5").status_code == 200
            )
        response = post_login(client, "fresh@example.com", "x", "203.0.113.5")
        assert response.status_code == 429
        assert "from your network, to any account" in response.content.decode()
        # Another address is a different counter.
        assert post_login(client, "fresh@example.com", "x", "192.0.2.44").status_code == 200


def test_windows_are_fixed_they_do_not_slide(
    client, owner, password, settings, throttle_cache, behind_proxy
):
    limit = settings.LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS
    with time_machine.travel("2026-01-01 09:14:00Z", tick=False) as traveller:
        for i in range(limit):
            assert post_login(client, owner.email, f"typo-{i}", "203.0.113.5").status_code == 200
        assert post_login(client, owner.email, password, "203.0.113.5").status_code == 429
        # 09:15:00: a new window, although the last failure was seconds ago.
        traveller.move_to("2026-01-01 09:15:00Z")
        for i in range(limit):
            assert post_login(client, owner.email, f"typo2-{i}", "203.0.113.5").status_code == 200
        assert post_login(client, owner.email, password, "203.0.113.5").status_code == 429
        # And typos spread over the window do not carry over into the next one.
        traveller.move_to("2026-01-01 09:30:00Z")
        assert post_login(client, owner.email, password, "203.0.113.5").status_code == 302


def test_refused_attempts_are_not_counted(client, owner, settings, throttle_cache):
    """Hammering on after a refusal counts nowhere: not against the address either."""
    settings.LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS = 2
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    url = reverse("account_login")
    with time_machine.travel(WINDOW_START, tick=False):
        for _ in range(2):
            assert client.post(url, {"login": owner.email, "password": "bad"}).status_code == 200
        # (20: allauth's own limit on sign-in requests, 30 a minute per address, stays clear)
        for _ in range(20):
            assert client.post(url, {"login": owner.email, "password": "bad"}).status_code == 429
        # The address has used 2 of its 3: one more failure elsewhere, then the limit.
        assert client.post(url, {"login": "b@example.com", "password": "x"}).status_code == 200
        response = client.post(url, {"login": "c@example.com", "password": "x"})
        assert response.status_code == 429
        assert "to any account" in response.content.decode()


def test_successful_logins_give_their_attempt_back(client, db, settings, throttle_cache):
    """An office behind one address: 60 people signing in do not use up its limit."""
    from tests.factories import UserFactory

    settings.LOGIN_FAILURES_PER_ADDRESS = 50
    users = UserFactory.create_batch(60, password="office-pass-123")
    url = reverse("account_login")
    # Three seconds apart (allauth's own limit is 30 sign-in requests a minute per
    # address), all inside one 15-minute window.
    with time_machine.travel(WINDOW_START, tick=False) as traveller:
        for user in users:
            response = client.post(url, {"login": user.email, "password": "office-pass-123"})
            assert response.status_code == 302
            client.post(reverse("account_logout"))
            traveller.shift(3)
        for i in range(50):
            response = client.post(url, {"login": f"typo{i}@example.com", "password": "x"})
            assert response.status_code == 200
            traveller.shift(3)
        response = client.post(url, {"login": "x@example.com", "password": "x"})
        assert response.status_code == 429
        assert "to any account" in response.content.decode()


# ---------------------------------------------------------------- no lock-out


def test_attackers_elsewhere_cannot_keep_the_owner_out(
    client, owner, password, settings, throttle_cache, behind_proxy
):
    home = "192.0.2.10"
    with time_machine.travel("2026-01-01 08:00:00Z", tick=False):
        assert post_login(client, owner.email, password, home).status_code == 302
        client.post(reverse("account_logout"))
    with time_machine.travel(WINDOW_START, tick=False):
        # One attacker sprays 60 random emails; a botnet of 25 addresses spends the
        # account's whole hourly allowance (100) and more on the owner's account.
        for i in range(60):
            post_login(client, f"random{i}@example.com", "guess", "203.0.113.66")
        for bot in range(25):
            for guess in range(5):
                post_login(client, owner.email, f"guess-{guess}", f"198.18.0.{bot + 1}")
        # The botnet is now refused everywhere but at the owner's home ...
        response = post_login(client, owner.email, "guess-x", "198.18.1.1")
        assert response.status_code == 429
        assert "from other places" in response.content.decode()
        assert post_login(client, owner.email, password, "198.18.1.2").status_code == 429
        # ... where the owner, even after a few typos of their own, gets in.
        assert post_login(client, owner.email, "typo", home).status_code == 200
        assert post_login(client, owner.email, password, home).status_code == 302


def test_a_password_reset_lets_the_owner_in_from_a_new_address(
    client, owner, password, settings, throttle_cache, behind_proxy
):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    cafe = "192.0.2.77"
    with time_machine.travel(WINDOW_START, tick=False):
        for bot in range(3):
            post_login(client, owner.email, "guess", f"198.18.0.{bot + 1}")
        assert post_login(client, owner.email, password, cafe).status_code == 429
        request = RequestFactory().post("/", HTTP_X_FORWARDED_FOR=cafe)
        throttle.trust(request, owner.email)  # what the reset confirmation view does
        assert post_login(client, owner.email, password, cafe).status_code == 302


def test_unknown_and_known_emails_get_the_same_answer(client, owner, settings, throttle_cache):
    answers = []
    with time_machine.travel(WINDOW_START, tick=False):
        for email in (owner.email, "nobody@example.com"):
            for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS):
                client.post(reverse("account_login"), {"login": email, "password": "x"})
            response = client.post(reverse("account_login"), {"login": email, "password": "x"})
            answers.append((response.status_code, response.context["form"].non_field_errors()))
    assert answers[0] == answers[1]
    assert answers[0][0] == 429


# ---------------------------------------------------------------- atomic check and count


def test_record_failure_without_check_counts(settings, throttle_cache):
    settings.LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS = 3
    with time_machine.travel(WINDOW_START, tick=False):
        for _ in range(3):
            throttle.record_failure(RequestFactory().post("/"), "A@Example.com")
        refusal = throttle.check(RequestFactory().post("/"), "a@example.com")
    assert refusal is not None
    assert refusal.scope == throttle.ACCOUNT_AND_ADDRESS


@pytest.mark.django_db(transaction=True)
def test_concurrent_attempts_never_pass_the_limit(settings, throttle_cache):
    """30 attempts at once against a limit of 10: exactly 10 may check a password."""
    if throttle_cache == "database" and connection.vendor == "sqlite":
        pytest.skip(
            "SQLite's in-memory test database answers concurrent writers with "
            "'table is locked' whatever the timeout; the database cache runs on PostgreSQL"
        )
    settings.LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS = 10
    barrier = threading.Barrier(30)
    allowed = []
    errors = []

    def attempt():
        try:
            barrier.wait()
            if throttle.check(RequestFactory().post("/"), "target@example.com") is None:
                allowed.append(1)
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert len(allowed) == 10
