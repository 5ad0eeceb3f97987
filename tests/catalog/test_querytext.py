"""What a reader typed, as groups of alternatives (catalog.querytext): pure, no database."""

from catalog import querytext


def test_parse_groups_synonyms_phrases_and_plain_words():
    parsed = querytext.parse(
        "Vitamin C serum for retinol users", {"vitamin c": ["ascorbic acid"], "retinol": ["x"]}
    )
    assert parsed.groups == [
        [("vitamin", "c"), ("ascorbic", "acid")],
        [("serum",)],
        [("retinol",), ("x",)],
        [("users",)],
    ]
    assert parsed.typed == ["serum", "users"]
    assert querytext.tsquery_text(parsed) == (
        "(vitamin <-> c | ascorbic <-> acid:*) & (serum:*) & (retinol:* | x) & (users:*)"
    )


def test_accents_fold_and_one_letter_words_join_the_word_before():
    assert querytext.fold("Lumière Éclat") == "lumiere eclat"
    parsed = querytext.parse("omega 3 oil")
    assert parsed.groups == [[("omega", "3")], [("oil",)]]
    assert parsed.typed == ["omega 3", "oil"]


def test_fold_lowers_plain_ascii_and_strips_accents_from_the_rest():
    assert querytext.fold("Vitamin C-3") == "vitamin c-3"
    assert querytext.fold("NIACINAMIDE") == "niacinamide"
    assert querytext.fold("Crème Brûlée") == "creme brulee"
