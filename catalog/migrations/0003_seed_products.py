"""Seed the concern and ingredient vocabulary and the six serums the source article profiles.

Only facts the article gives are recorded, in our own words. Price, size and most
concentrations are not given, so they stay NULL ("not disclosed" to readers); evidence
level is left "Not recorded" because the article names no published study per product.
Editors fill the gaps in the admin.
"""

from django.db import migrations

CONCERNS = [
    # (slug, name, description)
    ("texture", "Texture", "Rough or uneven surface texture."),
    ("acne-scarring", "Acne scarring", "Marks and uneven texture left by past breakouts."),
    ("mature-skin", "Mature skin", "Thinner skin that is losing firmness and resilience."),
    ("wrinkles-fine-lines", "Wrinkles and fine lines", "Lines and creases in the skin."),
    ("dehydration", "Dehydration", "Skin that feels tight and lacks water."),
    ("dry-skin", "Dry skin", "Skin that lacks oil and feels rough or flaky."),
    (
        "post-procedure",
        "Post-procedure recovery",
        "The days after microneedling, laser or a peel, when skin is repairing.",
    ),
    (
        "sensitive-skin",
        "Sensitive or reactive skin",
        "Skin that stings, reddens or reacts easily.",
    ),
    ("dark-spots", "Dark spots", "Patches of darker pigment (hyperpigmentation)."),
    ("expression-lines", "Expression lines", "Lines that form where the face moves most."),
    ("brightening", "Brightening", "A dull or uneven tone."),
    ("firmness-elasticity", "Firmness and elasticity", "Skin that sags or springs back slowly."),
]

INGREDIENTS = [
    # (slug, name, role, description)
    (
        "hyaluronic-acid",
        "Hyaluronic acid",
        "hydrator",
        "Draws water into the skin for quick hydration.",
    ),
    (
        "peptides",
        "Peptides",
        "peptide",
        "Short chains of amino acids that act as small, stable signals for repair.",
    ),
    (
        "niacinamide",
        "Niacinamide",
        "antioxidant",
        "A vitamin B3 form used for hydration, barrier support and calmer skin.",
    ),
    (
        "glycolic-acid",
        "Glycolic acid",
        "exfoliant",
        "An alpha-hydroxy acid that exfoliates; keep it away from freshly treated skin.",
    ),
    ("squalane", "Squalane", "oil", "A light oil that softens and moisturises."),
    ("marine-extracts", "Marine extracts", "other", "Extracts from marine sources."),
    ("probiotics", "Probiotics", "other", "Ingredients based on beneficial microbes."),
    (
        "snow-mushroom-extract",
        "Snow mushroom extract",
        "hydrator",
        "A fungus extract used to help the skin hold water.",
    ),
    (
        "soothing-botanicals",
        "Soothing botanicals",
        "soothing",
        "Plant extracts added to calm inflammation and redness.",
    ),
    (
        "nicotiana-benthamiana-extract",
        "Nicotiana benthamiana plant stem cell extract",
        "antioxidant",
        "A plant cell-culture extract with antioxidant molecules; it has no human growth factors.",
    ),
    (
        "retinoid",
        "Retinoid",
        "retinoid",
        "Vitamin A derivatives with long clinical evidence; can irritate freshly treated skin.",
    ),
    (
        "exfoliating-acids",
        "Exfoliating acids",
        "exfoliant",
        "Acids that loosen dead surface cells; stagger them away from reparative serums.",
    ),
]

PRODUCTS = [
    {
        "brand": ("SkinMedica", "skinmedica"),
        "name": "TNS Advanced+ Serum",
        "slug": "skinmedica-tns-advanced-plus-serum",
        "source_type": "fibroblast_cm",
        "is_human_derived": True,
        "packaging": "dual_chamber",
        "clinician_backed": True,
        "profile": (
            "Conditioned media from cultured human fibroblasts, paired with peptides and marine "
            "extracts. The two parts are kept in separate chambers until you dispense them."
        ),
        "why_consider": (
            "The split chamber keeps the fragile parts apart until use. Clinicians use it widely, "
            "and it has a long research history for collagen and elasticity support."
        ),
        "concerns": ["texture", "acne-scarring", "mature-skin", "firmness-elasticity"],
        "ingredients": ["peptides", "marine-extracts"],
    },
    {
        "brand": ("Neocutis", "neocutis"),
        "name": "Bio Serum Firm",
        "slug": "neocutis-bio-serum-firm",
        "source_type": "cutaneous_lysate",
        "is_human_derived": True,
        "profile": (
            "A concentrated blend of human growth factors from cutaneous lysate, with peptides and "
            "hyaluronic acid. The brand does not state the amount."
        ),
        "why_consider": (
            "It grew out of wound-healing research and aims at firmer, smoother skin quickly."
        ),
        "concerns": ["wrinkles-fine-lines", "dehydration", "mature-skin", "firmness-elasticity"],
        "ingredients": ["peptides", "hyaluronic-acid"],
    },
    {
        "brand": ("Angela Caglia", "angela-caglia"),
        "name": "Cell Forté Serum with BIOMSC",
        "slug": "angela-caglia-cell-forte-serum",
        "source_type": "adipose_cm",
        "is_human_derived": True,
        "profile": (
            "Conditioned media from human adipose-derived (fat) stem cells, with hyaluronic acid, "
            "probiotics, snow mushroom extract and calming botanicals."
        ),
        "why_consider": (
            "Signals from adipose-derived cells are linked to wound healing, and the hydrating and "
            "calming companions make skin feel comfortable straight away."
        ),
        "concerns": ["dry-skin", "mature-skin", "post-procedure"],
        "ingredients": [
            "hyaluronic-acid",
            "probiotics",
            "snow-mushroom-extract",
            "soothing-botanicals",
        ],
    },
    {
        "brand": ("Kate Somerville", "kate-somerville"),
        "name": "Kateceuticals Supercell Rejuvenation Serum",
        "slug": "kate-somerville-kateceuticals-supercell",
        "source_type": "plant",
        "is_human_derived": False,
        "is_vegan": True,
        "packaging": "roller",
        "profile": (
            "A plant stem cell extract (Nicotiana benthamiana) with peptides and squalane, applied "
            "with a metal roller. It carries no human growth factors."
        ),
        "why_consider": (
            "A vegan, plant-based choice for antioxidant support; the roller adds a depuffing "
            "massage and squalane adds moisture. Usually the cheapest of the six profiled here."
        ),
        "concerns": [],
        "ingredients": ["nicotiana-benthamiana-extract", "peptides", "squalane"],
    },
    {
        "brand": ("Eighth Day", "eighth-day"),
        "name": "Regenerative Serum",
        "slug": "eighth-day-regenerative-serum",
        "source_type": "peptide_blend",
        "is_human_derived": False,
        "profile": (
            "A proprietary mix of growth factors and 24 bio-identical peptides, with hyaluronic "
            "acid, glycolic acid and niacinamide."
        ),
        "why_consider": (
            "A targeted peptide and growth-factor cocktail for pigmentation and texture, backed up "
            "by an acid and calming ingredients."
        ),
        "concerns": ["dark-spots", "expression-lines", "brightening"],
        "ingredients": ["peptides", "hyaluronic-acid", "glycolic-acid", "niacinamide"],
    },
    {
        "brand": ("Symbiome", "symbiome"),
        "name": "The Answer Reparative Serum",
        "slug": "symbiome-the-answer-reparative-serum",
        "source_type": "exosome",
        "is_human_derived": True,
        "contains_exosomes": True,
        "concentration_disclosure": "percentage",
        "concentration_percent": "50",
        "concentration_text": "About 50% stem cell conditioned media, exosome-rich fractions included",
        "profile": (
            "Roughly half of the formula is stem cell conditioned media, including exosome-rich "
            "fractions, with very few other ingredients. The source groups it with the "
            "adipose-derived serums."
        ),
        "why_consider": (
            "A high share of conditioned media and a short ingredient list leave little room for "
            "needless irritants while delivering strong repair signals."
        ),
        "concerns": ["sensitive-skin", "post-procedure"],
        "ingredients": [],
    },
]


def seed(apps, schema_editor):
    Brand = apps.get_model("catalog", "Brand")
    Concern = apps.get_model("catalog", "Concern")
    Ingredient = apps.get_model("catalog", "Ingredient")
    Product = apps.get_model("catalog", "Product")

    concerns = {}
    for order, (slug, name, description) in enumerate(CONCERNS, start=1):
        concerns[slug], _ = Concern.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order}
        )
    ingredients = {}
    for slug, name, role, description in INGREDIENTS:
        ingredients[slug], _ = Ingredient.objects.update_or_create(
            slug=slug, defaults={"name": name, "role": role, "description": description}
        )
    for data in PRODUCTS:
        data = dict(data)
        brand_name, brand_slug = data.pop("brand")
        concern_slugs = data.pop("concerns")
        ingredient_slugs = data.pop("ingredients")
        brand, _ = Brand.objects.get_or_create(slug=brand_slug, defaults={"name": brand_name})
        product, _ = Product.objects.update_or_create(
            slug=data.pop("slug"), defaults={"brand": brand, "is_published": True, **data}
        )
        product.concerns.set([concerns[s] for s in concern_slugs])
        product.ingredients.set([ingredients[s] for s in ingredient_slugs])


def unseed(apps, schema_editor):
    Brand = apps.get_model("catalog", "Brand")
    Concern = apps.get_model("catalog", "Concern")
    Ingredient = apps.get_model("catalog", "Ingredient")
    Product = apps.get_model("catalog", "Product")
    Product.objects.filter(slug__in=[p["slug"] for p in PRODUCTS]).delete()
    Brand.objects.filter(slug__in=[p["brand"][1] for p in PRODUCTS], products=None).delete()
    Ingredient.objects.filter(slug__in=[i[0] for i in INGREDIENTS], products=None).delete()
    Concern.objects.filter(slug__in=[c[0] for c in CONCERNS], products=None).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_catalog_editor_group")]

    operations = [migrations.RunPython(seed, unseed)]
