"""Pure safety rules: patch-test timing and gating, windows, quiet hours, DST."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from routines.safety import rules as safety
from routines.safety.rules import PatchRecord, Window

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
    def rec(self, pk=1, **kwargs):
        return PatchRecord(pk=pk, started_at=START + dt.timedelta(days=pk), **kwargs)

    def test_untested_product_is_clear(self):
        assert safety.product_gate([]) is None

    def test_test_in_progress_gates_as_testing(self):
        assert safety.product_gate([self.rec()]).kind == "testing"

    def test_override_ungates_a_running_test(self):
        assert safety.product_gate([self.rec(overridden=True)]) is None

    def test_no_reaction_ungates(self):
        assert safety.product_gate([self.rec(result="none")]) is None

    def test_reaction_stops_everywhere_and_stays(self):
        gate = safety.product_gate([self.rec(1, result="reaction"), self.rec(2, result="none")])
        assert gate.kind == "stopped"
        assert "Stop — do not use" in gate.message
        assert "clinician" in gate.message

    def test_mild_needs_the_users_choice(self):
        assert safety.product_gate([self.rec(result="mild")]).kind == "testing"
        assert safety.product_gate([self.rec(result="mild", mild_decision="use")]) is None
        avoid = safety.product_gate([self.rec(result="mild", mild_decision="avoid")])
        assert avoid.kind == "stopped"

    def test_abandoned_tests_do_not_gate(self):
        assert safety.product_gate([self.rec(abandoned=True)]) is None
        assert safety.product_gate([self.rec(result="reaction", abandoned=True)]) is None

    def test_latest_live_test_decides(self):
        gate = safety.product_gate([self.rec(1, result="none"), self.rec(2)])
        assert gate.kind == "testing" and gate.source_pk == 2


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
        paused = safety.recovery_blocker("retinoid", window, day)
        assert paused.kind == "paused"
        assert "day 3 of 7" in paused.message
        assert safety.recovery_blocker("exfoliant", window, day).kind == "paused"
        assert safety.recovery_blocker("biologic", window, day) is None
        assert safety.recovery_blocker("retinoid", None, day) is None

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
