"""The seed migration's vocabulary and six products, with only what the source gives."""

from decimal import Decimal

import pytest

from catalog.models import Concern, Ingredient, Product

pytestmark = pytest.mark.django_db

SIX = [
    "skinmedica-tns-advanced-plus-serum",
    "neocutis-bio-serum-firm",
    "angela-caglia-cell-forte-serum",
    "kate-somerville-kateceuticals-supercell",
    "eighth-day-regenerative-serum",
    "symbiome-the-answer-reparative-serum",
]


def seeded(slug):
    return Product.objects.prefetch_related("concerns", "ingredients").get(slug=slug)


def test_concern_vocabulary_has_the_agreed_slugs():
    assert set(Concern.objects.values_list("slug", flat=True)) >= {
        "texture",
        "acne-scarring",
        "mature-skin",
        "wrinkles-fine-lines",
        "dehydration",
        "dry-skin",
        "post-procedure",
        "sensitive-skin",
        "dark-spots",
        "expression-lines",
        "brightening",
        "firmness-elasticity",
    }


def test_ingredient_vocabulary_has_roles_for_the_caution_rules():
    roles = dict(Ingredient.objects.values_list("slug", "role"))
    assert roles["hyaluronic-acid"] == Ingredient.Role.HYDRATOR
    assert roles["peptides"] == Ingredient.Role.PEPTIDE
    assert roles["glycolic-acid"] == Ingredient.Role.EXFOLIANT
    assert roles["retinoid"] == Ingredient.Role.RETINOID
    assert roles["soothing-botanicals"] == Ingredient.Role.SOOTHING
    assert roles["squalane"] == Ingredient.Role.OIL


def test_six_products_are_published_with_unknown_price_size_and_evidence():
    products = Product.objects.published().filter(slug__in=SIX)
    assert products.count() == 6
    for product in products:
        assert product.price is None
        assert product.size_ml is None
        assert product.evidence_level == Product.Evidence.UNKNOWN
        assert product.profile and product.why_consider


def test_seeded_facts_follow_the_source():
    symbiome = seeded("symbiome-the-answer-reparative-serum")
    assert symbiome.concentration_percent == Decimal("50")
    assert symbiome.concentration_disclosure == Product.Disclosure.PERCENTAGE
    assert symbiome.contains_exosomes is True

    assert seeded("skinmedica-tns-advanced-plus-serum").packaging == Product.Packaging.DUAL_CHAMBER
    assert seeded("skinmedica-tns-advanced-plus-serum").clinician_backed is True

    kate = seeded("kate-somerville-kateceuticals-supercell")
    assert (kate.packaging, kate.is_vegan, kate.is_human_derived, kate.source_type) == (
        Product.Packaging.ROLLER,
        True,
        False,
        Product.SourceType.PLANT,
    )
    assert "Nicotiana benthamiana" in kate.profile

    eighth = seeded("eighth-day-regenerative-serum")
    assert {i.slug for i in eighth.ingredients.all()} == {
        "peptides",
        "hyaluronic-acid",
        "glycolic-acid",
        "niacinamide",
    }
    assert "24 bio-identical peptides" in eighth.profile
    assert {c.slug for c in eighth.concerns.all()} == {
        "dark-spots",
        "expression-lines",
        "brightening",
    }


def test_seeded_detail_pages_render(client):
    for slug in SIX:
        response = client.get(f"/catalog/{slug}/")
        assert response.status_code == 200
        assert "Not disclosed" in response.content.decode()
