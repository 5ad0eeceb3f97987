"""Pure safety rules: patch-test timing and gating, windows, quiet hours, DST."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from routines.dayplan import holds
from routines.dayplan.rules import PlanStep, plan_day
from routines.safety import rules as safety
from routines.safety.rules import Window

UTC = dt.UTC
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
START = dt.datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


class TestPatchTiming:
    def test_read_window_is_elapsed_hours(self):
        assert safety.patch_read_at(START) == START + dt.timedelta(hours=48)
        assert safety.patch_last_call_at(START) == START + dt.timedelta(hours=72)

    def test_48_hours_is_elapsed_time_across_a_dst_change(self):
        # Started Saturday 28 March 2026 12:00 London (GMT); clocks go forward on Sunday.
        started = dt.datetime(2026, 3, 28, 12, 0, tzinfo=LONDON)
        read = safety.patch_read_at(started).astimezone(LONDON)
        assert read.hour == 13  # wall clock moved an hour; 48 real hours passed
        assert read.astimezone(UTC) - started.astimezone(UTC) == dt.timedelta(hours=48)

    @pytest.mark.parametrize(
        ("hours", "phase", "early"),
        [
            (0, "waiting", True),
            (47.99, "waiting", True),
            (48, "ready", False),
            (72, "ready", False),
            (72.01, "overdue", False),
        ],
    )
    def test_phase_and_early_read(self, hours, phase, early):
        now = START + dt.timedelta(hours=hours)
        assert safety.patch_phase(START, now) == phase
        assert safety.is_early_read(START, now) is early


class TestGating:
    """Patch tests hold a product day by day (routines.dayplan.holds); these were the
    old product_gate's cases, now asserted on the holds the day plan reads."""

    def facts(self, pk=1, reads=(), **kwargs):
        started = START + dt.timedelta(days=pk)
        return holds.PatchFacts(
            pk=pk,
            product_key="p1",
            started_at=started,
            started_on=started.date(),
            reads=tuple(
                holds.PatchRead(
                    started + dt.timedelta(hours=h), (started + dt.timedelta(hours=h)).date(), r
                )
                for h, r in reads
            ),
            **kwargs,
        )

    def held_on(self, tests, day):
        found = [h for t in tests for h in holds.holds_from_test(t) if h.contains(day)]
        return max((h.state for h in found), key=lambda s: s == holds.REACTED, default=None)

    def test_untested_product_is_clear(self):
        assert self.held_on([], START.date()) is None

    def test_test_in_progress_holds_as_testing(self):
        assert self.held_on([self.facts()], START.date() + dt.timedelta(days=2)) == "testing"

    def test_override_ends_the_hold_of_a_running_test(self):
        test = self.facts(overridden_on=START.date() + dt.timedelta(days=2))
        assert self.held_on([test], START.date() + dt.timedelta(days=2)) is None

    def test_no_reaction_at_72_hours_releases(self):
        test = self.facts(reads=[(49, "none"), (73, "none")])
        assert self.held_on([test], START.date() + dt.timedelta(days=5)) is None

    def test_a_reaction_holds_for_good_and_a_later_clean_test_does_not_undo_it(self):
        tests = [self.facts(1, reads=[(50, "reaction")]), self.facts(2, reads=[(73, "none")])]
        assert self.held_on(tests, START.date() + dt.timedelta(days=30)) == holds.REACTED
        (reacted,) = [h for h in holds.holds_from_test(tests[0]) if h.state == holds.REACTED]
        assert "clinician" in reacted.message

    def test_mild_redness_holds_like_a_reaction(self):
        test = self.facts(reads=[(50, "mild")])
        assert self.held_on([test], START.date() + dt.timedelta(days=30)) == holds.REACTED

    def test_abandoned_tests_stop_holding_from_that_day(self):
        test = self.facts(abandoned_on=START.date() + dt.timedelta(days=2))
        assert self.held_on([test], START.date() + dt.timedelta(days=2)) is None

    def test_a_newer_running_test_holds_after_an_older_pass(self):
        tests = [self.facts(1, reads=[(73, "none")]), self.facts(10)]
        assert self.held_on(tests, START.date() + dt.timedelta(days=11)) == "testing"


class TestWindows:
    def test_procedure_day_is_day_one(self):
        window = safety.recovery_window(1, dt.date(2026, 3, 2), 7)
        assert window.last_day == dt.date(2026, 3, 8)
        assert window.end == dt.date(2026, 3, 9)
        assert window.day_number(dt.date(2026, 3, 2)) == 1
        assert window.day_number(dt.date(2026, 3, 8)) == 7
        assert not window.contains(dt.date(2026, 3, 9))
        assert not window.contains(dt.date(2026, 3, 1))

    def test_overlapping_windows_merge(self):
        a = safety.recovery_window(1, dt.date(2026, 3, 1), 7)  # 1–7
        b = safety.recovery_window(2, dt.date(2026, 3, 5), 14)  # 5–18
        c = safety.recovery_window(3, dt.date(2026, 4, 1), 7)
        merged = safety.merge_windows([c, b, a])
        assert merged == [
            Window(dt.date(2026, 3, 1), dt.date(2026, 3, 19), (1, 2)),
            Window(dt.date(2026, 4, 1), dt.date(2026, 4, 8), (3,)),
        ]

    def test_back_to_back_windows_merge(self):
        a = safety.recovery_window(1, dt.date(2026, 3, 1), 7)
        b = safety.recovery_window(2, dt.date(2026, 3, 8), 7)
        assert safety.merge_windows([a, b]) == [
            Window(dt.date(2026, 3, 1), dt.date(2026, 3, 15), (1, 2))
        ]

    def test_window_inside_another_does_not_shorten_it(self):
        a = safety.recovery_window(1, dt.date(2026, 3, 1), 14)
        b = safety.recovery_window(2, dt.date(2026, 3, 3), 2)
        assert safety.merge_windows([a, b])[0].end == dt.date(2026, 3, 15)

    def test_recovery_pauses_only_retinoids_and_exfoliants(self):
        window = safety.recovery_window(1, dt.date(2026, 3, 1), 7)
        day = dt.date(2026, 3, 3)
        steps = [
            PlanStep(pk, 1, "pm", kind, kind, dt.date(2026, 1, 1))
            for pk, kind in enumerate(["retinoid", "exfoliant", "biologic", "moisturiser"])
        ]
        plan = plan_day(steps, day, windows=[window]).by_step()
        assert plan[0].state == "paused" and "day 3 of 7" in plan[0].reason
        assert plan[1].state == "paused"
        assert plan[2].state == "due" and plan[3].state == "due"
        assert plan_day(steps, day).by_step()[0].state == "due"

    @pytest.mark.parametrize("days", [None, 0, 29, 99, -1])
    def test_recovery_length_outside_1_28_is_refused(self, days):
        assert "between 1 and 28" in safety.validate_recovery_days(days)

    @pytest.mark.parametrize("days", [1, 7, 28])
    def test_recovery_length_inside_1_28_is_fine(self, days):
        assert safety.validate_recovery_days(days) is None

    def test_far_future_procedure_is_refused(self):
        today = dt.date(2026, 3, 1)
        assert safety.validate_procedure_date(dt.date(2027, 3, 1), today) is None
        assert "more than a year" in safety.validate_procedure_date(dt.date(2027, 3, 2), today)

    def test_defaults_sit_in_the_one_to_two_week_range(self):
        assert safety.RECOVERY_DEFAULT_DAYS["microneedling"] == 7
        assert safety.RECOVERY_DEFAULT_DAYS["fractional_laser"] == 14
        assert all(7 <= d <= 14 for d in safety.RECOVERY_DEFAULT_DAYS.values())


class TestLocalTimes:
    def test_local_time_uses_that_days_offset(self):
        winter = safety.local_datetime(dt.date(2026, 1, 10), dt.time(8), LONDON)
        summer = safety.local_datetime(dt.date(2026, 7, 10), dt.time(8), LONDON)
        assert (winter.hour, summer.hour) == (8, 7)  # UTC

    def test_dst_gap_moves_forward_past_the_gap(self):
        # 29 March 2026: London skips 01:00–02:00.
        moment = safety.local_datetime(dt.date(2026, 3, 29), dt.time(1, 30), LONDON)
        assert moment.astimezone(LONDON).time() == dt.time(2, 30)

    def test_dst_overlap_takes_the_first_pass(self):
        # 1 November 2026: New York repeats 01:00–02:00; the first 01:30 is EDT (UTC−4).
        moment = safety.local_datetime(dt.date(2026, 11, 1), dt.time(1, 30), NEW_YORK)
        assert moment == dt.datetime(2026, 11, 1, 5, 30, tzinfo=UTC)

    def test_next_local_time_is_computed_per_day(self):
        after = dt.datetime(2026, 3, 28, 9, 0, tzinfo=UTC)  # Sat 09:00 GMT
        first = safety.next_local_time(dt.time(8), LONDON, after)
        assert first == dt.datetime(2026, 3, 29, 7, 0, tzinfo=UTC)  # Sun 08:00 BST
        assert first.astimezone(LONDON).hour == 8


class TestQuietHours:
    def test_daytime_is_untouched(self):
        due = dt.datetime(2026, 3, 4, 14, 0, tzinfo=UTC)
        assert safety.after_quiet_hours(due, LONDON, 8) == due

    def test_late_evening_waits_for_next_morning(self):
        due = dt.datetime(2026, 3, 4, 23, 30, tzinfo=UTC)
        moved = safety.after_quiet_hours(due, LONDON, 8)
        assert moved == dt.datetime(2026, 3, 5, 8, 0, tzinfo=UTC)

    def test_small_hours_wait_for_same_morning(self):
        due = dt.datetime(2026, 3, 5, 3, 0, tzinfo=UTC)
        assert safety.after_quiet_hours(due, LONDON, 9) == dt.datetime(2026, 3, 5, 9, 0, tzinfo=UTC)

    def test_quiet_hours_are_in_the_users_zone(self):
        due = dt.datetime(2026, 3, 4, 23, 30, tzinfo=UTC)  # 18:30 in New York
        assert safety.after_quiet_hours(due, NEW_YORK, 8) == due

    def test_morning_hour_across_spring_forward(self):
        due = dt.datetime(2026, 3, 28, 23, 0, tzinfo=UTC)  # Sat 23:00 GMT
        moved = safety.after_quiet_hours(due, LONDON, 8)
        assert moved.astimezone(LONDON).replace(tzinfo=None) == dt.datetime(2026, 3, 29, 8, 0)
