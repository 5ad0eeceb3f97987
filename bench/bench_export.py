"""Measure the my-data export for a user with two years of daily data.

Creates a throwaway user (8 routine steps, a check-in per step per day, a skin log per
day, shelf and avoid-list rows), times `build_export_zip` and counts its queries, then
deletes the user again (timing that too). Development databases only.
"""

import datetime
import time
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from catalog.models import Ingredient
from routines.models import AvoidedIngredient, CheckIn, Routine, ShelfItem, SkinLog, Step
from routines.mydata.selectors import build_export_zip
from routines.mydata.services import delete_account


class Command(BaseCommand):
    help = "Time the my-data export (and deletion) for a user with N days of daily data."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=730)
        parser.add_argument("--steps", type=int, default=8)

    def handle(self, *args, days, steps, **options):
        if not settings.DEBUG:
            raise CommandError("Run with DJANGO_DEBUG=1: this writes throwaway rows.")
        user = self.seed(days, steps)
        rows = sum(
            m.objects.filter(**f).count()
            for m, f in [
                (CheckIn, {"user": user}),
                (SkinLog, {"user": user}),
                (Step, {"routine__user": user}),
                (ShelfItem, {"user": user}),
            ]
        )
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            payload = build_export_zip(user)
            export_seconds = time.perf_counter() - started
        started = time.perf_counter()
        delete_account(user)
        delete_seconds = time.perf_counter() - started
        self.stdout.write(
            f"{connection.vendor}: {days} days, {rows} rows -> export {export_seconds:.2f} s, "
            f"{len(queries)} queries, {len(payload) / 1024:.0f} KiB zip; "
            f"delete {delete_seconds:.2f} s"
        )

    @transaction.atomic
    def seed(self, days, steps):
        user = get_user_model().objects.create_user(
            username=f"bench-{time.time_ns()}@example.com", email="bench@example.com"
        )
        start = datetime.date.today() - datetime.timedelta(days=days)
        routines = [
            Routine.objects.create(user=user, name=name, period=period)
            for name, period in (("Morning", "am"), ("Evening", "pm"))
        ]
        step_rows = Step.objects.bulk_create(
            Step(
                routine=routines[n % 2],
                position=n,
                custom_name=f"Product {n}",
                kind=Step.Kind.OTHER,
                start_date=start,
            )
            for n in range(steps)
        )
        dates = [start + datetime.timedelta(days=n) for n in range(days)]
        CheckIn.objects.bulk_create(
            (CheckIn(user=user, step=s, date=d) for s in step_rows for d in dates),
            batch_size=2000,
        )
        SkinLog.objects.bulk_create(
            (SkinLog(user=user, date=d, redness=n % 4) for n, d in enumerate(dates)),
            batch_size=2000,
        )
        ShelfItem.objects.bulk_create(
            ShelfItem(
                user=user,
                custom_name=f"Bottle {n}",
                step=step_rows[n % steps],
                size_ml=Decimal("30"),
                price_paid=Decimal("50"),
            )
            for n in range(24)
        )
        AvoidedIngredient.objects.bulk_create(
            AvoidedIngredient(user=user, ingredient=i) for i in Ingredient.objects.all()[:5]
        )
        return user
