"""Benchmark the catalog's list and detail views against a large, throwaway catalog.

    DJANGO_DEBUG=1 python bench/command.py bench_catalog [--products 10000] [--requests 200]

The data goes into a fresh throwaway database created the way the test runner does it:
a temporary SQLite file by default, or a test_<name> database on the server that
DATABASE_URL points at. The development database is never touched, and the throwaway one
is dropped at the end. Requests go through Django's test Client in-process, so the
figures are server time (URL routing, middleware, queries, template rendering) without
any network.
"""

import random
import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings

SCENARIOS = [
    ("list, no filters", "/catalog/"),
    (
        "list, filtered (concern + origin + price, sorted by price per ml)",
        "/catalog/?concern=post-procedure&origin=human&max_price=300&sort=price_per_ml",
    ),
    (
        "list, filtered and sorted by scorecard",
        "/catalog/?concern=post-procedure&origin=human&max_price=300&sort=score",
    ),
    ("list, every product sorted by scorecard (worst case)", "/catalog/?sort=score"),
    ("list, htmx fragment (vegan, page 3)", "/catalog/?vegan=on&page=3"),
]


class Command(BaseCommand):
    help = "Seed a throwaway database with many products and time the catalog views."

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=10_000)
        parser.add_argument("--requests", type=int, default=200, help="Requests per scenario.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--in-current-database",
            action="store_true",
            help="Use the current database as is. Only for tests, whose database is already "
            "a throwaway one.",
        )

    def handle(self, *args, **options):
        if options["products"] < 1 or options["requests"] < 1:
            raise CommandError("--products and --requests must be at least 1.")
        if options["in_current_database"]:
            self.run(options)
            return
        creation = connection.creation
        old_name = connection.settings_dict["NAME"]
        old_test = dict(connection.settings_dict.get("TEST") or {})
        with tempfile.TemporaryDirectory() as tmp:
            if connection.vendor == "sqlite":
                # A file rather than SQLite's default in-memory test database, so the
                # figures include real file I/O, like the site's own SQLite file.
                connection.settings_dict["TEST"] = {**old_test, "NAME": str(Path(tmp) / "b.db")}
            self.stdout.write(f"Creating a throwaway {connection.vendor} database…")
            creation.create_test_db(verbosity=0, autoclobber=True)
            try:
                self.run(options)
            finally:
                creation.destroy_test_db(old_name, verbosity=0)
                connection.settings_dict["TEST"] = old_test

    def run(self, options):
        rng = random.Random(options["seed"])
        started = time.perf_counter()
        slugs = seed_products(options["products"], rng)
        self.stdout.write(
            f"Seeded {options['products']:,} products in {time.perf_counter() - started:.1f} s "
            f"({connection.vendor})."
        )
        client = Client(HTTP_HOST="localhost")
        n = options["requests"]
        rows = []
        with override_settings(DEBUG=False):
            for label, url in SCENARIOS:
                headers = {"HTTP_HX_REQUEST": "true"} if "htmx" in label else {}
                rows.append((label, self.time_urls(client, [url] * n, headers)))
            details = [f"/catalog/{rng.choice(slugs)}/" for _ in range(n)]
            rows.append(("detail (random products)", self.time_urls(client, details, {})))
        self.stdout.write(f"\n{n} requests per scenario, server time in milliseconds:")
        self.stdout.write(f"{'scenario':<70} {'median':>8} {'p95':>8}")
        for label, (median, p95) in rows:
            self.stdout.write(f"{label:<70} {median:>8.1f} {p95:>8.1f}")

    def time_urls(self, client, urls, headers):
        for url in urls[:3]:  # warm caches (templates, connection)
            client.get(url, **headers)
        times = []
        for url in urls:
            start = time.perf_counter()
            response = client.get(url, **headers)
            times.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}")
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
        return statistics.median(times), p95


@transaction.atomic
def seed_products(count: int, rng: random.Random) -> list[str]:
    """Synthetic benchmark rows (never shown to readers): varied fields, 1–3 concerns each."""
    from catalog.models import Brand, Concern, Ingredient, Product

    brands = Brand.objects.bulk_create(
        [Brand(name=f"Bench brand {n}", slug=f"bench-brand-{n}") for n in range(200)]
    )
    concerns = list(Concern.objects.all())
    ingredients = list(Ingredient.objects.all())
    products = []
    for n in range(count):
        priced = rng.random() < 0.7
        products.append(
            Product(
                brand=rng.choice(brands),
                name=f"Bench serum {n}",
                slug=f"bench-serum-{n}",
                is_published=rng.random() < 0.95,
                source_type=rng.choice(Product.SourceType.values),
                is_human_derived=rng.random() < 0.6,
                concentration_disclosure=rng.choice(Product.Disclosure.values),
                contains_exosomes=rng.random() < 0.2,
                packaging=rng.choice(Product.Packaging.values),
                needs_refrigeration=rng.random() < 0.15,
                is_vegan=rng.random() < 0.25,
                evidence_level=rng.choice(Product.Evidence.values),
                clinician_backed=rng.random() < 0.4,
                size_ml=Decimal(rng.choice([15, 30, 50])) if priced else None,
                price=Decimal(rng.randint(40, 400)) if priced else None,
                profile="Synthetic benchmark product.",
            )
        )
    products = Product.objects.bulk_create(products, batch_size=1000)
    ProductConcern = Product.concerns.through
    ProductIngredient = Product.ingredients.through
    ProductConcern.objects.bulk_create(
        [
            ProductConcern(product_id=p.pk, concern_id=c.pk)
            for p in products
            for c in rng.sample(concerns, rng.randint(1, 3))
        ],
        batch_size=2000,
    )
    ProductIngredient.objects.bulk_create(
        [
            ProductIngredient(product_id=p.pk, ingredient_id=i.pk)
            for p in products
            for i in rng.sample(ingredients, rng.randint(1, 4))
        ],
        batch_size=2000,
    )
    # bulk_create skips save() and the admin: fill the stored sort and search columns.
    Product.objects.filter(slug__startswith="bench-serum-").refresh_derived()
    return [p.slug for p in products if p.is_published]
