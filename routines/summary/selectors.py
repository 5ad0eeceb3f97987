"""The printable summary's data, gathered in a fixed number of queries."""

from datetime import date, timedelta

from routines.dayplan import rules as dayplan
from routines.dayplan.selectors import live_routines, load_plan
from routines.models import AvoidedIngredient, PatchTest, Procedure, Profile, SkinLog
from routines.shelf.selectors import monthly_totals, shelf_queryset, shelf_rows
from routines.summary.rules import MEASURES, direction, weekly_averages


def build_summary(user, start: date, end: date, today: date) -> dict:
    """The printable summary: the routine as the day plan has it today (due, paused, held),
    safety history, shelf, cost and skin trend."""
    data = load_plan(user, Profile.for_user(user).zone)
    plan = data.day(today)
    routines = list(live_routines(user))
    for step in data.steps:
        # "Alternates with …" in the How often column names the partner: read it from the
        # plan's own steps rather than one query per step.
        if step.alternate_with_id in data.by_pk:
            step.alternate_with = data.by_pk[step.alternate_with_id]
    sections = [
        {
            "routine": routine,
            "rows": [
                (data.by_pk[e.step.pk], e)
                for e in plan.entries
                if e.step.routine_id == routine.pk and e.state != dayplan.ENDED
            ],
        }
        for routine in routines
    ]
    rows = shelf_rows(
        user, today, shelf_queryset(user).exclude(status__in=["finished", "discarded"])
    )
    products = {}
    for section in sections:
        for step, _ in section["rows"]:
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
        "routines": sections,
        "plan": plan,
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
