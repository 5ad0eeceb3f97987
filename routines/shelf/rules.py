"""Shelf arithmetic: expiry, cost per month and "runs out around".

Pure functions with no ORM access; callers pass dates, amounts and a schedule predicate
(`is_scheduled(day) -> bool`) so every rule is unit-testable without a database. Unknown
inputs give an unknown answer with the reason, never a guess.
"""

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

# 365.25 / 12: the length of an average month, so "per month" does not depend on which month.
AVERAGE_MONTH_DAYS = Decimal("30.4375")
# Expiry and reorder warnings start this many days ahead.
WARNING_DAYS = 14
# Looking further ahead than this for a "runs out" date is not useful; say "not within".
RUNS_OUT_HORIZON_DAYS = 3 * 366
# Window for averaging a schedule: 52 whole weeks, so weekday schedules average exactly.
SCHEDULE_WINDOW_DAYS = 364

# Rough starting amounts per application, in ml, by step kind. They are our own working
# estimates (a few drops of serum, a fingertip of cream), shown as such and editable per item.
DEFAULT_AMOUNT_ML = {
    "cleanser": Decimal("1.5"),
    "biologic": Decimal("0.3"),
    "hydrating": Decimal("0.3"),
    "antioxidant": Decimal("0.3"),
    "retinoid": Decimal("0.25"),
    "exfoliant": Decimal("0.5"),
    "moisturiser": Decimal("0.5"),
    "occlusive": Decimal("0.2"),
    "sunscreen": Decimal("1.2"),
    "other": Decimal("0.5"),
}
FALLBACK_AMOUNT_ML = Decimal("0.5")

CENT = Decimal("0.01")


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month end (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def computed_expiry(
    printed_expiry: date | None,
    opened_on: date | None,
    pao_months: int | None,
    activated_on: date | None = None,
) -> date | None:
    """Earliest of the printed expiry and (opened or activated) + period after opening.

    For dual-chamber products the clock starts at the earlier of opening and activation,
    which is the cautious reading when both are recorded.
    """
    candidates = []
    if printed_expiry:
        candidates.append(printed_expiry)
    starts = [d for d in (opened_on, activated_on) if d]
    if pao_months and starts:
        candidates.append(add_months(min(starts), pao_months))
    return min(candidates) if candidates else None


class ExpiryState(StrEnum):
    UNKNOWN = "unknown"
    OK = "ok"
    SOON = "soon"
    TODAY = "today"
    EXPIRED = "expired"
    CLOSED = "closed"


def expiry_state(expiry: date | None, today: date, closed: bool = False) -> ExpiryState:
    """Where an expiry date stands on `today`; finished/discarded items are CLOSED."""
    if closed:
        return ExpiryState.CLOSED
    if expiry is None:
        return ExpiryState.UNKNOWN
    if expiry < today:
        return ExpiryState.EXPIRED
    if expiry == today:
        return ExpiryState.TODAY
    if expiry - today <= timedelta(days=WARNING_DAYS):
        return ExpiryState.SOON
    return ExpiryState.OK


def expiry_reminder_dates(expiry: date | None) -> list[date]:
    """The two reminder days: two weeks before expiry and the day itself."""
    if expiry is None:
        return []
    return [expiry - timedelta(days=WARNING_DAYS), expiry]


def default_amount_ml(step_kind: str | None) -> Decimal:
    return DEFAULT_AMOUNT_ML.get(step_kind or "", FALLBACK_AMOUNT_ML)


def uses_per_month(is_scheduled: Callable[[date], bool], today: date) -> Decimal:
    """Average applications per month over the next 52 weeks of the schedule."""
    count = sum(
        1 for offset in range(SCHEDULE_WINDOW_DAYS) if is_scheduled(today + timedelta(offset))
    )
    per_day = Decimal(count) / Decimal(SCHEDULE_WINDOW_DAYS)
    return (per_day * AVERAGE_MONTH_DAYS).quantize(CENT, ROUND_HALF_UP)


def uses_text(per_month: Decimal) -> str:
    """Uses a month as a person says them: an average, so a whole number with "about"."""
    whole = int(per_month.quantize(Decimal(1), ROUND_HALF_UP))
    if whole < 1:
        return "fewer than 1 use a month"
    return f"about {whole} use{'' if whole == 1 else 's'} a month"


def runs_out_on(
    size_ml: Decimal, amount_ml: Decimal, is_scheduled: Callable[[date], bool], start: date
) -> date | None:
    """The day of the last full application, counting scheduled days from `start`.

    None when that is further away than the horizon (or the schedule never comes round).
    """
    uses_left = int(size_ml / amount_ml)
    if uses_left < 1:
        return start
    for offset in range(RUNS_OUT_HORIZON_DAYS):
        day = start + timedelta(offset)
        if is_scheduled(day):
            uses_left -= 1
            if uses_left == 0:
                return day
    return None


class Missing(StrEnum):
    """Why a figure could not be worked out; each has a sentence for the page."""

    CLOSED = "closed"
    NO_STEP = "no_step"
    NOT_SCHEDULED = "not_scheduled"
    PRICE = "price"
    SIZE = "size"
    NOT_OPENED = "not_opened"
    BEYOND_HORIZON = "beyond_horizon"


MISSING_TEXT = {
    Missing.CLOSED: "Finished or discarded: no longer counted.",
    Missing.NO_STEP: "Not linked to a routine step, so there is no schedule to work from.",
    Missing.NOT_SCHEDULED: "Its routine step is not scheduled (or the routine is paused).",
    Missing.PRICE: "Price paid not recorded, so the monthly cost is unknown.",
    Missing.SIZE: "Size not recorded, so cost and run-out date are unknown.",
    Missing.NOT_OPENED: "Not opened yet: the run-out date starts counting when you open it.",
    Missing.BEYOND_HORIZON: "It lasts more than three years at this rate.",
}


SHORT_TEXT = {
    Missing.CLOSED: "no longer in use",
    Missing.NO_STEP: "not in a routine",
    Missing.NOT_SCHEDULED: "step not scheduled",
    Missing.SIZE: "no size recorded",
    Missing.PRICE: "no price recorded",
}


@dataclass(frozen=True)
class CostEstimate:
    amount_ml: Decimal
    amount_is_default: bool
    uses_per_month: Decimal | None = None
    monthly_cost: Decimal | None = None
    runs_out_on: date | None = None
    reorder_on: date | None = None
    missing: tuple[Missing, ...] = field(default=())

    @property
    def uses_text(self) -> str:
        return uses_text(self.uses_per_month) if self.uses_per_month is not None else ""

    @property
    def notes(self) -> list[str]:
        return [MISSING_TEXT[m] for m in self.missing]

    @property
    def cost_gap(self) -> str:
        """Why the monthly cost is unknown, in a few words ("" when it is known)."""
        if self.monthly_cost is not None:
            return ""
        for reason in self.missing:
            if reason in SHORT_TEXT:
                return SHORT_TEXT[reason]
        return "not worked out"


def estimate_cost(
    *,
    size_ml: Decimal | None,
    price_paid: Decimal | None,
    amount_override_ml: Decimal | None,
    step_kind: str | None,
    is_scheduled: Callable[[date], bool] | None,
    opened_on: date | None,
    today: date,
    closed: bool = False,
) -> CostEstimate:
    """Monthly cost and run-out date for one shelf item used by one routine step.

    `is_scheduled` is None when the item is not linked to a step. Each unknown input is
    reported in `missing` and the figure it would feed stays None.
    """
    amount = amount_override_ml or default_amount_ml(step_kind)
    base = {"amount_ml": amount, "amount_is_default": amount_override_ml is None}
    if closed:
        return CostEstimate(**base, missing=(Missing.CLOSED,))
    if is_scheduled is None:
        return CostEstimate(**base, missing=(Missing.NO_STEP,))
    per_month = uses_per_month(is_scheduled, today)
    if per_month == 0:
        return CostEstimate(**base, uses_per_month=per_month, missing=(Missing.NOT_SCHEDULED,))

    missing: list[Missing] = []
    monthly_cost = None
    if size_ml is None:
        missing.append(Missing.SIZE)
    if price_paid is None:
        missing.append(Missing.PRICE)
    if size_ml and price_paid is not None:
        monthly_cost = (price_paid / size_ml * amount * per_month).quantize(CENT, ROUND_HALF_UP)

    runs_out = reorder = None
    if size_ml:
        if opened_on is None:
            missing.append(Missing.NOT_OPENED)
        else:
            runs_out = runs_out_on(size_ml, amount, is_scheduled, opened_on)
            if runs_out is None:
                missing.append(Missing.BEYOND_HORIZON)
            else:
                reorder = runs_out - timedelta(days=WARNING_DAYS)
    return CostEstimate(
        **base,
        uses_per_month=per_month,
        monthly_cost=monthly_cost,
        runs_out_on=runs_out,
        reorder_on=reorder,
        missing=tuple(missing),
    )


def total_monthly_cost(estimates: list[CostEstimate]) -> tuple[Decimal, int]:
    """Sum of the known monthly costs, and how many scheduled items lack a price or size."""
    known = [e.monthly_cost for e in estimates if e.monthly_cost is not None]
    unknown = sum(1 for e in estimates if Missing.PRICE in e.missing or Missing.SIZE in e.missing)
    return sum(known, Decimal("0.00")), unknown
