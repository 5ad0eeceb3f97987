from decimal import Decimal

from catalog.fit import BUDGET_ALTERNATIVE, Goal, find_fit
from tests.catalog.stand_ins import concern, ingredient, product

POST = concern("post-procedure", "Post-procedure recovery")
SENSITIVE = concern("sensitive-skin", "Sensitive or reactive skin")
TEXTURE = concern("texture", "Texture")
FIRMNESS = concern("firmness-elasticity", "Firmness and elasticity")
DARK = concern("dark-spots", "Dark spots")
GLYCOLIC = ingredient("Glycolic acid", "exfoliant")


def names(result):
    return [m.product.name for m in result.matches]


def test_post_procedure_ranks_biologic_matches_and_explains_why():
    recovery = product(name="Recovery", concern_list=[POST], clinician_backed=True)
    plain = product(name="Plain", concern_list=[POST], is_human_derived=False, source_type="plant")
    unrelated = product(name="Unrelated", concern_list=[DARK])
    result = find_fit([plain, unrelated, recovery], Goal.POST_PROCEDURE)
    assert names(result) == ["Recovery", "Plain"]
    reasons = result.matches[0].reasons
    assert any("post-procedure recovery" in r for r in reasons)
    assert any("human-derived repair signals" in r for r in reasons)
    assert "Used by clinicians." in reasons
    assert result.left_out == []  # unrelated products are not "left out", just not listed


def test_gentle_goals_leave_out_products_with_acids_and_say_why():
    acid = product(name="Acid", concern_list=[SENSITIVE], ingredient_list=[GLYCOLIC])
    for goal in (Goal.SENSITIVE, Goal.POST_PROCEDURE):
        result = find_fit([acid, product(name="Calm", concern_list=[SENSITIVE, POST])], goal)
        assert names(result) == ["Calm"]
    result = find_fit([acid], Goal.SENSITIVE)
    assert result.left_out[0].product is acid
    assert "Glycolic acid" in result.left_out[0].reason


def test_acids_are_fine_for_dark_spots():
    spot = product(name="Spot", concern_list=[DARK], ingredient_list=[GLYCOLIC])
    assert names(find_fit([spot], Goal.DARK_SPOTS)) == ["Spot"]


def test_more_matching_concerns_rank_higher_then_scorecard_then_name():
    one = product(name="B one", concern_list=[TEXTURE])
    two = product(name="Two", concern_list=[TEXTURE, FIRMNESS])
    one_better = product(name="C better", concern_list=[TEXTURE], packaging="dual_chamber")
    tie = product(name="A one", concern_list=[TEXTURE])
    result = find_fit([one, two, one_better, tie], Goal.TEXTURE_FIRMNESS)
    assert names(result) == ["Two", "C better", "A one", "B one"]


def test_vegan_goal_lists_only_vegan_products():
    vegan = product(name="Plant", is_vegan=True, is_human_derived=False, source_type="plant")
    result = find_fit([vegan, product(name="Human", concern_list=[TEXTURE])], Goal.VEGAN)
    assert names(result) == ["Plant"]
    assert any("vegan" in r for r in result.matches[0].reasons)


def test_no_fridge_leaves_out_cold_chain_products():
    cold = product(name="Cold", concern_list=[DARK], needs_refrigeration=True)
    assert names(find_fit([cold], Goal.DARK_SPOTS, fridge_ok=True)) == ["Cold"]
    result = find_fit([cold], Goal.DARK_SPOTS, fridge_ok=False)
    assert result.matches == []
    assert "refrigeration" in result.left_out[0].reason


def test_budget_leaves_out_dearer_products_and_flags_unknown_prices():
    dear = product(name="Dear", concern_list=[DARK], price=Decimal("250"), size_ml=Decimal("30"))
    cheap = product(name="Cheap", concern_list=[DARK], price=Decimal("80"), size_ml=Decimal("30"))
    unknown = product(name="Unknown", concern_list=[DARK])
    euro = product(name="Euro", concern_list=[DARK], price=Decimal("500"), currency="EUR")
    result = find_fit([dear, cheap, unknown, euro], Goal.DARK_SPOTS, budget=Decimal("100"))
    assert sorted(names(result)) == ["Cheap", "Euro", "Unknown"]
    assert "over your budget" in result.left_out[0].reason
    notes = {m.product.name: m.notes for m in result.matches}
    assert notes["Unknown"] == ["Price not recorded: check it fits your budget."]
    assert "EUR" in notes["Euro"][0]
    assert BUDGET_ALTERNATIVE in result.alternatives
    assert find_fit([unknown], Goal.DARK_SPOTS, budget=None).matches[0].notes == []


def test_every_goal_offers_honest_alternatives():
    for goal in Goal:
        assert find_fit([], goal).alternatives
    texture = find_fit([], Goal.TEXTURE_FIRMNESS).alternatives
    assert any("peptide serum or a retinoid" in a for a in texture)
    assert BUDGET_ALTERNATIVE not in find_fit([], Goal.TEXTURE_FIRMNESS, budget=None).alternatives


def test_disclosed_amount_helps_for_gentle_goals():
    disclosed = product(
        name="Z open", concern_list=[SENSITIVE], concentration_disclosure="percentage"
    )
    hidden = product(name="A hidden", concern_list=[SENSITIVE])
    assert names(find_fit([hidden, disclosed], Goal.SENSITIVE)) == ["Z open", "A hidden"]


def test_a_budget_that_no_recorded_price_can_answer_says_so_and_keeps_everyone():
    first = product(name="First", concern_list=[DARK], price=None)
    second = product(name="Second", concern_list=[DARK], price=None)
    result = find_fit([first, second], Goal.DARK_SPOTS, budget=Decimal("300"))
    assert names(result) == ["First", "Second"]
    assert result.unpriced == 2
    assert result.budget_note.startswith("None of the 2 serums listed has a recorded price")
    assert "$300" in result.budget_note
    # Even at a generous budget, the lower-cost options are offered when no price is known.
    assert BUDGET_ALTERNATIVE in result.alternatives


def test_a_budget_counts_the_unpriced_among_priced_matches():
    priced = product(name="Priced", concern_list=[DARK], price=Decimal("80"))
    unpriced = product(name="Unpriced", concern_list=[DARK], price=None)
    result = find_fit([priced, unpriced], Goal.DARK_SPOTS, budget=Decimal("200"))
    assert result.budget_note == (
        "1 listed serum has no recorded price. It is still shown, because we cannot "
        "tell whether it fits your budget of $200."
    )
    assert BUDGET_ALTERNATIVE not in result.alternatives
    assert find_fit([priced, unpriced], Goal.DARK_SPOTS).budget_note == ""
