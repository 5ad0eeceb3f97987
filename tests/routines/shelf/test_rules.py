"""Unit tests for the pure shelf arithmetic (routines/shelf.py) and avoid matching."""

from datetime import date
from decimal import Decimal

import pytest

from catalog import avoid
from routines.schedule import StepRule, is_scheduled
from routines.shelf import rules as shelf
from routines.shelf.rules import ExpiryState, Missing

D = Decimal
TODAY = date(2026, 3, 2)  # a Monday


def daily(day):
    return True


def never(day):
    return False


PARTNER = StepRule(pk=2, schedule="every_other_day", start_date=TODAY)


def scheduled(kind, start=TODAY, interval=None, weekdays="", alternate_with=None):
    """A schedule predicate from the routine editor's engine, on a plain StepRule."""
    rule = StepRule(
        pk=1,
        schedule=kind,
        start_date=start,
        interval_days=interval,
        weekdays=weekdays,
        alternate_with=alternate_with,
    )
    return lambda day: is_scheduled(rule, day)


# --- expiry -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 15), 6, date(2026, 7, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 12, 1), 12, date(2027, 12, 1)),
    ],
)
def test_add_months_clamps_to_month_end(start, months, expected):
    assert shelf.add_months(start, months) == expected


def test_expiry_is_the_earlier_of_printed_date_and_opened_plus_pao():
    opened = date(2026, 1, 10)
    assert shelf.computed_expiry(date(2027, 1, 1), opened, 6) == date(2026, 7, 10)
    assert shelf.computed_expiry(date(2026, 4, 1), opened, 6) == date(2026, 4, 1)


def test_expiry_with_only_one_source_or_none():
    assert shelf.computed_expiry(date(2027, 1, 1), None, 6) == date(2027, 1, 1)
    assert shelf.computed_expiry(None, date(2026, 1, 10), 3) == date(2026, 4, 10)
    # Unopened with a PAO: the clock has not started.
    assert shelf.computed_expiry(None, None, 6) is None
    # Opened but no PAO and no printed date: unknown, never guessed.
    assert shelf.computed_expiry(None, date(2026, 1, 10), None) is None


def test_dual_chamber_clock_starts_at_the_earlier_of_opening_and_activation():
    assert shelf.computed_expiry(None, None, 2, activated_on=date(2026, 2, 1)) == date(2026, 4, 1)
    assert shelf.computed_expiry(None, date(2026, 3, 1), 2, activated_on=date(2026, 2, 1)) == date(
        2026, 4, 1
    )


@pytest.mark.parametrize(
    ("expiry", "closed", "state"),
    [
        (None, False, ExpiryState.UNKNOWN),
        (date(2026, 3, 1), False, ExpiryState.EXPIRED),
        (TODAY, False, ExpiryState.TODAY),
        (date(2026, 3, 16), False, ExpiryState.SOON),
        (date(2026, 3, 17), False, ExpiryState.OK),
        (date(2026, 3, 1), True, ExpiryState.CLOSED),
    ],
)
def test_expiry_state(expiry, closed, state):
    assert shelf.expiry_state(expiry, TODAY, closed=closed) == state


def test_expiry_reminders_two_weeks_before_and_on_the_day():
    assert shelf.expiry_reminder_dates(date(2026, 5, 20)) == [date(2026, 5, 6), date(2026, 5, 20)]
    assert shelf.expiry_reminder_dates(None) == []


# --- schedules --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("predicate", "expected"),
    [
        (scheduled("daily"), D("30.44")),
        (scheduled("every_other_day"), D("15.22")),
        (scheduled("alternate"), D("15.22")),  # partner removed: every other day
        (scheduled("alternate", alternate_with=PARTNER), D("15.22")),  # the partner's off days
        (scheduled("every_n_days", interval=3), D("10.20")),  # 122 uses in 364 days
        (scheduled("weekdays", weekdays="024"), D("13.04")),
        (scheduled("weekdays", weekdays="6"), D("4.35")),
        (never, D("0.00")),
    ],
)
def test_uses_per_month_for_every_schedule_kind(predicate, expected):
    assert shelf.uses_per_month(predicate, TODAY) == expected


@pytest.mark.parametrize(
    ("per_month", "words"),
    [
        (D("30.44"), "about 30 uses a month"),
        (D("15.22"), "about 15 uses a month"),
        (D("4.35"), "about 4 uses a month"),
        (D("1.40"), "about 1 use a month"),
        (D("0.51"), "about 1 use a month"),
        (D("0.23"), "fewer than 1 use a month"),
    ],
)
def test_uses_a_month_are_rounded_as_people_say_them(per_month, words):
    assert shelf.uses_text(per_month) == words


def test_step_starting_later_counts_fewer_uses_in_the_coming_year():
    later = scheduled("daily", start=date(2026, 9, 1))
    assert D("0") < shelf.uses_per_month(later, TODAY) < D("30.44")


# --- cost and runs-out ------------------------------------------------------------------------


def estimate(**overrides):
    kwargs = {
        "size_ml": D("30"),
        "price_paid": D("120.00"),
        "amount_override_ml": None,
        "step_kind": "biologic",
        "is_scheduled": daily,
        "opened_on": TODAY,
        "today": TODAY,
        "closed": False,
    }
    kwargs.update(overrides)
    return shelf.estimate_cost(**kwargs)


def test_daily_serum_cost_and_run_out_from_default_amount():
    result = estimate()
    # 0.3 ml a day from 30 ml = 100 uses; 120 / 30 * 0.3 * 30.44 = 36.53 a month.
    assert result.amount_ml == D("0.3") and result.amount_is_default
    assert result.monthly_cost == D("36.53")
    assert result.runs_out_on == date(2026, 6, 9)  # the 100th day, counting the opening day
    assert result.reorder_on == date(2026, 5, 26)
    assert result.missing == ()


def test_every_other_day_halves_the_cost_and_doubles_the_time():
    result = estimate(is_scheduled=scheduled("every_other_day"))
    assert result.monthly_cost == D("18.26")
    assert result.runs_out_on == date(2026, 9, 16)  # 100th use: day 198 from opening


def test_every_n_days_and_weekdays_schedules_feed_the_run_out_date():
    every_third = estimate(is_scheduled=scheduled("every_n_days", interval=3), size_ml=D("3"))
    assert every_third.runs_out_on == date(2026, 3, 29)  # 10 uses: days 0, 3, … 27
    weekly = estimate(is_scheduled=scheduled("weekdays", weekdays="0"), size_ml=D("0.9"))
    assert weekly.runs_out_on == date(2026, 3, 16)  # 3 Mondays


def test_editable_amount_per_use_replaces_the_default():
    result = estimate(amount_override_ml=D("0.6"))
    assert not result.amount_is_default
    assert result.monthly_cost == D("73.06")


def test_unknown_price_gives_unknown_cost_but_still_a_run_out_date():
    result = estimate(price_paid=None)
    assert result.monthly_cost is None
    assert result.runs_out_on == date(2026, 6, 9)
    assert Missing.PRICE in result.missing
    assert any("Price paid not recorded" in n for n in result.notes)


def test_unknown_size_gives_neither_cost_nor_run_out():
    result = estimate(size_ml=None)
    assert result.monthly_cost is None and result.runs_out_on is None
    assert result.missing == (Missing.SIZE,)


def test_free_product_costs_nothing():
    assert estimate(price_paid=D("0")).monthly_cost == D("0.00")


def test_unopened_item_has_a_cost_but_no_run_out_date_yet():
    result = estimate(opened_on=None)
    assert result.monthly_cost == D("36.53")
    assert result.runs_out_on is None and Missing.NOT_OPENED in result.missing


def test_finished_or_discarded_items_are_not_counted():
    result = estimate(closed=True)
    assert result.monthly_cost is None and result.runs_out_on is None
    assert result.missing == (Missing.CLOSED,)


def test_item_without_a_step_or_with_a_paused_step():
    assert estimate(is_scheduled=None).missing == (Missing.NO_STEP,)
    paused = estimate(is_scheduled=never)
    assert paused.missing == (Missing.NOT_SCHEDULED,) and paused.uses_per_month == 0


def test_run_out_beyond_the_horizon_says_so():
    result = estimate(size_ml=D("500"), is_scheduled=scheduled("every_n_days", interval=60))
    assert result.runs_out_on is None and Missing.BEYOND_HORIZON in result.missing


def test_bottle_smaller_than_one_use_runs_out_on_opening_day():
    assert shelf.runs_out_on(D("0.1"), D("0.3"), daily, TODAY) == TODAY


def test_default_amount_per_step_kind():
    assert shelf.default_amount_ml("sunscreen") > shelf.default_amount_ml("biologic")
    assert shelf.default_amount_ml(None) == shelf.FALLBACK_AMOUNT_ML
    assert shelf.default_amount_ml("new-kind") == shelf.FALLBACK_AMOUNT_ML


def test_total_monthly_cost_counts_unknowns_separately():
    known, no_price, closed = estimate(), estimate(price_paid=None), estimate(closed=True)
    total, unknown = shelf.total_monthly_cost([known, known, no_price, closed])
    assert total == D("73.06") and unknown == 1


# --- avoid matching ---------------------------------------------------------------------------


def test_group_flags_sorts_and_dedupes_names_per_product():
    rows = [(1, "Niacinamide"), (1, "fragrance"), (2, "Retinol"), (1, "Niacinamide")]
    assert avoid.group_flags(rows) == {1: ["fragrance", "Niacinamide"], 2: ["Retinol"]}


def test_avoided_in_returns_only_products_with_a_hit():
    products = {10: [1, 2], 11: [3], 12: []}
    assert avoid.avoided_in(products, {2: "Fragrance", 9: "Retinol"}) == {10: ["Fragrance"]}
    assert avoid.avoided_in(products, {}) == {}


@pytest.mark.parametrize(
    ("names", "sentence"),
    [([], ""), (["A"], "A"), (["A", "B"], "A and B"), (["A", "B", "C"], "A, B and C")],
)
def test_describe(names, sentence):
    assert avoid.describe(names) == sentence


# --- skin-log trend -----------------------------------------------------------------------------


def test_weekly_averages_and_direction():
    from routines.summary.rules import direction, weekly_averages

    start = date(2026, 3, 2)
    logs = [
        (date(2026, 3, 1), 3, 3, 3),  # before the period: ignored
        (date(2026, 3, 2), 3, 1, 2),
        (date(2026, 3, 4), 2, 1, 2),
        (date(2026, 3, 17), 1, 1, 2),  # week 3; week 2 had no logs
    ]
    weeks = weekly_averages(logs, start)
    assert [w.week_start for w in weeks] == [date(2026, 3, 2), date(2026, 3, 16)]
    assert weeks[0].days_logged == 2 and weeks[0].redness == D("2.5")
    assert direction(weeks, "redness") == "lower"
    assert direction(weeks, "dryness") == "about the same"
    assert direction(weeks[:1], "redness") == "not enough logs to tell"
    assert direction(list(reversed(weeks)), "redness") == "higher"


def test_cost_gap_names_the_first_missing_input():
    assert estimate().cost_gap == ""
    assert estimate(size_ml=None, price_paid=None).cost_gap == "no size recorded"
    assert estimate(price_paid=None).cost_gap == "no price recorded"
    assert estimate(is_scheduled=never).cost_gap == "step not scheduled"
    assert estimate(closed=True).cost_gap == "no longer in use"
    assert estimate(is_scheduled=None).cost_gap == "not in a routine"
