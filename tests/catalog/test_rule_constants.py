"""The pure rule modules mirror model choices; these tests catch the two drifting apart."""

from catalog import cautions, ingredient_roles, scoring
from catalog.models import Ingredient, Product
from routines.models import Step
from routines.safety import rules as safety_rules


def test_packaging_and_role_sets_match_the_models():
    assert {str(p) for p in Product.PROTECTIVE_PACKAGING} == scoring.PROTECTIVE_PACKAGING
    assert set(Ingredient.Role.values) > ingredient_roles.HARSH_ROLES
    # Recovery pauses a step by its kind or its ingredients' roles, with the same names.
    assert set(Step.Kind.values) > ingredient_roles.HARSH_ROLES
    assert safety_rules.PAUSED_DURING_RECOVERY == ingredient_roles.HARSH_ROLES
    assert {str(s) for s in Product.HUMAN_SOURCES} == cautions.HUMAN_SOURCES
    assert set(scoring.PACKAGING_LABELS) == {p for p in Product.Packaging.values if p}
    assert {str(c) for c in Product.PROTECTIVE_CONTAINERS} == scoring.PROTECTIVE_CONTAINERS
    assert set(scoring.CONTAINER_LABELS) == {c for c in Product.Container.values if c}
    assert set(scoring.APPLICATOR_LABELS) == {a for a in Product.Applicator.values if a}
    assert set(ingredient_roles.SUPPORTING_ROLES) < set(Ingredient.Role.values)


def test_evidence_and_disclosure_values_the_rules_use_exist():
    assert {"quantified", "percentage", "not_disclosed", ""} == set(Product.Disclosure.values)
    assert {"none", "brand_sponsored", "peer_reviewed", "independent_rct"} < set(
        Product.Evidence.values
    )
