"""Benchmark: send N due reminders; report throughput (and peak memory in process).

    .venv/bin/python bench/send_reminders_bench.py --count 100000
    DATABASE_URL=postgres:///cellwise_safety .venv/bin/python bench/send_reminders_bench.py
    DATABASE_URL=postgres:///cellwise_bench .venv/bin/python bench/send_reminders_bench.py \
        --senders 2 --count 20000

Without --senders: one in-process `send_due` through the locmem mailer. With --senders N:
N `manage.py send_reminders` processes (production settings) send through SMTP into
bench/smtp_sink.py on 127.0.0.1, as the deployed senders do; the figure is reminders per
second from the first message to the last arriving at the sink (process start-up left
out; the wall time including it is printed too), and the sink checks that every reminder
arrived exactly once.

SQLite runs against a fresh temporary database file (migrated here). With DATABASE_URL the
named database is used and the benchmark's own rows are deleted afterwards. Peak memory is
the process's maximum resident set size (getrusage) and the Python-heap peak (tracemalloc,
only with --tracemalloc because it slows everything down). The locmem outbox is emptied after
each message so the figure is the sender's memory, not 100,000 kept emails.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def in_process(args):
    from django.core import mail
    from django.core.mail.backends.locmem import EmailBackend
    from django.db import connection

    from routines.reminders.sender import send_due

    class DrainingLocmem(EmailBackend):
        sent = 0

        def send_messages(self, messages):
            count = super().send_messages(messages)
            DrainingLocmem.sent += count
            mail.outbox.clear()
            return count

    if args.tracemalloc:
        tracemalloc.start()
    t0 = time.perf_counter()
    sent = send_due(connection=DrainingLocmem())
    elapsed = time.perf_counter() - t0
    peak_heap = tracemalloc.get_traced_memory()[1] if args.tracemalloc else None
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"database: {connection.vendor}")
    print(f"sent {sent} reminders ({DrainingLocmem.sent} emails) in {elapsed:.1f}s")
    print(f"throughput: {sent / elapsed:.0f} reminders/s")
    print(f"peak RSS: {rss / 1024:.0f} MiB")
    if peak_heap is not None:
        print(f"peak Python heap (tracemalloc): {peak_heap / 1024 / 1024:.1f} MiB")


def smtp_senders(args, *, seeded):
    import secrets
    import subprocess

    from smtp_sink import SmtpSink

    sink = SmtpSink().start()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.port),
        "EMAIL_USE_TLS": "0",
    }

    def cpu(who):
        usage = resource.getrusage(who)
        return usage.ru_utime + usage.ru_stime

    load = os.getloadavg()[0]
    children0, self0 = cpu(resource.RUSAGE_CHILDREN), cpu(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    senders = [
        subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, "manage.py", "send_reminders"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        for _ in range(args.senders)
    ]
    codes = [sender.wait(timeout=1800) for sender in senders]
    wall = time.perf_counter() - t0
    sink.wait_for(seeded, timeout=10)
    sink.stop()
    sender_cpu = cpu(resource.RUSAGE_CHILDREN) - children0
    sink_cpu = cpu(resource.RUSAGE_SELF) - self0  # the sink thread, mostly
    arrivals = [arrival for arrival, *_ in sink.received]
    ids = [reminder for _, _, reminder, _ in sink.received]
    span = max(arrivals) - min(arrivals) if arrivals else float("nan")
    from django.db import connection

    print(f"exit codes: {codes}")
    print()
    print("| database | senders | reminders | SMTP connections | first→last s | reminders/s |")
    print("|---|---|---|---|---|---|")
    print(
        f"| {connection.vendor} | {args.senders} | {len(ids)} | {sink.connections} "
        f"| {span:.2f} | {len(ids) / span:.0f} |"
    )
    print()
    print(f"wall time including process start-up: {wall:.2f}s ({len(ids) / wall:.0f}/s)")
    per = 1000 / max(1, len(ids))
    print(
        f"CPU per reminder: senders {sender_cpu * per:.2f} ms (with start-up), "
        f"sink {sink_cpu * per:.2f} ms; load average before the run: {load:.1f}"
    )
    print(f"exactly once: {len(set(ids)) == len(ids) == seeded}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument(
        "--senders", type=int, default=0, help="sender processes through SMTP (0: in process)"
    )
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    scratch = None
    if not os.environ.get("DATABASE_URL"):
        scratch = tempfile.TemporaryDirectory()
        os.environ["SQLITE_PATH"] = str(Path(scratch.name) / "bench.sqlite3")

    import django

    django.setup()
    import datetime as dt

    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from routines.models import PatchTest, Profile, Reminder

    if scratch:
        call_command("migrate", verbosity=0)
    settings.DEBUG = False  # no query log growing in memory

    User = get_user_model()
    # Due just now: rows more than an hour late are a backlog after downtime and collapse to
    # one per user and kind (routines.reminders.services.collapse_backlog), which would leave
    # the bench almost nothing to send.
    due = timezone.now() - dt.timedelta(minutes=1)
    t0 = time.perf_counter()
    users = User.objects.bulk_create(
        [
            User(username=f"bench{i}@example.com", email=f"bench{i}@example.com")
            for i in range(args.users)
        ],
        batch_size=1000,
    )
    Profile.objects.bulk_create([Profile(user=u) for u in users], batch_size=1000)
    # Reminders are only emailed to verified addresses (accounts.selectors).
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
        batch_size=1000,
    )
    tests = PatchTest.objects.bulk_create(
        [PatchTest(user=u, product_name="Bench serum", started_at=due) for u in users],
        batch_size=1000,
    )
    for start in range(0, args.count, 10_000):
        Reminder.objects.bulk_create(
            [
                Reminder(
                    user=users[i % args.users],
                    patch_test=tests[i % args.users],
                    kind="patch_read",
                    due_at=due,
                )
                for i in range(start, min(args.count, start + 10_000))
            ],
            batch_size=2000,
        )
    print(f"seeded {args.count} reminders in {time.perf_counter() - t0:.1f}s")

    if args.senders:
        smtp_senders(args, seeded=args.count)
    else:
        in_process(args)
    if not scratch:
        Reminder.objects.filter(user__in=users).delete()
        PatchTest.objects.filter(user__in=users).delete()
        EmailAddress.objects.filter(user__in=users).delete()
        User.objects.filter(pk__in=[u.pk for u in users]).delete()


if __name__ == "__main__":
    main()
