"""Where a page's server time goes: queries, template rendering, the rest.

    bench/profile_render.py [--requests 30] [--page "catalog filtered"] [--cprofile 25]

Renders each page bench/run.sh measures through Django's test Client, in process, with the
production settings bench/server.sh uses (DEBUG off, so the cached template loader; no page
cache and no render cache, as run.sh's "no cache at all" table), against the database
bench/seed.py seeded: var/bench/site.sqlite3, or DATABASE_URL (its name must contain
"bench"). Seed it first (bench/run.sh does, or `bench/seed.py --out var/bench/targets.json`).

For each page it prints, in ms: the fastest request's wall time (`best`); then medians over
--requests requests of the wall time (`wall`), this process's CPU time (`cpu`, which other
load on a shared machine disturbs far less), the query count and their wall time (`q_ms`),
the CPU time of template rendering without the queries run from inside it (`tmpl`), and
the remaining CPU time (`python`: middleware, view, URL routing, the ORM building queries
and rows). `cpu` leaves out the database server's own time on PostgreSQL. --sql lists the
last request's queries with their times. --cprofile N prints the N most expensive functions
(by own and by cumulative time) over the pages chosen with --page, and saves the whole
profile in var/bench/profile.pstats (for `python -m pstats`).
"""

import argparse
import contextlib
import cProfile
import os
import pstats
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SQLITE_PATH", str(ROOT / "var" / "bench" / "site.sqlite3"))
os.environ["DJANGO_DEBUG"] = "0"
os.environ.setdefault("DJANGO_SECRET_KEY", "profile-" + secrets.token_urlsafe(32))
os.environ["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1"
os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
os.environ["PAGE_CACHE_SECONDS"] = "0"
os.environ["RENDER_CACHE_ENTRIES"] = "0"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.template.backends.django import Template  # noqa: E402
from django.test import Client  # noqa: E402

from bench import bench_routines  # noqa: E402
from bench.seed import bench_pages  # noqa: E402


class Timings:
    """Per-request counters filled by the query wrapper and the template patch: wall time
    (perf_counter) and this process's CPU time (process_time), which other load on a
    shared machine disturbs far less."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.queries = 0
        self.query_s = 0.0
        self.query_cpu = 0.0
        self.template_cpu = 0.0
        self.template_query_cpu = 0.0
        self.depth = 0
        self.log = []

    def __call__(self, execute, sql, params, many, context):
        start, start_cpu = time.perf_counter(), time.process_time()
        try:
            return execute(sql, params, many, context)
        finally:
            spent, spent_cpu = time.perf_counter() - start, time.process_time() - start_cpu
            self.queries += 1
            self.query_s += spent
            self.query_cpu += spent_cpu
            self.log.append((spent, sql))
            if self.depth:
                self.template_query_cpu += spent_cpu


@contextlib.contextmanager
def timed_templates(timings: Timings):
    """Time the outermost Template.render of each request (render() and partials)."""
    original = Template.render

    def render(self, context=None, request=None):
        timings.depth += 1
        start = time.process_time()
        try:
            return original(self, context, request)
        finally:
            timings.depth -= 1
            if not timings.depth:
                timings.template_cpu += time.process_time() - start

    Template.render = render
    try:
        yield
    finally:
        Template.render = original


def measure(client, url, requests, timings):
    """(fastest wall time, medians of the columns, response size) over `requests`."""
    rows = []
    for _ in range(3):  # warm: templates compiled, connection open
        client.get(url)
    for _ in range(requests):
        timings.reset()
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")
        template = timings.template_cpu - timings.template_query_cpu
        python = cpu - timings.query_cpu - template
        rows.append((wall, cpu, timings.queries, timings.query_s, template, python))
    best = min(row[0] for row in rows)
    medians = [statistics.median(column) for column in zip(*rows, strict=True)]
    return best, medians, len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--page", action="append", help="Only this page (label); repeatable.")
    parser.add_argument("--cprofile", type=int, default=0, metavar="N")
    parser.add_argument("--sql", action="store_true", help="List the last request's queries.")
    args = parser.parse_args()

    name = str(settings.DATABASES["default"]["NAME"])
    if "bench" not in name:
        sys.exit(f"Refusing {name!r}: its name must contain 'bench' (seed it with bench/seed.py).")
    users = get_user_model().objects.filter(username__startswith=bench_routines.PREFIX)
    user_count = users.count()
    if not user_count:
        sys.exit(f"{name} is not seeded: run bench/seed.py (or bench/run.sh) first.")
    pages = bench_pages()
    if args.page:
        pages = [page for page in pages if page[0] in args.page]
    anonymous = Client(HTTP_HOST="127.0.0.1")
    signed_in = Client(HTTP_HOST="127.0.0.1")
    signed_in.force_login(users.get(username=f"{bench_routines.PREFIX}{user_count // 2}"))

    timings = Timings()
    profile = cProfile.Profile() if args.cprofile else None
    print(f"{connection.vendor} {name}; {args.requests} requests per page; ms")
    columns = ("bytes", "best", "wall", "cpu", "queries", "q_ms", "tmpl", "python")
    print(f"{'page':<22} " + " ".join(f"{column:>7}" for column in columns))
    with connection.execute_wrapper(timings), timed_templates(timings):
        for label, url, needs_user in pages:
            client = signed_in if needs_user else anonymous
            if profile:
                profile.enable()
            best, (wall, cpu, queries, query_s, template, python), size = measure(
                client, url, args.requests, timings
            )
            if profile:
                profile.disable()
            ms = (f"{value * 1000:>7.1f}" for value in (best, wall, cpu))
            print(
                f"{label:<22} {size:>7} {' '.join(ms)} {queries:>7.0f} {query_s * 1000:>7.1f} "
                f"{template * 1000:>7.1f} {python * 1000:>7.1f}"
            )
            if args.sql:
                for spent, sql in timings.log:
                    shown = sql if os.environ.get("PROFILE_FULL_SQL") else sql[:160]
                    print(f"    {spent * 1000:6.2f} ms  {shown}")
    if profile:
        profile.dump_stats(ROOT / "var" / "bench" / "profile.pstats")
        stats = pstats.Stats(profile)
        stats.sort_stats("tottime").print_stats(args.cprofile)
        stats.sort_stats("cumulative").print_stats(args.cprofile)


if __name__ == "__main__":
    main()
