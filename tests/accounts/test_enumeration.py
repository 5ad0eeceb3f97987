"""Known and unknown addresses look the same from outside: answers, timing, rate limits."""

import statistics
import time

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse

from accounts.task_backends import wait_for_tasks


def timed_post(client, url, data) -> float:
    start = time.perf_counter()
    response = client.post(url, data)
    elapsed = time.perf_counter() - start
    assert response.status_code == 302
    return elapsed


class VerySlowMailer(EmailBackend):
    """A mail server that takes a whole second per message."""

    def send_messages(self, messages):
        time.sleep(1.0)
        return super().send_messages(messages)


# Real commits (transaction=True): the background backend starts its threads on commit.
@pytest.mark.django_db(transaction=True)
def test_reset_and_sign_up_do_not_wait_for_the_mail_server(client, owner, settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.accounts.test_enumeration.VerySlowMailer"}}
    settings.TASKS = {"default": {"BACKEND": "accounts.task_backends.ThreadBackend"}}
    signup = {"password1": "a-long-unusual-pass-42", "password2": "a-long-unusual-pass-42"}
    requests = [
        (reverse("account_reset_password"), {"email": owner.email}),
        (reverse("account_reset_password"), {"email": "nobody@example.com"}),
        (reverse("account_signup"), {"email": owner.email, **signup}),
        (reverse("account_signup"), {"email": "new-person@example.com", **signup}),
    ]
    for url, data in requests:
        client.cookies.clear()
        # Far below the mailer's second, known address or not: the mail leaves afterwards.
        assert timed_post(client, url, data) < 0.8, (url, data["email"])
    wait_for_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [owner.email, "nobody@example.com", owner.email, "new-person@example.com"]
    )


def test_reset_is_rate_limited_per_address_without_telling_known_from_unknown(client, owner):
    url = reverse("account_reset_password")
    for email in (owner.email, "nobody@example.com"):
        statuses = [client.post(url, {"email": email}).status_code for _ in range(4)]
        assert statuses == [302, 302, 302, 429], (email, statuses)
    # 3 messages per address, whether or not it has an account.
    assert [m.to[0] for m in mail.outbox].count(owner.email) == 3
    assert [m.to[0] for m in mail.outbox].count("nobody@example.com") == 3


def test_sign_up_is_rate_limited_per_client(client, db, settings):
    url = reverse("account_signup")
    statuses = []
    for n in range(11):
        client.cookies.clear()
        statuses.append(
            client.post(
                url,
                {
                    "email": f"bulk-{n}@example.com",
                    "password1": "a-long-unusual-pass-42",
                    "password2": "a-long-unusual-pass-42",
                },
            ).status_code
        )
    assert statuses[:10] == [302] * 10 and statuses[10] == 429


def test_verification_resend_is_limited_to_one_per_address_every_few_minutes(client, db):
    from tests.factories import UnverifiedUserFactory

    user = UnverifiedUserFactory(password="a-long-unusual-pass-42")
    client.force_login(user)
    from tests.accounts.helpers import mark_recently_authenticated

    mark_recently_authenticated(client, user)
    url = reverse("account_email")
    for _ in range(3):
        client.post(url, {"action_send": "", "email": user.email})
    assert [m.to for m in mail.outbox] == [[user.email]]


def test_sign_in_requests_are_rate_limited_per_client(client, owner, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    url = reverse("account_login")
    statuses = [
        client.post(url, {"login": f"x{n}@example.com", "password": "x"}).status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


class SlowMailer(EmailBackend):
    """A mail server that takes a quarter of a second per message."""

    def send_messages(self, messages):
        time.sleep(0.25)
        return super().send_messages(messages)


def typical_times(client, url, cases: dict[str, dict], rounds: int) -> dict[str, float]:
    """Seconds per case: the mean of the fastest half (what the work costs; the slow half
    is the machine doing something else), the cases interleaved so load hits both alike."""
    times = {name: [] for name in cases}
    for _ in range(rounds):
        for name, data in cases.items():
            client.cookies.clear()
            times[name].append(timed_post(client, url, data))
    return {
        name: statistics.fmean(sorted(values)[: len(values) // 2]) for name, values in times.items()
    }


@pytest.mark.django_db(transaction=True)
def test_reset_takes_the_same_time_for_known_and_unknown_addresses(client, owner, settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.accounts.test_enumeration.SlowMailer"}}
    settings.TASKS = {"default": {"BACKEND": "accounts.task_backends.ThreadBackend"}}
    settings.ACCOUNT_RATE_LIMITS = False  # 2 x 15 resets: the limit is tested above
    cache.clear()
    times = typical_times(
        client,
        reverse("account_reset_password"),
        {"known": {"email": owner.email}, "unknown": {"email": "nobody@example.com"}},
        rounds=20,
    )
    wait_for_tasks()
    assert abs(times["known"] - times["unknown"]) < 0.005, times
    assert len(mail.outbox) == 40  # one message per request, known address or not


class CountingHasher(MD5PasswordHasher):
    """The suite's fast hasher, counting its hashes: production's hasher takes tens of
    milliseconds per hash, so a path that hashes once less answers that much sooner."""

    hashes = 0

    def encode(self, password, salt):
        CountingHasher.hashes += 1
        return super().encode(password, salt)


def test_sign_up_hashes_a_password_for_known_and_unknown_addresses_alike(client, owner, settings):
    settings.PASSWORD_HASHERS = ["tests.accounts.test_enumeration.CountingHasher"]
    password = {"password1": "a-long-unusual-pass-42", "password2": "a-long-unusual-pass-42"}
    hashes = {}
    for name, email in (("known", owner.email), ("unknown", "new-person@example.com")):
        client.cookies.clear()
        CountingHasher.hashes = 0
        response = client.post(reverse("account_signup"), {"email": email, **password})
        assert response.status_code == 302
        hashes[name] = CountingHasher.hashes
    # The unknown address gets a new account with a hashed password; the known one gets
    # the same work done and thrown away (AccountAdapter.send_account_already_exists_mail).
    assert hashes == {"known": 1, "unknown": 1}
