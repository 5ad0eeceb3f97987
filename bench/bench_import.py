"""Time a staff import of N products through the admin: the preview (dry run) and the real
import, as an editor does it, with the query count of each.

    DJANGO_DEBUG=1 python bench/command.py bench_import [--rows 1000]

Everything happens inside one transaction that is rolled back at the end, so the database
is left as it was (a throwaway staff user and brands are made inside it too).
"""

import csv
import io
import time
from collections import deque
from html.parser import HTMLParser

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Brand, Product

COLUMNS = [
    "brand",
    "name",
    "source_type",
    "is_human_derived",
    "packaging",
    "size_ml",
    "price",
    "currency",
    "concerns",
    "ingredients",
]
LISTS = [
    "Aqua (Water), Glycerin, Sodium Hyaluronate, Niacinamide, Phenoxyethanol",
    "Aqua, Butylene Glycol, Retinol, Tocopherol, Parfum, Linalool",
    "Water/Aqua/Eau, Glycolic Acid, Panthenol, Allantoin, Xanthan Gum",
    "Aqua, Human Fibroblast Conditioned Media, Palmitoyl Tripeptide-1, Glycerin",
]


def products_csv(rows: int, brands: list[str], *, bad_rows: tuple[int, ...] = ()) -> bytes:
    """A product CSV the way an editor's spreadsheet would be; rows in `bad_rows` (1-based)
    carry a negative price, an unknown brand or an ingredient the dictionary lacks."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for n in range(1, rows + 1):
        row = {
            "brand": brands[n % len(brands)],
            "name": f"Imported serum {n}",
            "source_type": ["plant", "Human fibroblast conditioned media", "peptide_blend"][n % 3],
            "is_human_derived": ["", "yes", "no"][n % 3],
            "packaging": ["", "airless_pump", "Dual-chamber"][n % 3],
            "size_ml": ["30", "", "15"][n % 3],
            "price": ["", "89.00", "120"][n % 3],
            "currency": ["", "USD", "EUR"][n % 3],
            "concerns": "",
            "ingredients": LISTS[n % len(LISTS)],
        }
        if n in bad_rows:
            kind = bad_rows.index(n) % 3
            if kind == 0:
                row["price"], row["currency"] = "-5", "USD"
            elif kind == 1:
                row["brand"] = "No Such Brand Ltd"
            else:
                row["ingredients"] += ", Unicorn Tears"
        writer.writerow([row[c] for c in COLUMNS])
    return out.getvalue().encode()


def import_through_admin(client: Client, payload: bytes, name: str = "products.csv"):
    """Upload `payload` to the product import page (the preview), then confirm it when the
    preview allows. Returns (preview response, confirm response or None)."""
    preview = client.post(
        reverse("admin:catalog_product_import"),
        {"import_file": SimpleUploadedFile(name, payload, "text/csv"), "format": "0"},
    )
    data = confirm_data(preview.content.decode())
    if data is None:
        return preview, None
    confirmed = client.post(reverse("admin:catalog_product_process_import"), data)
    return preview, confirmed


CONFIRM_FIELDS = ("import_file_name", "original_file_name", "format", "resource")


class _HiddenInputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.values = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") == "hidden" and attrs.get("name") in CONFIRM_FIELDS:
            self.values[attrs["name"]] = attrs.get("value") or ""


def confirm_data(page: str) -> dict | None:
    """The confirm form's fields from a preview page; None when the page offers no confirm
    (the preview found errors)."""
    parser = _HiddenInputs()
    parser.feed(page)
    return parser.values if "import_file_name" in parser.values else None


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time a staff import of N products (preview, then the real import)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=1000)

    def handle(self, *args, rows, **options):
        if not settings.DEBUG:
            raise CommandError("Run with DJANGO_DEBUG=1: it needs the development database.")
        if rows < 1:
            raise CommandError("--rows must be at least 1.")
        try:
            with transaction.atomic():
                self.run(rows)
                raise Rollback
        except Rollback:
            self.stdout.write("Rolled back: nothing was kept.")

    def run(self, rows):
        # Count every query, not just the last 9,000 Django keeps by default.
        connection.queries_limit = 1_000_000
        connection.queries_log = deque(maxlen=connection.queries_limit)
        brands = [
            Brand.objects.create(name=f"Bench import brand {n}", slug=f"bench-import-brand-{n}")
            for n in range(10)
        ]
        staff = get_user_model().objects.create_superuser(
            username=f"bench-import-{time.time_ns()}", email="bench-import@example.com"
        )
        client = Client(HTTP_HOST="localhost")
        client.force_login(staff)
        payload = products_csv(rows, [b.name for b in brands])
        before = Product.objects.count()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            preview = client.post(
                reverse("admin:catalog_product_import"),
                {
                    "import_file": SimpleUploadedFile("bench.csv", payload, "text/csv"),
                    "format": "0",
                },
            )
            preview_seconds = time.perf_counter() - started
        preview_queries = len(queries)
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            client.post(
                reverse("admin:catalog_product_process_import"),
                confirm_data(preview.content.decode()),
            )
            import_seconds = time.perf_counter() - started
        created = Product.objects.count() - before
        self.stdout.write(
            f"{connection.vendor}: {rows} rows, {len(payload) / 1024:.0f} KiB CSV -> "
            f"preview {preview_seconds:.2f} s ({preview_queries} queries, "
            f"{len(preview.content) / 1024:.0f} KiB page), "
            f"import {import_seconds:.2f} s ({len(queries)} queries), {created} products created"
        )
