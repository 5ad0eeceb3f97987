"""Shelf read models: each item with its expiry, cost estimate and avoid flags.

Glue between the ORM and the pure rules in routines/shelf.py. Callers fetch rows with
`shelf_queryset()` (related rows joined) so the per-row work here issues no queries.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from catalog.models import without_search_vectors
from routines import schedule
from routines.avoid.selectors import flags_for_rows
from routines.models import ShelfItem, Step
from routines.ownproducts.selectors import key_for
from routines.shelf import rules as shelf


def step_predicate(step: Step):
    """`day -> bool` for a step, from the routine schedule engine; never due when paused."""
    if not step.routine.is_active:
        return lambda day: False
    return lambda day: schedule.is_scheduled(step, day)


def shelf_queryset(user):
    # alternate_with: the schedule engine reads the partner step of "alternate" steps.
    return without_search_vectors(
        ShelfItem.objects.filter(user=user).select_related(
            "product__brand", "step__routine", "step__alternate_with"
        ),
        "product",
    )


@dataclass(frozen=True)
class ShelfRow:
    item: ShelfItem
    expiry: date | None
    expiry_state: shelf.ExpiryState
    estimate: shelf.CostEstimate
    avoided: tuple[str, ...] = ()
    days_to_expiry: int | None = None

    @property
    def needs_fridge_note(self) -> bool:
        product = self.item.product
        return self.item.storage == ShelfItem.Storage.FRIDGE or bool(
            product and product.needs_refrigeration
        )


def build_row(item: ShelfItem, today: date, avoided: list[str] | None = None) -> ShelfRow:
    expiry = shelf.computed_expiry(
        item.printed_expiry, item.opened_on, item.pao_months, item.activated_on
    )
    estimate = shelf.estimate_cost(
        size_ml=item.size_ml,
        price_paid=item.price_paid,
        amount_override_ml=item.amount_per_use_ml,
        step_kind=item.step.kind if item.step_id else None,
        is_scheduled=step_predicate(item.step) if item.step_id else None,
        opened_on=item.opened_on,
        today=today,
        closed=item.is_closed,
    )
    return ShelfRow(
        item=item,
        expiry=expiry,
        expiry_state=shelf.expiry_state(expiry, today, closed=item.is_closed),
        estimate=estimate,
        avoided=tuple(avoided or ()),
        days_to_expiry=(expiry - today).days if expiry else None,
    )


def shelf_rows(user, today: date, items=None, *, with_flags=True) -> list[ShelfRow]:
    """Every shelf item of the user as a row, with avoid-list flags for catalog and own
    products alike. Queries: one for the items, one for the avoid-list, and up to five
    more when the list has entries, whatever the number of items (one with `with_flags` off)."""
    items = list(items if items is not None else shelf_queryset(user))
    flags = flags_for_rows(user, items) if with_flags else {}
    return [build_row(i, today, flags.get(key_for(i))) for i in items]


def rows_by_step(user, today: date) -> dict[int, list[ShelfRow]]:
    """Open shelf items grouped by the routine step they are used in (Today, the editor).

    One query and no avoid flags: pages that show steps flag the step's own product.
    """
    items = (
        shelf_queryset(user)
        .filter(step__isnull=False)
        .exclude(status__in=ShelfItem.CLOSED_STATUSES)
    )
    grouped: dict[int, list[ShelfRow]] = {}
    for row in shelf_rows(user, today, items, with_flags=False):
        grouped.setdefault(row.item.step_id, []).append(row)
    return grouped


@dataclass(frozen=True)
class MonthlyTotal:
    currency: str
    amount: Decimal


def monthly_totals(rows: list[ShelfRow]) -> tuple[list[MonthlyTotal], int]:
    """Known monthly costs summed per currency, and how many counted items have no cost."""
    by_currency: dict[str, list[shelf.CostEstimate]] = {}
    for row in rows:
        by_currency.setdefault(row.item.currency, []).append(row.estimate)
    totals, unknown = [], 0
    for currency, estimates in sorted(by_currency.items()):
        amount, missing = shelf.total_monthly_cost(estimates)
        unknown += missing
        if any(e.monthly_cost is not None for e in estimates):
            totals.append(MonthlyTotal(currency, amount))
    return totals, unknown


class ShelfReminder(StrEnum):
    EXPIRES_SOON = "expires_soon"
    EXPIRES_TODAY = "expires_today"
    REORDER = "reorder"


def shelf_reminder_plan(user, today: date) -> list[tuple[ShelfReminder, ShelfItem, date]]:
    """Local days on which each open item needs a reminder: 2 weeks before expiry, on the
    day, and a reorder nudge 2 weeks before it runs out. Feeds the reminders service."""
    items = shelf_queryset(user).exclude(status__in=ShelfItem.CLOSED_STATUSES)
    plan = []
    for row in shelf_rows(user, today, items):
        if row.expiry:
            before, on_day = shelf.expiry_reminder_dates(row.expiry)
            plan.append((ShelfReminder.EXPIRES_SOON, row.item, before))
            plan.append((ShelfReminder.EXPIRES_TODAY, row.item, on_day))
        if row.estimate.reorder_on:
            plan.append((ShelfReminder.REORDER, row.item, row.estimate.reorder_on))
    return plan
