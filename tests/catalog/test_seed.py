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
    # The source describes the roller (an applicator), not the container.
    assert (kate.packaging, kate.container, kate.applicator) == ("", "", Product.Applicator.ROLLER)
    assert (kate.is_vegan, kate.is_human_derived, kate.source_type) == (
        True,
        False,
        Product.SourceType.PLANT,
    )
    assert "Nicotiana benthamiana" in kate.profile
    # The source's "best for": antioxidant-driven rejuvenation with a depuffing application.
    assert {c.slug for c in kate.concerns.all()} == {"antioxidant-support", "puffiness"}

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
        # Price and size are facts we lack, not facts the brands withhold.
        assert "<dt>Price</dt><dd>Not recorded</dd>" in response.content.decode()


def test_eighth_day_origin_reads_unknown(client):
    eighth = seeded("eighth-day-regenerative-serum")
    assert eighth.is_human_derived is None
    assert eighth.origin_display == "Not recorded"
    content = client.get(eighth.get_absolute_url()).content.decode()
    assert "<dt>Origin</dt><dd>Not recorded</dd>" in content
    assert "Plant or synthetic" not in content


def test_an_inferred_origin_says_what_it_was_inferred_from(client):
    symbiome = seeded("symbiome-the-answer-reparative-serum")
    assert symbiome.origin_display.startswith("Human-derived (inferred from ")
    assert "adipose-derived" in symbiome.origin_display
    stated = seeded("skinmedica-tns-advanced-plus-serum")
    assert stated.origin_display == "Human-derived"


def test_kate_somervilles_stability_is_unknown_not_failed(client):
    kate = seeded("kate-somerville-kateceuticals-supercell")
    stability = next(c for c in kate.scorecard if c.key == "packaging")
    assert stability.status.value == "unknown"
    assert "roller" in stability.reason and "says nothing about protection" in stability.reason
    content = client.get(kate.get_absolute_url()).content.decode()
    assert "<dt>Applicator</dt><dd>Roller</dd>" in content
    assert "<dt>Container</dt><dd>Not recorded</dd>" in content
    assert "Not met" not in content


def _reader_pages(client):
    pages = [client.get(f"/catalog/{slug}/").content.decode() for slug in SIX]
    pages.append(client.get("/catalog/").content.decode())
    for group in (SIX[:4], SIX[4:]):
        client.post("/catalog/compare/", {"action": "clear"})
        for slug in group:
            client.post("/catalog/compare/", {"action": "add", "product": slug})
        pages.append(client.get("/catalog/compare/").content.decode())
    return pages


def test_no_product_says_the_brand_withholds_something_nobody_recorded(client):
    for content in _reader_pages(client):
        assert "the brand does not" not in content.lower()
        assert "<dd>not disclosed" not in content.lower()


def test_a_non_disclosure_an_editor_recorded_is_shown_as_the_brands(client):
    Product.objects.filter(slug="neocutis-bio-serum-firm").update(
        concentration_disclosure=Product.Disclosure.NOT_DISCLOSED
    )
    content = client.get("/catalog/neocutis-bio-serum-firm/").content.decode()
    assert "<dt>Amount of active</dt><dd>Not disclosed by the brand</dd>" in content
    assert "the brand does not disclose how much is in it (checked by our editors)" in content
    # Only that product says so.
    for slug in set(SIX) - {"neocutis-bio-serum-firm"}:
        assert "the brand does not" not in client.get(f"/catalog/{slug}/").content.decode()


def test_seed_text_drops_the_claims_the_source_does_not_make():
    texts = " ".join(f"{p.profile} {p.why_consider}" for p in Product.objects.filter(slug__in=SIX))
    for invented in (
        "cheapest",
        "long research history",
        "does not state the amount",
        "does not say",
    ):
        assert invented not in texts
