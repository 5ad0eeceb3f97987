import dataclasses
import datetime as dt

from routines import schedule
from routines.editor import rules as advice
from routines.editor.rules import StepFacts, advise

TODAY = dt.date(2026, 11, 25)
LONG_AGO = dt.date(2025, 1, 1)


def fact(pk, kind, position=None, *, period="pm", routine=1, start=LONG_AGO, **extra):
    return StepFacts(
        pk=pk,
        routine_id=routine,
        routine_name="Evening" if period == "pm" else "Morning",
        period=period,
        position=pk if position is None else position,
        name=extra.pop("name", f"{kind} {pk}"),
        kind=kind,
        start_date=start,
        product_key=extra.pop("product_key", f"n{kind}{pk}"),
        **extra,
    )


def rules(steps, **kwargs):
    return [(a.rule, a.step_id) for a in advise(steps, TODAY, **kwargs)]


# biologic_first


def test_biologic_after_moisturiser_is_told_to_move_up():
    steps = [fact(1, "cleanser"), fact(2, "moisturiser"), fact(3, "biologic")]
    assert ("biologic_first", 3) in rules(steps)
    item = next(a for a in advise(steps, TODAY) if a.rule == "biologic_first")
    assert item.link == "/guide/how-to-use/#order-of-application"
    assert "moisturiser 2" in item.reason


def test_biologic_straight_after_cleanser_is_fine():
    steps = [fact(1, "cleanser"), fact(2, "biologic"), fact(3, "biologic"), fact(4, "moisturiser")]
    assert not [r for r in rules(steps) if r[0] == "biologic_first"]


# thin_before_thick


def test_serum_after_cream_fires_thin_before_thick():
    steps = [fact(1, "cleanser"), fact(2, "occlusive"), fact(3, "hydrating")]
    assert ("thin_before_thick", 3) in rules(steps)


def test_thin_to_thick_order_is_quiet():
    steps = [
        fact(1, "cleanser"),
        fact(2, "hydrating"),
        fact(3, "moisturiser"),
        fact(4, "occlusive"),
        fact(5, "other"),
    ]
    assert rules(steps) == []


def test_order_rules_only_compare_steps_in_the_same_routine():
    steps = [fact(1, "occlusive", routine=1), fact(2, "hydrating", routine=2)]
    assert rules(steps) == []


# sunscreen_last


def test_sunscreen_not_last_in_the_morning():
    steps = [fact(1, "sunscreen", period="am"), fact(2, "moisturiser", period="am")]
    assert rules(steps) == [("sunscreen_last", 1)]


def test_sunscreen_last_in_the_morning_is_quiet():
    steps = [fact(1, "moisturiser", period="am"), fact(2, "sunscreen", period="am")]
    assert rules(steps) == []


# retinoid_with_biologic


def test_retinoid_and_biologic_every_night_suggests_alternating():
    steps = [fact(1, "cleanser"), fact(2, "biologic"), fact(3, "retinoid")]
    found = [a for a in advise(steps, TODAY) if a.rule == "retinoid_with_biologic"]
    assert [a.step_id for a in found] == [3]
    assert found[0].link == "/guide/how-to-use/#pairing-with-other-actives"


def test_retinoid_alternating_with_biologic_is_quiet():
    retinoid = fact(3, "retinoid", schedule=schedule.EVERY_OTHER_DAY, start=TODAY)
    serum = fact(2, "biologic", schedule=schedule.ALTERNATE, alternate_with=retinoid, start=TODAY)
    assert "retinoid_with_biologic" not in [
        r for r, _ in rules([fact(1, "cleanser"), serum, retinoid])
    ]


def test_retinoid_in_the_morning_routine_does_not_clash_with_an_evening_serum():
    steps = [fact(1, "biologic"), fact(2, "retinoid", period="am", routine=2)]
    assert "retinoid_with_biologic" not in [r for r, _ in rules(steps)]


def test_retinoid_role_on_a_product_counts():
    steps = [fact(1, "biologic"), fact(2, "other", roles=frozenset({"retinoid"}))]
    assert ("retinoid_with_biologic", 2) in rules(steps)


def test_paused_retinoids_do_not_clash():
    steps = [fact(1, "biologic"), fact(2, "retinoid")]
    assert rules(steps, paused_kinds=frozenset({"retinoid"})) == []
    assert rules(steps, excluded_step_ids=frozenset({2})) == []


# exfoliant_with_biologic


def test_acid_and_biologic_same_night_suggests_staggering():
    steps = [fact(1, "biologic"), fact(2, "exfoliant", schedule=schedule.WEEKDAYS, weekdays="2")]
    assert ("exfoliant_with_biologic", 2) in rules(steps)


def test_acid_on_different_nights_is_quiet():
    serum = fact(1, "biologic", schedule=schedule.WEEKDAYS, weekdays="0246")
    acid = fact(2, "exfoliant", schedule=schedule.WEEKDAYS, weekdays="135")
    assert "exfoliant_with_biologic" not in [r for r, _ in rules([serum, acid])]


def test_acid_that_starts_next_month_only_clashes_from_then():
    serum = fact(1, "biologic", schedule=schedule.WEEKDAYS, weekdays="0")
    acid = fact(2, "exfoliant", start=TODAY + dt.timedelta(days=40))
    assert ("exfoliant_with_biologic", 2) in rules([serum, acid])


def test_acid_role_on_a_product_counts_and_paused_kinds_apply_to_roles():
    acid = fact(2, "hydrating", roles=frozenset({"exfoliant"}))
    assert ("exfoliant_with_biologic", 2) in rules([fact(1, "biologic"), acid])
    assert "exfoliant_with_biologic" not in [
        r for r, _ in rules([fact(1, "biologic"), acid], paused_kinds=frozenset({"exfoliant"}))
    ]


# new_biologic_too_often


def test_new_biologic_morning_and_night_is_told_to_start_slower():
    start = TODAY - dt.timedelta(days=3)
    am = fact(1, "biologic", period="am", routine=1, start=start, product_key="p9")
    pm = fact(2, "biologic", period="pm", routine=2, start=start, product_key="p9")
    found = [a for a in advise([am, pm], TODAY) if a.rule == "new_biologic_too_often"]
    assert {a.step_id for a in found} == {1, 2}
    assert found[0].link == "/guide/how-to-use/#frequency"


def test_established_biologic_twice_a_day_is_fine():
    start = TODAY - dt.timedelta(days=30)
    am = fact(1, "biologic", period="am", routine=1, start=start, product_key="p9")
    pm = fact(2, "biologic", period="pm", routine=2, start=start, product_key="p9")
    assert "new_biologic_too_often" not in [r for r, _ in rules([am, pm])]


def test_new_biologic_once_a_day_is_fine():
    start = TODAY - dt.timedelta(days=3)
    pm = fact(2, "biologic", start=start, product_key="p9")
    assert "new_biologic_too_often" not in [r for r, _ in rules([pm])]


def test_new_biologic_am_and_pm_on_alternating_days_is_fine():
    start = TODAY - dt.timedelta(days=2)
    am = fact(
        1,
        "biologic",
        period="am",
        routine=1,
        start=start,
        product_key="p9",
        schedule=schedule.WEEKDAYS,
        weekdays="024",
    )
    pm = fact(
        2,
        "biologic",
        period="pm",
        routine=2,
        start=start,
        product_key="p9",
        schedule=schedule.WEEKDAYS,
        weekdays="135",
    )
    assert "new_biologic_too_often" not in [r for r, _ in rules([am, pm])]


# new_actives_together


def test_two_actives_started_a_week_apart_warns_about_tracing():
    serum = fact(
        1, "biologic", start=TODAY - dt.timedelta(days=10), schedule=schedule.WEEKDAYS, weekdays="0"
    )
    acid = fact(
        2, "exfoliant", start=TODAY - dt.timedelta(days=3), schedule=schedule.WEEKDAYS, weekdays="1"
    )
    found = [a for a in advise([serum, acid], TODAY) if a.rule == "new_actives_together"]
    assert [a.step_id for a in found] == [2]
    assert found[0].message.startswith("biologic 1 and exfoliant 2 all started")


def test_actives_started_three_weeks_apart_are_fine():
    serum = fact(1, "biologic", start=TODAY - dt.timedelta(days=25))
    vit_c = fact(2, "antioxidant", period="am", routine=2, start=TODAY - dt.timedelta(days=3))
    assert "new_actives_together" not in [r for r, _ in rules([serum, vit_c])]


def test_actives_started_together_long_ago_are_fine():
    serum = fact(1, "biologic", start=LONG_AGO)
    vit_c = fact(2, "antioxidant", period="am", routine=2, start=LONG_AGO)
    assert "new_actives_together" not in [r for r, _ in rules([serum, vit_c])]


def test_same_product_in_two_routines_is_one_active():
    start = TODAY - dt.timedelta(days=20)
    am = fact(1, "biologic", period="am", routine=1, start=start, product_key="p9")
    pm = fact(2, "biologic", period="pm", routine=2, start=start, product_key="p9")
    assert "new_actives_together" not in [r for r, _ in rules([am, pm])]


def test_a_moisturiser_is_not_an_active():
    a = fact(1, "moisturiser", start=TODAY - dt.timedelta(days=2))
    b = fact(2, "biologic", position=0, start=TODAY - dt.timedelta(days=1))
    assert "new_actives_together" not in [r for r, _ in rules([b, a])]


# storage


def test_refrigerated_product_gets_one_storage_note():
    am = fact(1, "biologic", period="am", routine=1, product_key="p9", needs_refrigeration=True)
    pm = fact(2, "biologic", period="pm", routine=2, product_key="p9", needs_refrigeration=True)
    found = [a for a in advise([am, pm], TODAY) if a.rule == "storage"]
    assert len(found) == 1
    assert found[0].link == "/guide/how-to-use/#storage"
    assert found[0].level == "info"


def test_shelf_stable_product_has_no_storage_note():
    assert "storage" not in [r for r, _ in rules([fact(1, "biologic")])]


def test_for_step_groups_by_step():
    steps = [fact(1, "sunscreen", period="am"), fact(2, "moisturiser", period="am")]
    grouped = advice.for_step(advise(steps, TODAY))
    assert list(grouped) == [1]


def test_every_advice_has_a_reason_and_a_guide_link():
    start = TODAY - dt.timedelta(days=3)
    steps = [
        fact(1, "moisturiser"),
        fact(2, "biologic", start=start, product_key="p1", needs_refrigeration=True),
        fact(3, "retinoid", start=start),
        fact(4, "exfoliant"),
        dataclasses.replace(
            fact(5, "biologic", start=start, product_key="p1"), period="am", routine_id=2
        ),
        fact(6, "sunscreen", period="am", routine=2, position=0),
        fact(7, "hydrating", routine=2),
        fact(8, "moisturiser", product_key="nmoisturiser1"),  # fact 1's product again
    ]
    items = advise(steps, TODAY)
    assert {a.rule for a in items} == {
        "biologic_first",
        "thin_before_thick",
        "sunscreen_last",
        "retinoid_with_biologic",
        "retinoid_with_acid",
        "same_product_twice",
        "exfoliant_with_biologic",
        "new_biologic_too_often",
        "new_actives_together",
        "storage",
    }
    for item in items:
        assert item.reason and item.link.startswith("/guide/")


def test_biologic_after_a_retinoid_it_alternates_with_is_fine():
    retinoid = fact(2, "retinoid", schedule=schedule.EVERY_OTHER_DAY, start=TODAY)
    serum = fact(3, "biologic", schedule=schedule.ALTERNATE, alternate_with=retinoid, start=TODAY)
    assert "biologic_first" not in [r for r, _ in rules([fact(1, "cleanser"), retinoid, serum])]


def test_thin_after_thick_on_different_days_is_fine():
    oil = fact(1, "occlusive", schedule=schedule.WEEKDAYS, weekdays="0")
    serum = fact(2, "hydrating", schedule=schedule.WEEKDAYS, weekdays="1")
    assert rules([oil, serum]) == []


def test_three_new_actives_get_one_note_on_the_latest():
    start = TODAY - dt.timedelta(days=5)
    steps = [
        fact(1, "antioxidant", period="am", routine=2, start=start, name="Vitamin C"),
        fact(2, "retinoid", start=start, name="Retinol", schedule=schedule.WEEKDAYS, weekdays="0"),
        fact(3, "biologic", start=TODAY, name="Serum", schedule=schedule.WEEKDAYS, weekdays="1"),
    ]
    found = [a for a in advise(steps, TODAY) if a.rule == "new_actives_together"]
    assert len(found) == 1 and found[0].step_id == 3
    assert found[0].message.startswith("Vitamin C, Retinol and Serum")
