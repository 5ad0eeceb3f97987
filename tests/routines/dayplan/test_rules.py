"""The day plan's rules, without a database."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from routines import schedule
from routines.dayplan import holds as patch
from routines.dayplan import rules as dayplan
from routines.dayplan.holds import Hold, PatchFacts, PatchRead
from routines.dayplan.rules import (
    DUE,
    ENDED,
    HELD,
    NOT_SCHEDULED,
    PAUSED,
    PROMOTED,
    PlanStep,
    Version,
    plan_day,
)
from routines.safety import rules as safety
from routines.safety.rules import Window

D = dt.date
UTC = dt.UTC
# 2026-12-01 is a Tuesday.
TUE = D(2026, 12, 1)


def step(pk, kind="other", sched=schedule.DAILY, period="pm", **kw):
    kw.setdefault("start_date", D(2026, 11, 1))
    return PlanStep(
        pk=pk, routine_id=1, period=period, name=f"Step {pk}", kind=kind, schedule=sched, **kw
    )


def states(plan):
    return {e.step.pk: e.state for e in plan.entries}


def journey_steps():
    """Retinoid every other day, Mon/Wed/Fri glycolic toner, a serum alternating with the
    retinoid (the usual way to keep a retinoid and a biologic apart)."""
    return [
        step(1, "retinoid", schedule.EVERY_OTHER_DAY, start_date=D(2026, 11, 2)),
        step(2, "exfoliant", schedule.WEEKDAYS, weekdays="024"),
        step(3, "biologic", schedule.ALTERNATE, alternate_with=1, start_date=D(2026, 11, 2)),
        step(4, "moisturiser"),
    ]


def test_without_holds_or_windows_the_plan_is_the_schedule():
    steps = journey_steps()
    for offset in range(28):
        day = TUE + dt.timedelta(days=offset)
        plan = plan_day(steps, day)
        rules = dayplan._rules_on(steps, day)
        expected = {s.pk for s in steps if schedule.is_scheduled(rules[s.pk], day)}
        assert plan.open_ids() == expected
        assert {e.step.pk for e in plan.entries if e.state == NOT_SCHEDULED} == (
            {s.pk for s in steps} - expected
        )


def test_recovery_pauses_retinoid_and_acid_and_keeps_the_serum_due_daily():
    steps = journey_steps()
    # Microneedling on Sunday 29 Nov, 7 days: Tuesday is day 3.
    window = Window(D(2026, 11, 29), D(2026, 12, 6), (9,))
    # On Tuesday the retinoid is scheduled (Nov 2 + 29 days, odd → check) — whichever it
    # is, the serum must be due and the retinoid/acid never open.
    for offset in range(7):
        day = D(2026, 11, 29) + dt.timedelta(days=offset)
        plan = plan_day(steps, day, windows=[window])
        got = states(plan)
        assert got[3] in (DUE, PROMOTED), (day, got)
        assert got[1] == PAUSED
        assert got[2] == PAUSED
        assert got[4] == DUE
    # On a retinoid night the serum is promoted (its schedule gives the night away).
    retinoid_night = next(
        D(2026, 11, 29) + dt.timedelta(days=i)
        for i in range(7)
        if states(plan_day(steps, D(2026, 11, 29) + dt.timedelta(days=i)))[1] == DUE
    )
    entry = plan_day(steps, retinoid_night, windows=[window]).by_step()
    assert entry[1].state == PAUSED
    assert entry[1].changes_on == D(2026, 12, 6)
    assert "back on 6 Dec" in entry[1].reason
    assert entry[3].state == PROMOTED
    assert entry[3].changes_on == D(2026, 12, 6)
    # After the window, back to the schedule.
    after = plan_day(steps, D(2026, 12, 6), windows=[window])
    assert PAUSED not in states(after).values() and PROMOTED not in states(after).values()


def test_a_hold_takes_a_step_out_on_every_day_it_lasts():
    steps = [step(1, "biologic", product_key="p7"), step(2, sched=schedule.WEEKDAYS, weekdays="0")]
    steps[1] = PlanStep(**{**steps[1].__dict__, "product_key": "p8"})
    holds = [
        Hold("p7", D(2026, 11, 30), None, patch.TESTING, "testing", 5, D(2026, 12, 3)),
        Hold("p8", D(2026, 11, 30), None, patch.REACTED, "reacted", 6),
    ]
    plan = plan_day(steps, TUE, holds=holds)
    got = plan.by_step()
    assert got[1].state == HELD and got[1].changes_on == D(2026, 12, 3)
    assert got[2].state == HELD  # a Monday-only step, held on a Tuesday too
    assert got[2].reason == "reacted"
    assert plan.open_ids() == frozenset()
    assert plan.taken_out() == [got[1], got[2]]


def test_a_hold_beats_recovery_promotion():
    steps = [step(1, "biologic", schedule.EVERY_OTHER_DAY, product_key="p7")]
    window = Window(D(2026, 11, 29), D(2026, 12, 6), (9,))
    holds = [Hold("p7", D(2026, 11, 1), None, patch.REACTED, "reacted", 5)]
    for offset in range(7):
        day = D(2026, 11, 29) + dt.timedelta(days=offset)
        assert states(plan_day(steps, day, holds=holds, windows=[window]))[1] == HELD


def test_an_ended_step_is_ended_from_its_end_day_and_due_before():
    steps = [step(1, ended_on=TUE)]
    assert states(plan_day(steps, TUE - dt.timedelta(days=1)))[1] == DUE
    assert states(plan_day(steps, TUE))[1] == ENDED


def test_a_removed_partner_leaves_the_alternating_step_every_other_day():
    steps = [
        step(1, "retinoid", schedule.EVERY_OTHER_DAY, ended_on=TUE),
        step(2, "biologic", schedule.ALTERNATE, alternate_with=1),
    ]
    before = [plan_day(steps, TUE - dt.timedelta(days=i)).open_ids() for i in (1, 2)]
    assert sorted(len(b) for b in before) == [1, 1]  # one of the two each night
    after = [2 in plan_day(steps, TUE + dt.timedelta(days=i)).open_ids() for i in range(4)]
    assert after in ([True, False, True, False], [False, True, False, True])


def test_past_days_use_the_schedule_that_applied_then():
    # Daily until 1 Dec, then Mondays only (changed on Tuesday 1 Dec).
    changed = step(
        1,
        sched=schedule.WEEKDAYS,
        weekdays="0",
        versions=(Version(TUE, "other", schedule.DAILY, D(2026, 11, 1)),),
    )
    assert states(plan_day([changed], TUE - dt.timedelta(days=1)))[1] == DUE  # Monday
    assert states(plan_day([changed], TUE - dt.timedelta(days=2)))[1] == DUE  # Sunday
    assert states(plan_day([changed], TUE))[1] == NOT_SCHEDULED
    assert states(plan_day([changed], TUE + dt.timedelta(days=6)))[1] == DUE  # next Monday


def test_not_scheduled_says_when_it_is_next_due():
    toner = step(2, "exfoliant", schedule.WEEKDAYS, weekdays="024")
    entry = plan_day([toner], TUE).by_step()[2]
    assert entry.state == NOT_SCHEDULED
    assert entry.changes_on == D(2026, 12, 2)
    assert entry.reason == "Mon, Wed, Fri; next on Wed 2 Dec."
    later = step(3, start_date=D(2026, 12, 10))
    assert plan_day([later], TUE).by_step()[3].reason == "Starts on 10 Dec."


def test_streak_counts_only_open_steps_and_skips_days_with_nothing_open():
    steps = [step(1, "retinoid"), step(2, "moisturiser")]
    window = Window(TUE - dt.timedelta(days=3), TUE + dt.timedelta(days=4), (1,))
    # Only the moisturiser is open in the window; ticking it is a complete day.
    done = {(TUE - dt.timedelta(days=i), 2) for i in range(0, 4)}
    # Before the window both were done for two days.
    done |= {(TUE - dt.timedelta(days=i), pk) for i in (4, 5) for pk in (1, 2)}
    count, unbroken = dayplan.streak(steps, done, TUE, windows=[window])
    assert count == 6 and not unbroken
    # An unfinished today does not break it.
    count, _ = dayplan.streak(steps, done - {(TUE, 2)}, TUE, windows=[window])
    assert count == 5


# ---------------------------------------------------------------- patch tests


def patch_facts(reads=(), **kw):
    started = dt.datetime(2026, 11, 28, 20, 0, tzinfo=UTC)
    facts = {
        "pk": 5,
        "product_key": "p7",
        "started_at": started,
        "started_on": started.date(),
        "final_read_on": (started + dt.timedelta(hours=72)).date(),
    }
    facts.update(kw)
    return PatchFacts(reads=tuple(reads), **facts)


def at(hours):
    moment = dt.datetime(2026, 11, 28, 20, 0, tzinfo=UTC) + dt.timedelta(hours=hours)
    return moment


def read(hours, result):
    return PatchRead(at(hours), at(hours).date(), result)


def test_a_running_test_holds_from_its_start_day():
    [hold] = patch.holds_from_test(patch_facts())
    assert hold.state == patch.TESTING and hold.end is None
    assert hold.start == D(2026, 11, 28)
    assert hold.changes_on == D(2026, 12, 1)
    assert hold.message == patch.PATCH_TESTING_MESSAGE


def test_a_clean_48_hour_read_alone_does_not_release_the_product():
    test = patch_facts([read(49, "none")])
    assert patch.patch_outcome(test) == "running"
    [hold] = patch.holds_from_test(test)
    assert hold.end is None


def test_a_clean_72_hour_read_releases_it_from_that_day():
    test = patch_facts([read(49, "none"), read(73, "none")])
    assert patch.patch_outcome(test) == "passed"
    [hold] = patch.holds_from_test(test)
    assert hold.end == at(73).date()


def test_a_late_reaction_after_a_pass_holds_it_again_for_good():
    test = patch_facts([read(49, "none"), read(73, "none"), read(24 * 6, "reaction")])
    assert patch.patch_outcome(test) == "reacted"
    testing, reacted = patch.holds_from_test(test)
    assert testing.end == at(73).date()
    assert reacted.start == at(24 * 6).date() and reacted.end is None
    assert reacted.message == patch.PATCH_REACTED_MESSAGE
    steps = [step(1, "biologic", product_key="p7")]
    holds = patch.holds_from_test(test)
    assert states(plan_day(steps, at(100).date(), holds=holds))[1] == DUE
    assert states(plan_day(steps, at(24 * 7).date(), holds=holds))[1] == HELD


def test_mild_redness_counts_as_irritation_and_holds_for_good():
    test = patch_facts([read(50, "mild")])
    assert patch.patch_outcome(test) == "reacted"
    assert [h.state for h in patch.holds_from_test(test)] == [patch.TESTING, patch.REACTED]
    assert "clinician" in patch.holds_from_test(test)[1].message


def test_abandoning_or_overriding_ends_the_testing_hold():
    [hold] = patch.holds_from_test(patch_facts(abandoned_on=D(2026, 11, 30)))
    assert hold.end == D(2026, 11, 30)
    [hold] = patch.holds_from_test(patch_facts(overridden_on=D(2026, 11, 29)))
    assert hold.end == D(2026, 11, 29)


def test_read_slots():
    started = at(0)
    assert patch.read_slot(started, at(47.9)) == "early"
    assert patch.read_slot(started, at(48)) == "48h"
    assert patch.read_slot(started, at(72)) == "72h"


# ---------------------------------------------------------------- properties

kinds = st.sampled_from(["retinoid", "exfoliant", "biologic", "moisturiser", "other"])


@st.composite
def routines(draw):
    count = draw(st.integers(1, 6))
    steps = []
    for pk in range(1, count + 1):
        sched = draw(st.sampled_from(list(schedule_names())))
        partner = None
        if sched == schedule.ALTERNATE:
            partner = draw(st.sampled_from(range(1, count + 1)))
        versions = ()
        if draw(st.booleans()):
            versions = (
                Version(
                    TUE - dt.timedelta(days=draw(st.integers(0, 40))),
                    draw(kinds),
                    draw(st.sampled_from([schedule.DAILY, schedule.EVERY_OTHER_DAY])),
                    D(2026, 10, 1) + dt.timedelta(days=draw(st.integers(0, 30))),
                ),
            )
        steps.append(
            step(
                pk,
                draw(kinds),
                sched,
                period=draw(st.sampled_from(["am", "pm"])),
                start_date=D(2026, 10, 1) + dt.timedelta(days=draw(st.integers(0, 60))),
                interval_days=draw(st.integers(2, 5)),
                weekdays="".join(sorted(draw(st.sets(st.sampled_from("0123456"), min_size=1)))),
                alternate_with=partner,
                product_key=f"p{draw(st.integers(1, 4))}",
                ended_on=draw(st.none() | st.dates(D(2026, 10, 1), D(2027, 1, 31))),
                versions=versions,
            )
        )
    return steps


def schedule_names():
    return (
        schedule.DAILY,
        schedule.EVERY_OTHER_DAY,
        schedule.EVERY_N_DAYS,
        schedule.WEEKDAYS,
        schedule.ALTERNATE,
    )


holds_st = st.lists(
    st.builds(
        Hold,
        product_key=st.sampled_from(["p1", "p2", "p3", "p4"]),
        start=st.dates(D(2026, 10, 1), D(2027, 1, 31)),
        end=st.none() | st.dates(D(2026, 10, 1), D(2027, 1, 31)),
        state=st.sampled_from([patch.TESTING, patch.REACTED]),
        message=st.just("held"),
        source_pk=st.integers(1, 9),
    ),
    max_size=3,
)
windows_st = st.lists(
    st.builds(
        lambda start, days, pk: Window(start, start + dt.timedelta(days=days), (pk,)),
        st.dates(D(2026, 10, 1), D(2027, 1, 31)),
        st.integers(1, 28),
        st.integers(1, 9),
    ),
    max_size=2,
)
days_st = st.dates(D(2026, 9, 20), D(2027, 2, 10))


@settings(max_examples=300, deadline=None)
@given(routines(), holds_st, windows_st, days_st)
def test_every_step_has_exactly_one_state_that_its_inputs_explain(steps, holds, windows, day):
    plan = plan_day(steps, day, holds=holds, windows=windows)
    assert [e.step.pk for e in plan.entries] == [s.pk for s in steps]
    window = safety.window_on(windows, day)
    rules = dayplan._rules_on(steps, day)
    for base, entry in zip(steps, plan.entries, strict=True):
        s = base.on(day)
        held = any(h.product_key == s.product_key and h.contains(day) for h in holds)
        scheduled = schedule.is_scheduled(rules[s.pk], day)
        if s.ended_on is not None and day >= s.ended_on:
            assert entry.state == ENDED
        elif day < s.start_date:
            assert entry.state == NOT_SCHEDULED
        elif held:
            assert entry.state == HELD
        elif entry.state == DUE:
            assert scheduled
            assert window is None or s.kind not in safety.PAUSED_DURING_RECOVERY
        elif entry.state == PROMOTED:
            assert window is not None and s.kind == "biologic" and not scheduled and not held
        elif window is not None and s.kind in safety.PAUSED_DURING_RECOVERY:
            assert entry.state == PAUSED
            assert entry.changes_on == window.end
        else:
            assert entry.state == NOT_SCHEDULED and not scheduled
        # The serum recovery recommends is never left off in a window unless a test holds it.
        if (
            window is not None
            and s.kind == "biologic"
            and day >= s.start_date
            and (s.ended_on is None or day < s.ended_on)
            and not held
        ):
            assert entry.is_open


@settings(max_examples=150, deadline=None)
@given(routines(), holds_st, windows_st, st.integers(0, 40), st.data())
def test_streak_agrees_with_the_days_it_counts(steps, holds, windows, span, data):
    today = TUE
    plans = dayplan.plan_days(
        steps, today - dt.timedelta(days=span), today, holds=holds, windows=windows
    )
    done = set()
    for day, plan in plans.items():
        for pk in sorted(plan.open_ids()):
            if data.draw(st.integers(0, 9)) > 1:
                done.add((day, pk))
    count, _ = dayplan.streak(steps, done, today, holds=holds, windows=windows, limit_days=span + 1)
    # Recount by hand from the day plans.
    expected = 0
    for offset in range(span + 1):
        day = today - dt.timedelta(days=offset)
        open_ids = plans[day].open_ids()
        if not open_ids:
            continue
        if plans[day].is_complete(pk for d, pk in done if d == day):
            expected += 1
        elif offset == 0:
            continue
        else:
            break
    assert count == expected


def test_nudge_lines_name_only_what_is_due_and_what_is_taken_out():
    steps = journey_steps()
    window = Window(D(2026, 11, 29), D(2026, 12, 6), (9,))
    plan = plan_day(steps, TUE, windows=[window])
    lines = dayplan.nudge_lines(plan, "pm", "this evening")
    due = dayplan.open_names(plan, "pm")
    assert lines[0] == "Due this evening: " + ", ".join(due) + "."
    assert "Step 3" in due and "Step 4" in due
    assert "Step 1" not in lines[0] and "Step 2" not in lines[0]
    paused = [e.step.name for e in plan.taken_out("pm")]
    if paused:
        assert lines[1] == f"Paused for recovery: {', '.join(paused)} (back on Sun 6 Dec)."
    assert dayplan.nudge_lines(plan, "am", "this morning") == [
        "Nothing in your routine is due this morning."
    ]


def test_correcting_the_past_is_bounded_by_the_first_day_and_sixty_days():
    assert dayplan.correctable_from(TUE, D(2026, 11, 20)) == D(2026, 11, 20)
    assert dayplan.correctable_from(TUE, D(2025, 1, 1)) == TUE - dt.timedelta(days=60)
    assert dayplan.correctable_from(TUE, None) == TUE
