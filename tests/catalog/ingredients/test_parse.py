"""The ingredient-list parser on lists written the way packs print them."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog.ingredients.parse import (
    MAX_CHARS,
    MAX_ITEMS,
    match_key,
    parse_ingredient_list,
)


def written(text):
    return [item.written for item in parse_ingredient_list(text).items]


SERUM = (
    "INGREDIENTS: Aqua (Water), Glycerin, Niacinamide 5%, Propanediol, 1,2-Hexanediol, "
    "Sodium Hyaluronate, Retinol (0.3%), Tocopherol, Parfum*, Linalool, Limonene, "
    "Phenoxyethanol, Ethylhexylglycerin. May contain (+/-): CI 77891, CI 77491. "
    "*Natural fragrance"
)


def test_a_serum_list_reads_in_label_order():
    assert written(SERUM) == [
        "Aqua (Water)",
        "Glycerin",
        "Niacinamide",
        "Propanediol",
        "1,2-Hexanediol",
        "Sodium Hyaluronate",
        "Retinol",
        "Tocopherol",
        "Parfum",
        "Linalool",
        "Limonene",
        "Phenoxyethanol",
        "Ethylhexylglycerin",
        "CI 77891",
        "CI 77491",
    ]


def test_aqua_water_is_one_item_matched_by_either_name():
    (item,) = parse_ingredient_list("Aqua (Water)").items
    assert item.names == ("Aqua (Water)", "Aqua", "Water")
    (item,) = parse_ingredient_list("Water/Aqua/Eau").items
    assert item.names == ("Water/Aqua/Eau", "Water", "Aqua", "Eau")


def test_footnote_marks_go_and_footnotes_are_not_ingredients():
    assert written("Parfum*, Rosa Canina Fruit Oil**, Linalool†. *Organic. **Cold pressed") == [
        "Parfum",
        "Rosa Canina Fruit Oil",
        "Linalool",
    ]


def test_percentages_are_kept_apart_from_the_name():
    items = parse_ingredient_list("Niacinamide 10%, Retinol (0,5 %), 2% Salicylic Acid").items
    assert [(i.written, i.percent) for i in items] == [
        ("Niacinamide", "10"),
        ("Retinol", "0.5"),
        ("Salicylic Acid", "2"),
    ]


def test_may_contain_in_prose_marks_everything_after_it():
    items = parse_ingredient_list("Mica, Talc, May Contain: CI 77891, CI 77491").items
    assert [(i.written, i.may_contain) for i in items] == [
        ("Mica", False),
        ("Talc", False),
        ("CI 77891", True),
        ("CI 77491", True),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Mica, [+/- CI 77891, CI 77491 (Iron Oxides)], Talc",
        "Mica [+/-: CI 77891, CI 77491 (Iron Oxides)], Talc",
        "Mica, (+/-) CI 77891, CI 77491 (Iron Oxides)",
        "Mica, ± CI 77891, CI 77491 (Iron Oxides)",
    ],
)
def test_plus_minus_groups(text):
    items = {i.written: i.may_contain for i in parse_ingredient_list(text).items}
    assert items["Mica"] is False
    assert items["CI 77891"] is True
    assert items["CI 77491 (Iron Oxides)"] is True
    if "Talc" in items:
        assert items["Talc"] is False  # the bracketed group has ended


def test_ci_numbers_match_with_or_without_the_space():
    assert match_key("CI 77891") == match_key("CI77891") == match_key("ci  77891")


def test_case_spacing_and_hyphens_do_not_matter_and_duplicates_are_reported():
    parsed = parse_ingredient_list("GLYCERIN ,  glycerin, Glycerin;Alpha-Arbutin, alpha arbutin")
    assert [i.written for i in parsed.items] == ["GLYCERIN", "Alpha-Arbutin"]
    assert parsed.duplicates == ("glycerin", "Glycerin", "alpha arbutin")


def test_commas_inside_brackets_and_between_digits_do_not_split():
    assert written("Butyrospermum Parkii (Shea, Karite) Butter, 1,2-Hexanediol, PEG-7") == [
        "Butyrospermum Parkii (Shea, Karite) Butter",
        "1,2-Hexanediol",
        "PEG-7",
    ]


def test_semicolons_new_lines_and_bullets_separate():
    assert written("Aqua; Glycerin\nSqualane • Tocopherol") == [
        "Aqua",
        "Glycerin",
        "Squalane",
        "Tocopherol",
    ]


def test_a_2000_character_list_is_read_whole():
    names = [f"Plant Extract Number {n}" for n in range(200)]
    text = ", ".join(names)
    assert len(text) > 2000
    parsed = parse_ingredient_list(text)
    assert len(parsed.items) == 200
    assert not parsed.truncated


def test_overlong_input_is_cut_and_says_so():
    repeated = parse_ingredient_list("Aqua, " * (MAX_CHARS // 6))
    assert [i.written for i in repeated.items] == ["Aqua"]
    many = parse_ingredient_list(", ".join(f"I{n}" for n in range(MAX_ITEMS + 50)))
    assert len(many.items) == MAX_ITEMS and many.truncated
    assert parse_ingredient_list("x" * (MAX_CHARS + 1)).truncated


@pytest.mark.parametrize(
    "text", ["", "   ", ",,,;;", "((((", "]]]]", "%%%", "*", "\x00\x00", "5%", "May contain:"]
)
def test_junk_gives_no_items_and_no_error(text):
    assert parse_ingredient_list(text).items == ()


@given(st.text(max_size=400))
def test_any_text_parses_without_error(text):
    parsed = parse_ingredient_list(text)
    assert all(item.written and item.key for item in parsed.items)
    assert len({item.key for item in parsed.items}) == len(parsed.items)
