"""Seed many users with long check-in histories and time Today and History.

Runs only against a throwaway database whose name contains "bench", e.g.

    DJANGO_DEBUG=1 DATABASE_URL=sqlite:///var/bench.sqlite3 \\
        .venv/bin/python bench/command.py bench_routines --users 10000 --days 730

It migrates that database, seeds it (unless it already holds the benchmark users; use
--reseed to start again), then requests each page for a random sample of users with the
in-process test client and prints median and 95th-percentile times.
"""

import datetime as dt
import random
import statistics
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from routines import schedule
from routines.models import CheckIn, Profile, Routine, SkinLog, Step

PREFIX = "bench-user-"
AM_STEPS = [("Cleanser", "cleanser", "daily"), ("Vitamin C", "antioxidant", "daily"),
            ("Sunscreen", "sunscreen", "daily")]  # fmt: skip
PM_STEPS = [("Cleanser", "cleanser", "daily"), ("Stem-cell serum", "biologic", "every_other_day"),
            ("Moisturiser", "moisturiser", "daily")]  # fmt: skip


class Command(BaseCommand):
    help = "Benchmark Today and History on a throwaway database (its name must contain 'bench')."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=10_000)
        parser.add_argument("--days", type=int, default=730)
        parser.add_argument("--sample", type=int, default=200, help="users timed per page")
        parser.add_argument("--reseed", action="store_true", help="delete and seed again")
        parser.add_argument("--seed-only", action="store_true")

    def handle(self, *args, **options):
        name = str(settings.DATABASES["default"]["NAME"])
        if "bench" not in name:
            raise CommandError(
                f"Refusing to seed {name!r}: point DATABASE_URL at a throwaway database whose "
                f"name contains 'bench' (e.g. sqlite:///var/bench.sqlite3)."
            )
        call_command("migrate", verbosity=0, interactive=False)
        User = get_user_model()
        existing = User.objects.filter(username__startswith=PREFIX).count()
        if options["reseed"] or existing != options["users"]:
            started = time.perf_counter()
            self.seed(options["users"], options["days"])
            self.stdout.write(f"Seeded in {time.perf_counter() - started:.0f} s")
        self.stdout.write(
            f"Database {name} ({connection.vendor}): "
            f"{User.objects.filter(username__startswith=PREFIX).count()} users, "
            f"{Step.objects.count()} steps, {CheckIn.objects.count()} check-ins, "
            f"{SkinLog.objects.count()} skin logs"
        )
        if not options["seed_only"]:
            self.time_pages(options["sample"])

    # Seeding -----------------------------------------------------------------------------

    def seed(self, users: int, days: int):
        User = get_user_model()
        with transaction.atomic():
            SkinLog.objects.all().delete()
            CheckIn.objects.all().delete()
            Step.objects.all().delete()
            Routine.objects.all().delete()
            Profile.objects.filter(user__username__startswith=PREFIX).delete()
            User.objects.filter(username__startswith=PREFIX).delete()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                # A throwaway file: trade crash safety for load speed.
                cursor.execute("PRAGMA synchronous=OFF")
                cursor.execute("PRAGMA cache_size=-512000")
        today = timezone.now().date()
        first = today - dt.timedelta(days=days)
        dates = [first + dt.timedelta(days=i) for i in range(days)]
        rng = random.Random(42)
        unusable = make_password(None)  # nobody logs in as a benchmark user
        probe = {kind: Step(schedule=kind, start_date=first) for _, _, kind in AM_STEPS + PM_STEPS}
        due_days = {
            kind: [d.isoformat() for d in dates if schedule.is_scheduled(step, d)]
            for kind, step in probe.items()
        }
        day_strings = [d.isoformat() for d in dates]
        batch = 500
        dropped = self.drop_checkin_indexes()
        for start in range(0, users, batch):
            count = min(batch, users - start)
            with transaction.atomic():
                made = User.objects.bulk_create(
                    User(
                        username=f"{PREFIX}{i}", email=f"{PREFIX}{i}@example.com", password=unusable
                    )
                    for i in range(start, start + count)
                )
                Profile.objects.bulk_create(Profile(user=u, timezone="Europe/London") for u in made)
                routines = Routine.objects.bulk_create(
                    Routine(user=u, name=name, period=period)
                    for u in made
                    for name, period in (("Morning", "am"), ("Evening", "pm"))
                )
                steps = Step.objects.bulk_create(
                    Step(routine=r, position=p, custom_name=n, kind=k, schedule=s, start_date=first)
                    for r in routines
                    for p, (n, k, s) in enumerate(AM_STEPS if r.period == "am" else PM_STEPS)
                )
                owner = {r.pk: r.user_id for r in routines}
                rows = []
                for step in steps:
                    user_id, step_id = owner[step.routine_id], step.pk
                    # Every step starts on the same day, so one due-list per schedule kind.
                    rows.extend(
                        (user_id, step_id, day)
                        for day in due_days[step.schedule]
                        if rng.random() < 0.9
                    )
                self.insert_checkins(rows)
                self.insert_skin_logs(
                    (user_id, day, rng.randint(0, 2), rng.randint(0, 2))
                    for user_id in [u.pk for u in made]
                    for day in day_strings
                    if rng.random() < 0.3
                )
            self.stdout.write(f"  {start + count} users seeded", ending="\r")
            self.stdout.flush()
        self.stdout.write("")
        with connection.cursor() as cursor:
            for sql in dropped:
                cursor.execute(sql)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def drop_checkin_indexes(self) -> list[str]:
        """SQLite loads far faster without secondary indexes; returns SQL to rebuild them."""
        if connection.vendor != "sqlite":
            return []
        table = CheckIn._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name=%s "
                "AND sql IS NOT NULL",
                [table],
            )
            indexes = cursor.fetchall()
            for name, _ in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
        return [sql for _, sql in indexes]

    def insert_skin_logs(self, rows):
        table = SkinLog._meta.db_table
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} (user_id, date, redness, dryness, irritation, note) "  # noqa: S608 - table name from model meta
                f"VALUES (%s, %s, %s, %s, 0, '')",
                list(rows),
            )

    def insert_checkins(self, rows):
        now = timezone.now()
        table = CheckIn._meta.db_table
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                columns = "(user_id, step_id, date, status, created_at)"
                with cursor.cursor.copy(f"COPY {table} {columns} FROM STDIN") as copy:
                    for user_id, step_id, day in rows:
                        copy.write_row((user_id, step_id, day, "done", now))
            else:
                stamp = now.isoformat()
                cursor.executemany(
                    f"INSERT INTO {table} (user_id, step_id, date, status, created_at) "  # noqa: S608 - table name from model meta
                    f"VALUES (%s, %s, %s, 'done', %s)",
                    [(u, s, d, stamp) for u, s, d in rows],
                )

    # Timing ------------------------------------------------------------------------------

    def time_pages(self, sample: int):
        User = get_user_model()
        ids = list(User.objects.filter(username__startswith=PREFIX).values_list("pk", flat=True))
        chosen = random.Random(7).sample(ids, min(sample, len(ids)))
        pages = {"Today": reverse("routines:today"), "History": reverse("routines:history")}
        timings = {label: [] for label in pages}
        cpu = {label: [] for label in pages}
        with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
            for pk in chosen:
                client = Client()
                client.force_login(User.objects.get(pk=pk))
                for label, url in pages.items():
                    started, started_cpu = time.perf_counter(), time.process_time()
                    response = client.get(url)
                    timings[label].append((time.perf_counter() - started) * 1000)
                    cpu[label].append((time.process_time() - started_cpu) * 1000)
                    if response.status_code != 200:
                        raise CommandError(f"{label} returned {response.status_code}")
        # Wall time includes waiting for the CPU and disk on a shared machine; CPU time is
        # this process's own work (Python + SQLite in-process; not PostgreSQL's server side).
        for label in pages:
            wall, own = sorted(timings[label]), sorted(cpu[label])
            self.stdout.write(
                f"{label}: wall median {statistics.median(wall):.1f} ms, p95 {_p95(wall):.1f} ms; "
                f"CPU median {statistics.median(own):.1f} ms, p95 {_p95(own):.1f} ms "
                f"over {len(wall)} users"
            )


def _p95(values: list[float]) -> float:
    return values[max(0, round(0.95 * len(values)) - 1)]
