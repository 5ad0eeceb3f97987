"""Pure photo rules: limits, quota, alt text, positions on the results timeline."""

import datetime as dt

from routines.photos import rules

LIMITS = rules.Limits(
    max_upload_bytes=15 * rules.MB,
    max_pixels=50_000_000,
    quota_count=3,
    quota_bytes=2 * rules.MB,
)


def test_limits_are_stated_in_words():
    assert LIMITS.words == "JPEG, PNG or WebP, up to 15 MB and 50 megapixels each."
    assert LIMITS.quota_words == "up to 3 photos or 2 MB in all"


def test_upload_size_limit():
    assert rules.upload_too_large(15 * rules.MB, LIMITS) is None
    message = rules.upload_too_large(16 * rules.MB, LIMITS)
    assert message == "This file is 16.0 MB; the limit is 15 MB per photo."


def test_quota_by_count_and_by_bytes():
    fits = {"used_bytes": 0, "new_bytes": 100, "limits": LIMITS}
    assert rules.quota_problem(used_count=2, new_count=1, **fits) is None
    too_many = rules.quota_problem(used_count=2, new_count=2, **fits)
    assert "room for 1 more photo." in too_many
    assert "up to 3 photos" in too_many
    too_big = rules.quota_problem(
        used_count=0, used_bytes=2 * rules.MB - 10, new_count=1, new_bytes=20, limits=LIMITS
    )
    assert too_big is not None and "need 0.0 MB more" in too_big


def test_alt_text_names_angle_date_and_note():
    day = dt.date(2026, 3, 4)
    assert (
        rules.alt_text(angle_label="Front", taken_on=day, note="  ")
        == "Front photo of your skin, 4 March 2026"
    )
    assert (
        rules.alt_text(angle_label="Close-up of an area", taken_on=day, note="left cheek")
        == "Close-up of an area photo of your skin, 4 March 2026: left cheek"
    )


def test_timeline_positions_day_then_week_and_skip_products_not_started():
    start = dt.date(2026, 1, 1)
    products = [
        rules.TimelineProduct("TNS Advanced+", start),
        rules.TimelineProduct("Later serum", dt.date(2026, 6, 1)),
    ]
    first_day = rules.timeline_positions(start, products)
    assert [p.words for p in first_day] == ["day 1 of TNS Advanced+"]
    assert first_day[0].phase_label == "First days to two weeks"
    day_14 = rules.timeline_positions(start + dt.timedelta(days=13), products)
    assert day_14[0].words == "day 14 of TNS Advanced+"
    week_6 = rules.timeline_positions(start + dt.timedelta(days=36), products)
    assert week_6[0].words == "week 6 of TNS Advanced+"
    assert week_6[0].phase_label == "Four to twelve weeks"
    # Unlike Today's hint, a photo half a year on still gets its position.
    late = rules.timeline_positions(dt.date(2026, 7, 1), products)
    assert [p.words for p in late] == ["week 26 of TNS Advanced+", "week 5 of Later serum"]


def test_days_between_words():
    day = dt.date(2026, 1, 1)
    assert rules.days_between_words(day, day) == "taken the same day"
    assert rules.days_between_words(day, day + dt.timedelta(days=1)) == "1 day apart"
    assert rules.days_between_words(day, day + dt.timedelta(days=13)) == "13 days apart"
    assert rules.days_between_words(day, day + dt.timedelta(days=40)) == "5 weeks apart"
