import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from routines import schedule
from routines.schedule import StepRule, is_scheduled, local_today

D = dt.date
UTC = dt.UTC


def days_on(step, first, count):
    return [
        first + dt.timedelta(days=i)
        for i in range(count)
        if is_scheduled(step, first + dt.timedelta(days=i))
    ]


def test_daily_is_due_every_day_from_its_start():
    step = StepRule(1, schedule.DAILY, start_date=D(2026, 3, 10))
    assert not is_scheduled(step, D(2026, 3, 9))
    assert all(is_scheduled(step, D(2026, 3, 10) + dt.timedelta(days=i)) for i in range(40))


def test_every_other_day_counts_from_the_start_date():
    step = StepRule(1, schedule.EVERY_OTHER_DAY, start_date=D(2026, 1, 1))
    assert days_on(step, D(2026, 1, 1), 6) == [D(2026, 1, 1), D(2026, 1, 3), D(2026, 1, 5)]


def test_every_other_day_across_a_month_boundary_keeps_its_rhythm():
    # 31 days in January: Jan 31 is day 30 (even) so Feb 1 is off, Feb 2 on.
    step = StepRule(1, schedule.EVERY_OTHER_DAY, start_date=D(2026, 1, 1))
    assert is_scheduled(step, D(2026, 1, 31))
    assert not is_scheduled(step, D(2026, 2, 1))
    assert is_scheduled(step, D(2026, 2, 2))


def test_every_other_day_across_a_year_and_a_leap_day():
    step = StepRule(1, schedule.EVERY_OTHER_DAY, start_date=D(2027, 12, 30))
    assert is_scheduled(step, D(2028, 1, 1))
    # 2028 is a leap year: Feb 29 exists and is counted.
    assert (D(2028, 2, 29) - D(2027, 12, 30)).days % 2 == 1
    assert not is_scheduled(step, D(2028, 2, 29))
    assert is_scheduled(step, D(2028, 3, 1))


def test_every_n_days():
    step = StepRule(1, schedule.EVERY_N_DAYS, start_date=D(2026, 12, 29), interval_days=3)
    assert days_on(step, D(2026, 12, 29), 10) == [
        D(2026, 12, 29),
        D(2027, 1, 1),
        D(2027, 1, 4),
        D(2027, 1, 7),
    ]


def test_every_n_days_without_an_interval_falls_back_to_two():
    step = StepRule(1, schedule.EVERY_N_DAYS, start_date=D(2026, 1, 1), interval_days=None)
    assert days_on(step, D(2026, 1, 1), 4) == [D(2026, 1, 1), D(2026, 1, 3)]


def test_weekdays():
    # 2026-11-23 is a Monday.
    step = StepRule(1, schedule.WEEKDAYS, start_date=D(2026, 1, 1), weekdays="024")
    week = days_on(step, D(2026, 11, 23), 7)
    assert [d.weekday() for d in week] == [0, 2, 4]


def test_weekdays_with_none_chosen_is_never_due():
    step = StepRule(1, schedule.WEEKDAYS, start_date=D(2026, 1, 1), weekdays="")
    assert days_on(step, D(2026, 11, 23), 14) == []


def test_alternate_takes_the_days_its_partner_does_not():
    retinoid = StepRule(1, schedule.EVERY_OTHER_DAY, start_date=D(2026, 11, 1))
    serum = StepRule(2, schedule.ALTERNATE, start_date=D(2026, 11, 1), alternate_with=retinoid)
    for i in range(30):
        day = D(2026, 11, 1) + dt.timedelta(days=i)
        assert is_scheduled(retinoid, day) != is_scheduled(serum, day)


def test_alternate_with_a_weekday_partner():
    partner = StepRule(1, schedule.WEEKDAYS, start_date=D(2026, 1, 1), weekdays="135")
    step = StepRule(2, schedule.ALTERNATE, start_date=D(2026, 1, 1), alternate_with=partner)
    assert [d.weekday() for d in days_on(step, D(2026, 11, 23), 7)] == [0, 2, 4, 6]


def test_mutual_alternates_never_land_on_the_same_night():
    a = StepRule(1, schedule.ALTERNATE, start_date=D(2026, 11, 3))
    b = StepRule(2, schedule.ALTERNATE, start_date=D(2026, 11, 5))
    a = StepRule(1, schedule.ALTERNATE, start_date=a.start_date, alternate_with=b)
    b = StepRule(2, schedule.ALTERNATE, start_date=b.start_date, alternate_with=a)
    for i in range(40):
        day = D(2026, 11, 5) + dt.timedelta(days=i)
        assert is_scheduled(a, day) != is_scheduled(b, day), day


def test_alternate_without_a_partner_is_every_other_day():
    step = StepRule(1, schedule.ALTERNATE, start_date=D(2026, 1, 1))
    assert days_on(step, D(2026, 1, 1), 4) == [D(2026, 1, 1), D(2026, 1, 3)]


def test_unknown_schedule_is_an_error():
    with pytest.raises(ValueError):
        is_scheduled(StepRule(1, "fortnightly"), D(2026, 1, 1))


def test_local_today_for_a_zone_far_ahead_of_utc():
    # 11:30 UTC on 25 Nov is already 26 Nov in Kiritimati (UTC+14).
    now = dt.datetime(2026, 11, 25, 11, 30, tzinfo=UTC)
    assert local_today("Pacific/Kiritimati", now) == D(2026, 11, 26)
    assert local_today(ZoneInfo("Pacific/Pago_Pago"), now) == D(2026, 11, 25)
    # 09:30 UTC is still the 24th in Pago Pago (UTC-11).
    assert local_today("Pacific/Pago_Pago", dt.datetime(2026, 11, 25, 9, 30, tzinfo=UTC)) == D(
        2026, 11, 24
    )


def test_local_today_refuses_naive_datetimes():
    with pytest.raises(ValueError):
        local_today("UTC", dt.datetime(2026, 1, 1, 12))


def test_every_other_day_across_a_dst_change_stays_on_dates():
    # Europe/London leaves summer time at 02:00 BST on 25 Oct 2026 (a 25-hour day).
    zone = ZoneInfo("Europe/London")
    step = StepRule(1, schedule.EVERY_OTHER_DAY, start_date=D(2026, 10, 24))
    # Just after midnight local time on each side of the change.
    before = dt.datetime(2026, 10, 25, 0, 30, tzinfo=zone).astimezone(UTC)
    after = dt.datetime(2026, 10, 26, 0, 30, tzinfo=zone).astimezone(UTC)
    two_after = dt.datetime(2026, 10, 26, 23, 59, tzinfo=zone).astimezone(UTC)
    assert local_today(zone, before) == D(2026, 10, 25)
    assert local_today(zone, after) == D(2026, 10, 26)
    assert local_today(zone, two_after) == D(2026, 10, 26)
    # Adding 48 hours to the start instant would drift by an hour; dates do not.
    assert not is_scheduled(step, local_today(zone, before))
    assert is_scheduled(step, local_today(zone, after))


def test_spring_forward_day_is_still_one_date():
    zone = ZoneInfo("America/New_York")
    # 8 Mar 2026: clocks jump from 02:00 to 03:00. 23:30 local is still the 8th.
    late = dt.datetime(2026, 3, 8, 23, 30, tzinfo=zone).astimezone(UTC)
    assert late.date() == D(2026, 3, 9)  # already the 9th in UTC
    assert local_today(zone, late) == D(2026, 3, 8)


def test_describe():
    partner = StepRule(1)
    assert schedule.describe(StepRule(1)) == "Every day"
    assert schedule.describe(StepRule(1, schedule.EVERY_N_DAYS, interval_days=3)) == "Every 3 days"
    assert schedule.describe(StepRule(1, schedule.WEEKDAYS, weekdays="024")) == "Mon, Wed, Fri"
    assert schedule.describe(StepRule(2, schedule.ALTERNATE, alternate_with=partner))


def test_streak_counts_complete_days_and_forgives_an_unfinished_today():
    start = D(2026, 11, 1)
    daily = StepRule(1, schedule.DAILY, start_date=start)
    other = StepRule(2, schedule.EVERY_OTHER_DAY, start_date=start)
    today = D(2026, 11, 10)
    done = set()
    for i in range(3, 10):  # Nov 4 .. Nov 10 complete except today's step 2 below
        day = start + dt.timedelta(days=i)
        done.add((day, 1))
        if is_scheduled(other, day):
            done.add((day, 2))
    assert schedule.streak([daily, other], done, today) == 7
    done.discard((today, 1))
    assert schedule.streak([daily, other], done, today) == 6  # today not finished yet
    done.discard((D(2026, 11, 7), 2))  # Nov 7 is an "other" day: breaks there
    assert is_scheduled(other, D(2026, 11, 7))
    assert schedule.streak([daily, other], done, today) == 2


def test_streak_skips_days_with_nothing_due():
    step = StepRule(1, schedule.WEEKDAYS, start_date=D(2026, 11, 1), weekdays="0")  # Mondays
    done = {(D(2026, 11, 16), 1), (D(2026, 11, 23), 1)}
    assert schedule.streak([step], done, D(2026, 11, 25)) == 2


def test_streak_with_no_steps_is_zero():
    assert schedule.streak([], set(), D(2026, 11, 25)) == 0
