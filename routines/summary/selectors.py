"""The printable summary's data, gathered in a fixed number of queries."""

from datetime import date, timedelta

from django.db.models import Prefetch

from routines.models import AvoidedIngredient, PatchTest, Procedure, Routine, SkinLog, Step
from routines.shelf.selectors import monthly_totals, shelf_queryset, shelf_rows
from routines.summary.rules import MEASURES, direction, weekly_averages


def build_summary(user, start: date, end: date, today: date) -> dict:
    routines = list(
        Routine.objects.filter(user=user, is_active=True).prefetch_related(
            Prefetch(
                "steps",
                # The partner names "Alternates with …" in the How often column.
                queryset=Step.objects.select_related(
                    "product__brand", "alternate_with__product__brand"
                ).order_by("position", "pk"),
            )
        )
    )
    rows = shelf_rows(
        user, today, shelf_queryset(user).exclude(status__in=["finished", "discarded"])
    )
    products = {}
    for routine in routines:
        for step in routine.steps.all():
            if step.product_id:
                products[step.product_id] = step.product
    for row in rows:
        if row.item.product_id:
            products[row.item.product_id] = row.item.product
    logs = list(
        SkinLog.objects.filter(user=user, date__gte=start, date__lte=end).values_list(
            "date", "redness", "dryness", "irritation"
        )
    )
    weeks = weekly_averages(logs, start)
    totals, unknown_cost = monthly_totals(rows)
    procedures = [
        {"procedure": p, "window_ends": p.date + timedelta(days=p.recovery_days)}
        for p in Procedure.objects.filter(user=user).order_by("-date", "-pk")
    ]
    return {
        "patch_tests": list(PatchTest.objects.filter(user=user).order_by("-started_at", "-pk")),
        "procedures": procedures,
        "routines": routines,
        "products": sorted(products.values(), key=str),
        "shelf_rows": rows,
        "totals": totals,
        "unknown_cost": unknown_cost,
        "avoided": list(AvoidedIngredient.objects.filter(user=user).select_related("ingredient")),
        "period_start": start,
        "period_end": end,
        "days_logged": len(logs),
        "weeks": weeks,
        "directions": {m: direction(weeks, m) for m in MEASURES},
        "today": today,
    }
