"""Matching parsed names to the dictionary: by name, INCI name, synonym and class."""

import pytest

from catalog.ingredients.dictionary import load_dictionary, read_list
from catalog.ingredients.match import ClassEntry, Dictionary, Entry, recognise
from catalog.ingredients.parse import parse_ingredient_list
from catalog.models import Ingredient, IngredientClass, IngredientSynonym
from tests.catalog.factories import IngredientFactory

RETINOIDS = ClassEntry(1, "Retinoid", "retinoid", ("retinoids", "vitamin A"))
FRAGRANCE = ClassEntry(2, "Fragrance", "other", ("perfume",))
ESSENTIAL = ClassEntry(3, "Essential oil", "oil")
RETINOL = Entry(10, "Retinol", "retinoid", (RETINOIDS,))
WATER = Entry(11, "Water", "other")
PARFUM = Entry(12, "Fragrance (parfum)", "other", (FRAGRANCE,))
LAVENDER = Entry(13, "Lavender oil", "oil", (ESSENTIAL, FRAGRANCE))


def small_dictionary():
    return Dictionary.build(
        [
            (RETINOL, ["Retinol"], ["Vitamin A"]),
            (WATER, ["Aqua", "Water"], ["Eau"]),
            (PARFUM, ["Parfum", "Fragrance (parfum)"], ["Fragrance", "Perfume"]),
            (LAVENDER, ["Lavandula Angustifolia (Lavender) Oil"], ["Lavender Oil"]),
        ],
        [RETINOIDS, FRAGRANCE, ESSENTIAL],
    )


def test_names_synonyms_and_brackets_find_the_entry():
    rows = recognise(
        parse_ingredient_list("AQUA (WATER), retinol 1%, Fragrance*, lavender  oil, Mystery Root"),
        small_dictionary(),
    )
    assert [(r.item.written, r.entry and r.entry.name) for r in rows] == [
        ("AQUA (WATER)", "Water"),
        ("retinol", "Retinol"),
        ("Fragrance", "Fragrance (parfum)"),
        ("lavender oil", "Lavender oil"),
        ("Mystery Root", None),
    ]


def test_an_own_name_wins_over_another_entrys_synonym():
    a = Entry(1, "Alpha", "other")
    b = Entry(2, "Beta", "other")
    dictionary = Dictionary.build([(a, ["Alpha"], ["Beta"]), (b, ["Beta"], [])])
    assert dictionary.find("beta") == b


@pytest.mark.parametrize(
    "word, expected",
    [
        ("fragrance", FRAGRANCE),
        ("Fragrances", FRAGRANCE),
        ("perfume", FRAGRANCE),
        ("essential oils", ESSENTIAL),
        ("ESSENTIAL OIL", ESSENTIAL),
        ("vitamin a", RETINOIDS),
        ("glitter", None),
    ],
)
def test_classes_by_name_other_name_and_plural(word, expected):
    assert small_dictionary().find_class(word) == expected


def test_class_members_and_the_roles_the_rules_read():
    dictionary = small_dictionary()
    assert [e.name for e in dictionary.in_class(FRAGRANCE)] == [
        "Fragrance (parfum)",
        "Lavender oil",
    ]
    assert LAVENDER.rule_roles == {"oil", "other"}
    assert RETINOL.rule_roles == {"retinoid"}


@pytest.mark.django_db
def test_the_shipped_dictionary_reads_a_real_looking_list():
    reading = read_list(
        "Aqua (Water), Glycerin, Retinol, Parfum*, Lavandula Angustifolia Oil, "
        "Cetearyl Alcohol, Snail Secretion Filtrate, CI77891"
    )
    found = {r.item.written: r.entry and r.entry.name for r in reading.rows}
    assert found == {
        "Aqua (Water)": "Water",
        "Glycerin": "Glycerin",
        "Retinol": "Retinol",
        "Parfum": "Fragrance (parfum)",
        "Lavandula Angustifolia Oil": "Lavender oil",
        "Cetearyl Alcohol": "Cetearyl alcohol",
        "Snail Secretion Filtrate": None,
        "CI77891": "Titanium dioxide",
    }
    retinol = next(e for e in reading.entries if e.name == "Retinol")
    assert "retinoid" in retinol.rule_roles and retinol.is_general_reference
    lavender = next(e for e in reading.entries if e.name == "Lavender oil")
    assert {"Essential oil", "Fragrance"} <= set(lavender.class_names)
    assert [r.item.written for r in reading.unmatched] == ["Snail Secretion Filtrate"]


@pytest.mark.django_db
def test_a_synonym_an_editor_adds_is_matched_and_classes_come_from_the_database():
    acid = IngredientFactory(name="Azelaic acid", inci_name="Azelaic Acid", role="other")
    IngredientSynonym.objects.create(ingredient=acid, name="Azelaic")
    klass = IngredientClass.objects.create(name="Dicarboxylic acid", slug="dca", role="exfoliant")
    acid.classes.add(klass)
    dictionary = load_dictionary()
    entry = dictionary.find("AZELAIC")
    assert entry.name == "Azelaic acid"
    assert entry.rule_roles == {"other", "exfoliant"}
    assert dictionary.find_class("dicarboxylic acids").id == klass.pk


@pytest.mark.django_db
def test_the_source_articles_ingredients_are_labelled_as_such():
    assert Ingredient.objects.get(slug="glycolic-acid").basis == Ingredient.Basis.SOURCE
    assert Ingredient.objects.get(slug="retinol").basis == Ingredient.Basis.REFERENCE
    assert IngredientClass.objects.filter(basis="reference").count() >= 20


def test_loading_the_dictionary_costs_four_queries(django_assert_num_queries, db):
    with django_assert_num_queries(4):
        load_dictionary()
