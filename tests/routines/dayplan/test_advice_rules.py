"""Advice the day plan issue adds: a retinoid and an acid on the same night, the same
product twice, and starters that follow the one-new-active-at-a-time rule they teach."""

import datetime as dt

import pytest
from django.urls import reverse

from routines import schedule
from routines.editor import starters
from routines.editor.rules import StepFacts, advise
from routines.models import Step

TODAY = dt.date(2026, 11, 25)
LONG_AGO = dt.date(2025, 1, 1)


def fact(pk, kind, *, period="pm", routine=1, **extra):
    return StepFacts(
        pk=pk,
        routine_id=routine,
        routine_name="Evening",
        period=period,
        position=pk,
        name=extra.pop("name", f"{kind} {pk}"),
        kind=kind,
        start_date=extra.pop("start", LONG_AGO),
        product_key=extra.pop("product_key", f"n{kind}{pk}"),
        **extra,
    )


def found(steps, rule):
    return [a for a in advise(steps, TODAY) if a.rule == rule]


def test_a_retinoid_and_an_acid_due_the_same_night_are_told_to_alternate():
    retinoid = fact(1, "retinoid", name="Retinal", schedule=schedule.EVERY_OTHER_DAY)
    acid = fact(2, "exfoliant", name="Glycolic toner", schedule=schedule.WEEKDAYS, weekdays="024")
    (item,) = found([retinoid, acid], "retinoid_with_acid")
    assert item.step_id == 2
    assert "alternate nights" in item.message
    assert "Glycolic toner" in item.message and "Retinal" in item.message
    assert item.link == "/guide/how-to-use/#pairing-with-other-actives"


def test_a_retinoid_and_an_acid_on_alternate_nights_are_fine():
    retinoid = fact(1, "retinoid", schedule=schedule.EVERY_OTHER_DAY)
    acid = fact(2, "exfoliant", schedule=schedule.ALTERNATE, alternate_with=retinoid)
    assert found([retinoid, acid], "retinoid_with_acid") == []
    morning_acid = fact(3, "exfoliant", period="am", routine=2)
    assert found([retinoid, morning_acid], "retinoid_with_acid") == []


def test_an_acid_ingredient_in_a_serum_counts_as_an_acid():
    retinoid = fact(1, "retinoid")
    serum = fact(2, "other", name="Peel serum", roles=frozenset({"exfoliant"}))
    assert [a.step_id for a in found([retinoid, serum], "retinoid_with_acid")] == [2]


def test_the_same_product_twice_in_one_routine_is_flagged_once():
    first = fact(1, "biologic", name="TNS", product_key="p7")
    second = fact(2, "biologic", name="TNS", product_key="p7")
    (item,) = found([first, second], "same_product_twice")
    assert item.step_id == 2 and "twice" in item.message
    # The same cleanser morning and evening is normal.
    morning = fact(3, "cleanser", period="am", routine=2, product_key="p9")
    evening = fact(4, "cleanser", product_key="p9")
    assert found([morning, evening], "same_product_twice") == []


@pytest.mark.parametrize("starter", starters.STARTERS, ids=lambda s: s.slug)
def test_starter_start_dates_bring_in_one_new_active_at_a_time(starter):
    offsets = starters.start_offsets(starter)
    facts = []
    for r_index, routine in enumerate(starter.routines):
        for s_index, item in enumerate(routine.steps):
            facts.append(
                fact(
                    len(facts) + 1,
                    item.kind,
                    period=routine.period,
                    routine=r_index + 1,
                    name=item.name,
                    start=TODAY + dt.timedelta(days=offsets[(r_index, s_index)]),
                    product_key=f"n{item.name.casefold()}",
                )
            )
    assert found(facts, "new_actives_together") == []
    # A reparative serum starts at once: recovery cannot wait two weeks for it.
    for r_index, routine in enumerate(starter.routines):
        for s_index, item in enumerate(routine.steps):
            if item.kind == "biologic":
                assert offsets[(r_index, s_index)] == 0


def test_copying_the_mature_skin_starter_warns_of_nothing_and_staggers_its_actives(
    owner_client, owner
):
    response = owner_client.post(
        reverse("routines:starter_copy", args=["mature-skin-texture"]), follow=True
    )
    html = response.content.decode()
    assert "all started within two weeks" not in html
    starts = {s.custom_name: s.start_date for s in Step.objects.filter(routine__user=owner)}
    local_today = owner.profile.local_today()
    assert starts["Stem-cell serum"] == local_today
    assert starts["Vitamin C serum"] == local_today + dt.timedelta(days=14)
    assert starts["Retinoid"] == local_today + dt.timedelta(days=28)
    assert starts["Cleanser"] == local_today
