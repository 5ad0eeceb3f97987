from catalog.cautions import IRRITATED_PATCH, PATCH_TEST_STEPS, CautionKind, product_cautions
from tests.catalog.stand_ins import ingredient, product


def kinds(p):
    return [c.kind for c in product_cautions(p)]


def test_human_derived_product_needs_patch_test_and_medical_caution():
    cautions = product_cautions(product(is_human_derived=True))
    assert [c.kind for c in cautions] == [
        CautionKind.PATCH_TEST,
        CautionKind.MEDICAL_ADVICE,
        CautionKind.ALLERGIES,
    ]
    assert "human-derived" in cautions[0].text
    assert "48 to 72 hours" in cautions[0].text  # the guide's wording (one voice on safety)
    medical = cautions[1].text
    for group in ("autoimmune", "pregnancy", "breastfeeding", "transplant"):
        assert group in medical


def test_exosome_product_counts_as_biologic_even_if_not_marked_human():
    assert CautionKind.MEDICAL_ADVICE in kinds(
        product(source_type="exosome", is_human_derived=False, contains_exosomes=True)
    )


def test_plant_product_with_oil_gets_patch_test_but_no_medical_caution():
    p = product(
        source_type="plant",
        is_human_derived=False,
        ingredient_list=[ingredient("Squalane", "oil")],
    )
    cautions = product_cautions(p)
    assert [c.kind for c in cautions] == [CautionKind.PATCH_TEST, CautionKind.ALLERGIES]
    assert "Squalane" in cautions[0].text


def test_plant_product_without_oil_only_gets_the_allergy_note():
    assert kinds(product(source_type="plant", is_human_derived=False)) == [CautionKind.ALLERGIES]


def test_exfoliant_or_retinoid_warns_against_freshly_treated_skin():
    p = product(
        source_type="peptide_blend",
        is_human_derived=False,
        ingredient_list=[
            ingredient("Glycolic acid", "exfoliant"),
            ingredient("Retinal", "retinoid"),
        ],
    )
    caution = next(c for c in product_cautions(p) if c.kind == CautionKind.NOT_ON_TREATED_SKIN)
    assert "Glycolic acid, Retinal" in caution.text


def test_refrigeration_caution_only_when_needed():
    assert CautionKind.KEEP_COLD in kinds(product(needs_refrigeration=True))
    assert CautionKind.KEEP_COLD not in kinds(product(needs_refrigeration=False))


def test_patch_test_caution_says_what_the_guide_says_word_for_word():
    from guide.content import article_body

    guide = " ".join(article_body("how-to-use").split())
    assert PATCH_TEST_STEPS in guide and IRRITATED_PATCH in guide
    caution = next(
        c for c in product_cautions(product(is_human_derived=True)) if c.kind == "patch_test"
    )
    assert PATCH_TEST_STEPS in caution.text and IRRITATED_PATCH in caution.text
    assert "do not use the product on your face" in IRRITATED_PATCH
    assert "talk to a clinician" in IRRITATED_PATCH
