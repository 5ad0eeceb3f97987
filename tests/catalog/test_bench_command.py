"""The benchmark command runs end to end (tiny sizes; the real run is 10,000 products)."""

import io

import pytest
from django.core.management import CommandError, call_command

from bench.bench_catalog import Command as BenchCatalog


@pytest.mark.django_db
def test_bench_catalog_reports_median_and_p95():
    out = io.StringIO()
    # The test database is already a throwaway one; the real run creates its own.
    call_command(BenchCatalog(), products=30, requests=3, in_current_database=True, stdout=out)
    report = out.getvalue()
    assert "Seeded 30 products" in report
    assert "median" in report and "p95" in report
    assert "detail (random products)" in report


def test_bench_catalog_rejects_nonsense_sizes():
    with pytest.raises(CommandError):
        call_command(BenchCatalog(), products=0, stdout=io.StringIO())


@pytest.mark.django_db
def test_bench_import_reports_preview_and_import_times_and_keeps_nothing(settings):
    from bench.bench_import import Command as BenchImport
    from catalog.models import Brand, Product

    settings.DEBUG = True
    before = (Product.objects.count(), Brand.objects.count())
    out = io.StringIO()
    call_command(BenchImport(), rows=5, stdout=out)
    report = out.getvalue()
    assert "5 rows" in report and "preview" in report and "5 products created" in report
    assert "Rolled back" in report
    assert (Product.objects.count(), Brand.objects.count()) == before
