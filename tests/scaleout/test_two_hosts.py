"""Scale-out: two app hosts behind one load balancer, one PostgreSQL, one Redis, two senders.

Each "host" is a `git clone` of this checkout in a temporary directory with its own
`var/` (its own collected static files), serving production settings with gunicorn on
its own loopback port; both use one PostgreSQL database and one Redis database, and each
runs its own `send_reminders --loop` into one SMTP sink (bench/smtp_sink.py). The load
balancer is simulated: the test picks the host for each request and, as the proxy would,
sends the client's address in X-Forwarded-For (TRUSTED_PROXY_COUNT=1).

Runs as its own CI step (.ci/run), because it needs PostgreSQL, Redis and about two
minutes: SCALEOUT=1 with SCALEOUT_DATABASE_PREFIX (a PostgreSQL database name prefix the
test may create and drop) and SCALEOUT_REDIS_URL (a Redis database the test may empty).
It needs every change committed: the hosts are clones of HEAD.
"""

from __future__ import annotations

import html
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.parse
from collections import Counter
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

from routines.reminders.sender import MARK_EVERY

pytestmark = [
    pytest.mark.scaleout,
    pytest.mark.skipif(
        os.environ.get("SCALEOUT") != "1",
        reason="the scale-out test runs in its own CI step (.ci/run sets SCALEOUT=1, "
        "SCALEOUT_DATABASE_PREFIX and SCALEOUT_REDIS_URL)",
    ),
]

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
PASSWORD = "scale-out-passphrase-42"
LEASE_SECONDS = 3  # short, so a killed sender's reminders come back within the test
REMINDERS = 10_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Sink:
    """bench/smtp_sink.py in its own process; what arrived is read from its log file."""

    def __init__(self, log: Path):
        self.log = log
        self.port = free_port()
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and script
            [
                sys.executable,
                str(ROOT / "bench" / "smtp_sink.py"),
                "--port",
                str(self.port),
                "--log",
                str(log),
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the SMTP sink did not start"
                time.sleep(0.1)

    @property
    def received(self) -> list[tuple[float, str, str, str]]:
        """(arrival, Message-ID, reminder id, recipient) per message, in arrival order."""
        if not self.log.exists():
            return []
        rows = []
        for line in self.log.read_text().splitlines():
            parts = line.split(" ")
            if len(parts) == 4:
                rows.append((float(parts[0]), parts[1], parts[2], parts[3]))
        return rows

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


# ---------------------------------------------------------------- the cluster


class Host:
    def __init__(self, name: str, checkout: Path, env: dict):
        self.name, self.checkout, self.env = name, checkout, env
        self.port = free_port()
        self.server: subprocess.Popen | None = None
        self.sender: subprocess.Popen | None = None

    def run(self, *args: str, timeout: int = 300) -> str:
        result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, "manage.py", *args],
            cwd=self.checkout,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        assert result.returncode == 0, f"{self.name}: manage.py {args[0]}: {result.stderr}"
        return result.stdout

    def python(self, code: str) -> str:
        return self.run("shell", "-v", "0", "-c", textwrap.dedent(code))

    def start_server(self) -> None:
        log = open(self.checkout / "var" / "gunicorn.log", "w")  # noqa: SIM115
        self.server = subprocess.Popen(  # noqa: S603
            [
                str(VENV_BIN / "gunicorn"),
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
                "--threads",
                "2",
            ],
            cwd=self.checkout,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_serving(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.server.poll() is None, (self.checkout / "var" / "gunicorn.log").read_text()
            try:
                conn = HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
                if conn.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"{self.name} did not start serving")

    def start_sender(self) -> None:
        self.sender = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "send_reminders", "--loop", "--sleep", "1"],
            cwd=self.checkout,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=open(self.checkout / "var" / "sender.log", "a"),  # noqa: SIM115
        )

    def stop_sender(self) -> None:
        if self.sender and self.sender.poll() is None:
            self.sender.terminate()  # SIGTERM: finishes the reminder in hand
            self.sender.wait(30)
        self.sender = None

    def stop(self) -> None:
        for process in (self.sender, self.server):
            if process and process.poll() is None:
                process.terminate()
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(5)
        self.sender = self.server = None


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    prefix = os.environ.get("SCALEOUT_DATABASE_PREFIX", "cellwise_scaleout")
    redis_url = os.environ["SCALEOUT_REDIS_URL"]
    database = f"{prefix}_{os.getpid()}"
    work = tmp_path_factory.mktemp("scaleout")
    sink = Sink(work / "sink.log")

    import redis

    redis.Redis.from_url(redis_url).flushdb()
    subprocess.run(["dropdb", "--if-exists", database], check=True, capture_output=True)  # noqa: S603, S607
    subprocess.run(["createdb", database], check=True)  # noqa: S603, S607
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "EMAIL_", "SQLITE_"))
    }
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SITE_URL="https://cellwise.example.com",
        DATABASE_URL=f"postgres:///{database}",
        REDIS_URL=redis_url,
        TRUSTED_PROXY_COUNT="1",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(sink.port),
        EMAIL_USE_TLS="0",
        REMINDER_CLAIM_LEASE_SECONDS=str(LEASE_SECONDS),
        PYTHONUNBUFFERED="1",
    )
    hosts = []
    for name in ("a", "b"):
        checkout = work / f"host-{name}"
        subprocess.run(  # noqa: S603
            ["git", "clone", "--quiet", str(ROOT), str(checkout)],  # noqa: S603, S607
            check=True,
        )
        (checkout / "var").mkdir()
        hosts.append(Host(name, checkout, env))
    a, b = hosts
    try:
        a.run("migrate", "--noinput", "-v", "0", timeout=600)
        for host in hosts:
            host.run("collectstatic", "--noinput", "-v", "0")
            host.start_server()
        for host in hosts:
            host.wait_until_serving()
        yield a, b, sink
    finally:
        for host in hosts:
            host.stop()
        sink.stop()
        subprocess.run(["dropdb", "--if-exists", database], check=False)  # noqa: S603, S607


# ---------------------------------------------------------------- a browser, by hand


class Browser:
    """Cookies kept by hand (the site's are Secure and __Host-, sent here over http)."""

    def __init__(self, address: str):
        self.address = address
        self.cookies: dict[str, str] = {}
        self.headers = None  # the last response's

    def request(self, host: Host, method: str, path: str, data: dict | None = None):
        headers = {
            "Host": "127.0.0.1",
            "X-Forwarded-For": self.address,
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = HTTPConnection("127.0.0.1", host.port, timeout=30)
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode()
        self.headers = response.headers
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, text

    def get(self, host, path):
        return self.request(host, "GET", path)

    def post_form(self, host, path, data, *, token_from: str | None = None):
        """POST with the CSRF token of the form on `token_from` (default: the same path)."""
        status, page = self.get(host, token_from or path)
        assert status == 200, (status, token_from or path)
        return self.request(host, "POST", path, {**data, "csrfmiddlewaretoken": csrf(page)})

    def log_in(self, host, email, password=PASSWORD):
        return self.post_form(host, "/accounts/login/", {"login": email, "password": password})


def csrf(page: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert match, "no CSRF token on the page"
    return html.unescape(match.group(1))


def make_user(host: Host, email: str, *, with_routine: bool = False) -> int:
    out = host.python(
        f"""
        import datetime as dt
        from django.contrib.auth import get_user_model
        from routines.models import Profile, Routine, Step
        from allauth.account.models import EmailAddress
        user = get_user_model().objects.create_user({email!r}, {email!r}, {PASSWORD!r})
        EmailAddress.objects.create(user=user, email={email!r}, verified=True, primary=True)
        Profile.objects.get_or_create(user=user)
        step_pk = 0
        if {with_routine!r}:
            routine = Routine.objects.create(user=user, name="Morning", period="AM")
            step = Step.objects.create(
                routine=routine, custom_name="Gentle cleanser", kind="cleanser",
                start_date=dt.date.today() - dt.timedelta(days=3),
            )
            step_pk = step.pk
        print(step_pk)
        """
    )
    return int(out.strip().splitlines()[-1])


# ---------------------------------------------------------------- sessions and state


def test_signing_out_on_b_refuses_the_cookie_on_a_at_once(cluster):
    a, b, _ = cluster
    make_user(a, "leaver@example.com")
    browser = Browser("203.0.113.10")
    status, _ = browser.log_in(a, "leaver@example.com")
    assert status == 302
    assert browser.get(b, "/routines/")[0] == 200  # the session is known on B
    stolen = dict(browser.cookies)
    status, _ = browser.post_form(b, "/accounts/logout/", {}, token_from="/routines/")
    assert status == 302
    replay = Browser("203.0.113.10")
    replay.cookies = stolen
    status, _ = replay.get(a, "/routines/")
    assert status == 302  # to the log-in page: the cookie is refused on A at once


def test_a_tick_on_a_shows_on_b_at_once(cluster):
    a, b, _ = cluster
    step_pk = make_user(a, "ticker@example.com", with_routine=True)
    browser = Browser("203.0.113.11")
    assert browser.log_in(b, "ticker@example.com")[0] == 302
    action = f'action="/routines/check/{step_pk}/"'

    def pressed(page):
        form = page[page.index(action) :]
        form = form[: form.index("</form>")]
        return 'aria-pressed="true"' in form

    status, page = browser.get(b, "/routines/")
    assert status == 200 and not pressed(page)  # B has now rendered Today once
    day = re.search(r'name="day" value="([0-9-]+)"', page[page.index(action) :]).group(1)
    status, _ = browser.post_form(
        a, f"/routines/check/{step_pk}/", {"status": "done", "day": day}, token_from="/routines/"
    )
    assert status == 302
    status, page = browser.get(b, "/routines/")
    assert status == 200 and pressed(page)


def test_an_edit_saved_on_a_shows_at_once_in_the_pages_b_has_stored(cluster):
    a, b, _ = cluster
    save = """
        from django.db import transaction
        from config.publicpages import public_content_changed
        from catalog.models import Product
        from tests.catalog.factories import ProductFactory
        with transaction.atomic():  # as PublicContentAdmin saves
            {change}
            public_content_changed()
        print(product.slug)
    """
    slug = a.python(save.format(change='product = ProductFactory(name="Stored serum")'))
    path = f"/catalog/{slug.strip().splitlines()[-1]}/"
    reader = Browser("203.0.113.12")
    for host in (b, b, a):
        status, page = reader.get(host, path)
        assert status == 200 and "Stored serum" in page
    assert reader.headers["Age"] is not None  # A served B's stored copy: one shared store
    a.python(
        save.format(
            change='product = Product.objects.get(name="Stored serum"); '
            'product.name = "Renamed serum"; product.save()'
        )
    )
    status, page = reader.get(b, path)
    assert status == 200 and "Renamed serum" in page and "Stored serum" not in page
    assert reader.headers["Age"] is None  # rendered again, not the old copy
    status, page = reader.get(a, path)
    assert "Renamed serum" in page and reader.headers["Age"] is not None


# ---------------------------------------------------------------- throttling


def test_failed_logins_alternating_between_hosts_hit_the_one_server_limit(cluster):
    a, b, _ = cluster
    make_user(a, "target@example.com")
    attacker = Browser("198.51.100.20")
    statuses = [
        attacker.log_in((a, b)[i % 2], "target@example.com", f"wrong-{i}")[0] for i in range(13)
    ]
    # LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS (10), the same as on one server.
    assert statuses == [200] * 10 + [429] * 3
    status, page = attacker.log_in(b, "target@example.com")
    assert status == 429 and "from your network" in page
    # The owner, elsewhere, is not affected.
    assert Browser("192.0.2.55").log_in(a, "target@example.com")[0] == 302


def test_sixty_failures_from_one_address_do_not_stop_a_user_elsewhere(cluster):
    a, b, _ = cluster
    make_user(a, "bystander@example.com")
    sprayer = Browser("198.51.100.99")
    statuses = [
        sprayer.log_in((a, b)[i % 2], f"random-{secrets.token_hex(4)}@example.com", "x")[0]
        for i in range(60)
    ]
    assert statuses == [200] * 50 + [429] * 10  # LOGIN_FAILURES_PER_ADDRESS (50)
    assert Browser("192.0.2.77").log_in(b, "bystander@example.com")[0] == 302


# ---------------------------------------------------------------- reminders


SEED = """
    import datetime as dt, json
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from routines.models import PatchTest, Profile, Reminder
    User = get_user_model()
    users = User.objects.bulk_create(
        [User(username=f"{tag}{{i}}@example.com", email=f"{tag}{{i}}@example.com")
         for i in range(100)]
    )
    Profile.objects.bulk_create([Profile(user=u) for u in users])
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users]
    )
    due = timezone.now()
    tests = PatchTest.objects.bulk_create(
        [PatchTest(user=u, product_name="Serum", started_at=due - dt.timedelta(hours=48))
         for u in users]
    )
    rows = Reminder.objects.bulk_create(
        [Reminder(user=users[i % 100], patch_test=tests[i % 100], kind="patch_read", due_at=due)
         for i in range({count})],
        batch_size=2000,
    )
    print(json.dumps({{"due": due.timestamp(), "ids": [r.pk for r in rows]}}))
"""


def seed_reminders(host: Host, tag: str, count: int = REMINDERS) -> tuple[float, set[str]]:
    import json

    out = host.python(SEED.format(tag=tag, count=count))
    seeded = json.loads(out.strip().splitlines()[-1])
    return seeded["due"], {str(pk) for pk in seeded["ids"]}


def arrivals(sink, ids):
    return [entry for entry in sink.received if entry[2] in ids]


def wait_for_all(sink, ids, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if {entry[2] for entry in arrivals(sink, ids)} >= ids:
            return
        time.sleep(0.1)
    missing = ids - {entry[2] for entry in arrivals(sink, ids)}
    raise AssertionError(f"{len(missing)} reminders never arrived")


def unsent(host: Host) -> int:
    out = host.python(
        "from routines.models import Reminder\nprint(Reminder.objects.filter(sent_at=None).count())"
    )
    return int(out.strip().splitlines()[-1])


def test_ten_thousand_reminders_through_two_senders_arrive_exactly_once(cluster):
    a, b, sink = cluster
    due, ids = seed_reminders(a, "once")
    started = time.time()
    a.start_sender()
    b.start_sender()
    try:
        wait_for_all(sink, ids, timeout=150)
        time.sleep(2 * LEASE_SECONDS)  # anything sent twice would have arrived by now
    finally:
        a.stop_sender()
        b.stop_sender()
    got = arrivals(sink, ids)
    per_reminder = Counter(reminder for _, _, reminder, _ in got)
    assert set(per_reminder.values()) == {1} and len(per_reminder) == REMINDERS
    message_ids = {message_id for _, message_id, _, _ in got}
    assert len(message_ids) == REMINDERS  # one stable Message-ID per reminder
    assert unsent(a) == 0
    elapsed = max(arrival for arrival, *_ in got) - started
    print(f"\n{REMINDERS} reminders, two senders: {elapsed:.1f}s ({REMINDERS / elapsed:.0f}/s)")
    assert min(arrival for arrival, *_ in got) >= due


def test_a_sender_killed_mid_run_loses_none_and_delays_none_past_a_minute(cluster):
    a, b, sink = cluster
    _, ids = seed_reminders(a, "kill")
    a.start_sender()
    b.start_sender()
    try:
        deadline = time.monotonic() + 120
        while len(arrivals(sink, ids)) < REMINDERS // 5:
            assert time.monotonic() < deadline, "the senders did not get going"
            time.sleep(0.1)
        os.kill(a.sender.pid, signal.SIGKILL)
        killed_at = time.time()
        a.sender.wait(10)
        a.sender = None
        before_kill = len({entry[2] for entry in arrivals(sink, ids)})
        assert before_kill < REMINDERS, "the run was over before the kill"
        # What was claimed and unsent just after the kill: the dead sender's batch (and
        # whatever the live one held at that moment).
        held = set(
            b.python(
                "from routines.models import Reminder\n"
                f"ids = {sorted(int(pk) for pk in ids)!r}\n"
                "print(' '.join(str(pk) for pk in Reminder.objects.filter(pk__in=ids, "
                "sent_at=None, claimed_at__isnull=False).values_list('pk', flat=True)))"
            )
            .strip()
            .splitlines()[-1]
            .split()
        )
        wait_for_all(sink, ids, timeout=150)
        time.sleep(2 * LEASE_SECONDS)
    finally:
        a.stop_sender()
        b.stop_sender()
    got = arrivals(sink, ids)
    per_reminder = Counter(reminder for _, _, reminder, _ in got)
    assert set(per_reminder) == ids  # none lost
    # At-least-once across a kill -9: what the killed sender had handed to SMTP but not
    # yet marked sent goes again, with the same Message-ID, so the receiving side can
    # drop it: at most the group the killed sender had not yet marked.
    ids_by_message = {}
    for _, message_id, reminder, _ in got:
        assert ids_by_message.setdefault(message_id, reminder) == reminder
    assert len(ids_by_message) == REMINDERS
    twice = sum(n - 1 for n in per_reminder.values())
    print(f"\nkill -9 at {before_kill} of {REMINDERS}: {twice} sent again with their Message-ID")
    assert twice <= MARK_EVERY + 1  # the unmarked group and the message in flight
    assert held, "nothing was held at the kill"
    first_arrival = {}
    for arrival, _, reminder, _ in got:
        first_arrival.setdefault(reminder, arrival)
    late = max(first_arrival[pk] for pk in held) - killed_at
    print(f"{len(held)} reminders held at the kill; the last of them arrived {late:.1f}s after")
    assert late < 60  # the crash delays none by more than a minute
    assert unsent(b) == 0
