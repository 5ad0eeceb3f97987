"""Several sender processes at once: every reminder is sent exactly once, even after a crash.

Real OS processes, each with its own database connection, run `send_reminders` against
the same database. On PostgreSQL they use the test database (committed data, hence
transaction=True). The SQLite test database lives in memory and other processes cannot
open it, so the SQLite variant builds its own database file in a temporary directory
(migrated and seeded by a child process) and runs the senders against that: it checks
the same guarantee with the project's real SQLite settings (IMMEDIATE transactions, WAL).
"""

import os
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]
# The issue asks for 5,000 on PostgreSQL; SQLite proves the same guard with 1,000 so the
# default (SQLite) suite stays quick.
REMINDERS = {"postgresql": 5000, "sqlite": 1000}

SEED = textwrap.dedent(
    """
    import datetime as dt
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from routines.models import PatchTest, Profile, Reminder

    User = get_user_model()
    # Due just now: rows more than an hour late are a backlog after downtime and collapse
    # to one message per user and kind (routines.reminders.services.collapse_backlog);
    # this test is about each due row being claimed exactly once.
    due = timezone.now() - dt.timedelta(minutes=1)
    users = User.objects.bulk_create(
        [User(username=f"c{i}@example.com", email=f"c{i}@example.com") for i in range(50)]
    )
    Profile.objects.bulk_create([Profile(user=u) for u in users])
    # Confirmed addresses: reminders are only emailed to those (accounts.selectors).
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in users]
    )
    tests = PatchTest.objects.bulk_create(
        [PatchTest(user=u, product_name="Serum", started_at=due) for u in users]
    )
    Reminder.objects.bulk_create(
        [
            Reminder(user=users[i % 50], patch_test=tests[i % 50], kind="patch_read", due_at=due)
            for i in range({count})
        ],
        batch_size=1000,
    )
    """
)

SEND = textwrap.dedent(
    """
    from django.core.management import call_command
    from django.test.utils import override_settings

    with override_settings(
        MAILERS={{"default": {{"BACKEND": "tests.routines.mail_backends.AppendingBackend"}}}}
    ):
        {body}
    """
)

CRASH = textwrap.dedent(
    """
    import os, signal
    from routines.reminders import sender as reminders

    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)  # after the claim, before anything is sent

    reminders.send_email = die
    reminders.send_one({pk})
    """
)


def run_python(code: str, env: dict, *, wait=True):
    script = "import django\ndjango.setup()\n" + code
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    if not wait:
        return process
    out, err = process.communicate(timeout=300)
    return process.returncode, out, err


@pytest.fixture(params=["postgresql", "sqlite"])
def db_env(request, tmp_path, transactional_db):
    """Environment for child processes pointing at a database they can all open."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SENDER_LOG": str(tmp_path / "sent.log"),
        "PYTHONPATH": str(ROOT),
        "SENDER_TEST_COUNT": str(REMINDERS[request.param]),
    }
    if request.param == "postgresql":
        if connection.vendor != "postgresql":
            pytest.skip("PostgreSQL variant runs when DATABASE_URL points at PostgreSQL")
        s = connection.settings_dict
        auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "") if s["USER"] else ""
        host = (s["HOST"] or "") + (f":{s['PORT']}" if s["PORT"] else "")
        env["DATABASE_URL"] = f"postgres://{auth}{'@' if auth else ''}{host}/{s['NAME']}"
    else:
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(tmp_path / "senders.sqlite3")
        code, _, err = run_python(
            "from django.core.management import call_command\n"
            "call_command('migrate', verbosity=0)\n",
            env,
        )
        assert code == 0, err
    return env


def seed(env, count):
    code, _, err = run_python(SEED.replace("{count}", str(count)), env)
    assert code == 0, err


def sent_lines(env):
    path = Path(env["SENDER_LOG"])
    if not path.exists():
        return []
    return [line.split() for line in path.read_text().splitlines()]


def test_two_senders_send_each_reminder_exactly_once(db_env):
    count = int(db_env["SENDER_TEST_COUNT"])
    seed(db_env, count)
    body = "call_command('send_reminders')"
    senders = [run_python(SEND.format(body=body), db_env, wait=False) for _ in range(2)]
    for sender in senders:
        _, err = sender.communicate(timeout=600)
        assert sender.returncode == 0, err
    lines = sent_lines(db_env)
    per_reminder = Counter(reminder_id for reminder_id, _, _ in lines)
    assert len(per_reminder) == count
    assert set(per_reminder.values()) == {1}
    # Each went to its own user: 50 users × 100 reminders each.
    assert set(Counter(recipient for _, recipient, _ in lines).values()) == {count // 50}
    # Both processes took part (claims interleave), so the guard was really exercised.
    assert len({pid for _, _, pid in lines}) == 2
    unsent = run_python(
        "from routines.models import Reminder\n"
        "print(Reminder.objects.filter(sent_at=None).count())",
        db_env,
    )
    assert unsent[1].strip() == "0"


def test_sender_killed_after_claim_is_recovered_once(db_env):
    # A lease longer than this machine could take to start the next process, so "straight
    # away" below is true however loaded it is; time travel stands for the wait.
    db_env["REMINDER_CLAIM_LEASE_SECONDS"] = "600"
    seed(db_env, 50)
    first = run_python(
        "from routines.models import Reminder\nprint(Reminder.objects.order_by('pk').first().pk)",
        db_env,
    )[1].strip()
    code, _, _ = run_python(CRASH.format(pk=first), db_env)
    assert code == -9  # killed between claim and send
    # Straight away the claim is fresh: a pass leaves it alone (and sends the rest).
    body = "call_command('send_reminders')"
    code, _, err = run_python(SEND.format(body=body), db_env)
    assert code == 0, err
    assert first not in {rid for rid, _, _ in sent_lines(db_env)}
    # Once the lease has run out a later pass retries it, exactly once.
    later = textwrap.dedent(
        """
        import time_machine
        from django.utils import timezone
        from routines.reminders.selectors import claim_lease
        with time_machine.travel(timezone.now() + claim_lease() * 2, tick=False):
            call_command('send_reminders')
            call_command('send_reminders')
        """
    )
    code, _, err = run_python(SEND.format(body=later.replace("\n", "\n    ")), db_env)
    assert code == 0, err
    per_reminder = Counter(rid for rid, _, _ in sent_lines(db_env))
    assert per_reminder[first] == 1
    assert len(per_reminder) == 50 and set(per_reminder.values()) == {1}
