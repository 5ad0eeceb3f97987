from decimal import Decimal

import pytest

from catalog.scoring import Status, scorecard
from tests.catalog.stand_ins import concern, ingredient, product


def status_of(key, p):
    return next(c for c in scorecard(p).criteria if c.key == key)


@pytest.mark.parametrize(
    ("overrides", "status", "phrase"),
    [
        ({"source_type": ""}, Status.UNKNOWN, "not recorded"),
        ({"concentration_disclosure": "quantified"}, Status.MET, "with units"),
        (
            {"concentration_disclosure": "percentage", "concentration_percent": Decimal("50.00")},
            Status.MET,
            "about 50%",
        ),
        ({"concentration_disclosure": "percentage"}, Status.MET, "percentage given"),
        # "The brand does not…" only when an editor recorded the non-disclosure.
        (
            {"concentration_disclosure": "not_disclosed"},
            Status.PARTLY,
            "the brand does not disclose how much is in it (checked by our editors)",
        ),
        ({"concentration_disclosure": ""}, Status.PARTLY, "how much is in it is not recorded"),
    ],
)
def test_source_and_transparency(overrides, status, phrase):
    criterion = status_of("source", product(**overrides))
    assert criterion.status is status
    assert phrase in criterion.reason


@pytest.mark.parametrize(
    ("overrides", "status", "phrase"),
    [
        ({"packaging": "dual_chamber"}, Status.MET, "Dual-chamber"),
        ({"packaging": "airless_pump", "needs_refrigeration": True}, Status.MET, "cold chain"),
        ({"applicator": "dropper", "needs_refrigeration": True}, Status.PARTLY, "Kept cold"),
        ({"packaging": "", "needs_refrigeration": True}, Status.PARTLY, "Kept cold"),
        ({"container": "amber_glass"}, Status.MET, "Amber glass container"),
        ({"container": "clear"}, Status.NOT_MET, "Clear glass or plastic: not one"),
        ({"packaging": "other"}, Status.NOT_MET, "Other packaging: not one"),
        # An applicator is not a container: a roller alone leaves stability unknown.
        ({"applicator": "roller"}, Status.UNKNOWN, "roller applicator is recorded, but it says"),
        ({"packaging": ""}, Status.UNKNOWN, "not recorded"),
    ],
)
def test_stability_and_packaging(overrides, status, phrase):
    criterion = status_of("packaging", product(**overrides))
    assert criterion.status is status
    assert phrase in criterion.reason


HA = ingredient("Hyaluronic acid", "hydrator")
GLYCOLIC = ingredient("Glycolic acid", "exfoliant")
RETINOID = ingredient("Retinoid", "retinoid")
MARINE = ingredient("Marine extracts", "other")


@pytest.mark.parametrize(
    ("items", "status", "phrase"),
    [
        ([], Status.UNKNOWN, "No supporting"),
        ([HA], Status.MET, "Hyaluronic acid"),
        ([HA, GLYCOLIC], Status.PARTLY, "Glycolic acid can irritate"),
        ([RETINOID], Status.NOT_MET, "Retinoid can irritate"),
        ([MARINE], Status.PARTLY, "none of the usual"),
    ],
)
def test_supporting_ingredients(items, status, phrase):
    criterion = status_of("ingredients", product(ingredient_list=items))
    assert criterion.status is status
    assert phrase in criterion.reason


@pytest.mark.parametrize(
    ("overrides", "status", "phrase"),
    [
        ({"evidence_level": "independent_rct"}, Status.MET, "independent randomised"),
        ({"evidence_level": "peer_reviewed", "clinician_backed": True}, Status.MET, "Clinicians"),
        ({"evidence_level": "brand_sponsored"}, Status.PARTLY, "brand-sponsored"),
        ({"evidence_level": "none", "clinician_backed": True}, Status.PARTLY, "no data"),
        ({"evidence_level": "none"}, Status.NOT_MET, "No published data"),
        ({"evidence_level": "", "clinician_backed": True}, Status.PARTLY, "not recorded"),
        ({"evidence_level": ""}, Status.UNKNOWN, "not recorded"),
    ],
)
def test_clinician_backing_and_data(overrides, status, phrase):
    criterion = status_of("evidence", product(**overrides))
    assert criterion.status is status
    assert phrase in criterion.reason


@pytest.mark.parametrize(
    ("overrides", "status", "phrase"),
    [
        ({}, Status.UNKNOWN, "not recorded"),
        ({"price": Decimal("120"), "size_ml": None}, Status.UNKNOWN, "not recorded"),
        ({"price": Decimal("99"), "size_ml": Decimal("30")}, Status.MET, "3.30 USD per ml"),
        ({"price": Decimal("180"), "size_ml": Decimal("30")}, Status.PARTLY, "6.00 USD"),
        ({"price": Decimal("300"), "size_ml": Decimal("30")}, Status.PARTLY, "10.00 USD"),
        ({"price": Decimal("301"), "size_ml": Decimal("30")}, Status.NOT_MET, "above"),
        (
            {"price": Decimal("90"), "size_ml": Decimal("30"), "currency": "EUR"},
            Status.UNKNOWN,
            "US dollars",
        ),
    ],
)
def test_price_against_value(overrides, status, phrase):
    criterion = status_of("price", product(**overrides))
    assert criterion.status is status
    assert phrase in criterion.reason


@pytest.mark.parametrize(
    ("overrides", "status", "phrase"),
    [
        ({"concern_list": [concern("texture", "Texture")]}, Status.MET, "texture"),
        ({"is_vegan": True}, Status.MET, "vegan"),
        ({}, Status.UNKNOWN, "not recorded"),
    ],
)
def test_intended_use(overrides, status, phrase):
    criterion = status_of("use", product(**overrides))
    assert criterion.status is status
    assert phrase in criterion.reason


def test_scorecard_totals_count_met_as_two_and_partly_as_one():
    card = scorecard(
        product(
            concentration_disclosure="quantified",  # met
            packaging="other",  # not met
            ingredient_list=[HA, GLYCOLIC],  # partly
            evidence_level="",  # unknown
            price=Decimal("99"),
            size_ml=Decimal("30"),  # met
            is_vegan=True,  # met
        )
    )
    assert [c.key for c in card] == [
        "source",
        "packaging",
        "ingredients",
        "evidence",
        "price",
        "use",
    ]
    assert card.points == 7
    assert card.max_points == 12
    assert card.unknown_count == 1
    assert str(card) == "7/12"
