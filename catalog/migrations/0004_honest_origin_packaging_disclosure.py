"""Honest product facts: origin can be unknown, packaging/container/applicator are separate,
"not recorded" is no longer shown as "not disclosed", and the seed text drops invented claims.

Data steps (the issue asks for them; each touches only values the old schema or the shipped
seed put there, so an editor's own entries are kept):

* applicators (roller, dropper) move out of ``packaging`` into ``applicator``, amber glass
  into ``container``;
* ``concentration_disclosure`` "not_disclosed" was the old *default*, so no row can show that
  an editor checked: those rows become "" (not recorded). Editors set "not disclosed" again
  where they have checked;
* the six seed products: Eighth Day's origin becomes unknown (the source never gives it),
  Symbiome's human origin is marked as inferred, and sentences the source does not support
  are replaced — only where the row still holds the shipped text.
"""

from django.db import migrations, models

NEW_CONCERNS = [
    # (slug, name, description, order)
    (
        "antioxidant-support",
        "Antioxidant support",
        "Protection and renewal from antioxidants rather than from human growth factors.",
        13,
    ),
    (
        "puffiness",
        "Puffiness",
        "Skin that looks swollen, often around the eyes in the morning.",
        14,
    ),
]

# slug -> {field: (shipped value, corrected value)}
SEED_FIXES = {
    "skinmedica-tns-advanced-plus-serum": {
        "why_consider": (
            "The split chamber keeps the fragile parts apart until use. Clinicians use it widely, "
            "and it has a long research history for collagen and elasticity support.",
            "Its two chambers keep the delicate parts apart until you pump. Many clinicians "
            "recommend it, and our source article calls it research-backed for collagen and elasticity.",
        ),
    },
    "neocutis-bio-serum-firm": {
        "profile": (
            "A concentrated blend of human growth factors from cutaneous lysate, with peptides and "
            "hyaluronic acid. The brand does not state the amount.",
            "Human growth factors from cutaneous lysate, in high concentration according to our "
            "source article, alongside peptides and hyaluronic acid. We have not recorded the amount.",
        ),
    },
    "kate-somerville-kateceuticals-supercell": {
        "why_consider": (
            "A vegan, plant-based choice for antioxidant support; the roller adds a depuffing "
            "massage and squalane adds moisture. Usually the cheapest of the six profiled here.",
            "A vegan, plant-based choice for antioxidant support. Rolling it on doubles as a "
            "depuffing massage, and squalane adds moisture. Our source article puts its price as "
            "typically lower than the others it covers; we have not recorded a price.",
        ),
    },
    "eighth-day-regenerative-serum": {
        "is_human_derived": (False, None),
    },
    "symbiome-the-answer-reparative-serum": {
        "origin_inferred_from": (
            "",
            "our source article's FAQ, which groups it with the adipose-derived serums; the brand's "
            "own statement is not recorded",
        ),
        "concentration_text": (
            "About 50% stem cell conditioned media, exosome-rich fractions included",
            "About 50% conditioned media (exosome-rich fractions counted in)",
        ),
        "profile": (
            "Roughly half of the formula is stem cell conditioned media, including exosome-rich "
            "fractions, with very few other ingredients. The source groups it with the "
            "adipose-derived serums.",
            "About half of what is in the bottle is conditioned media, exosome-rich fractions "
            "among it, and little else has been added.",
        ),
        "why_consider": (
            "A high share of conditioned media and a short ingredient list leave little room for "
            "needless irritants while delivering strong repair signals.",
            "With so much conditioned media and so few extras, there is little in it to irritate, "
            "and a lot of repair signalling per drop.",
        ),
    },
}
# The source's "best for" for the Kate Somerville serum, which the first seed left empty.
SEED_CONCERNS = {
    "kate-somerville-kateceuticals-supercell": ["antioxidant-support", "puffiness"],
}


def correct(apps, schema_editor):
    Product = apps.get_model("catalog", "Product")
    Concern = apps.get_model("catalog", "Concern")
    for old in ("roller", "dropper"):
        Product.objects.filter(packaging=old).update(packaging="", applicator=old)
    Product.objects.filter(packaging="amber_glass").update(packaging="", container="amber_glass")
    Product.objects.filter(concentration_disclosure="not_disclosed").update(
        concentration_disclosure=""
    )
    update_seed(apps, schema_editor)
    for slug, name, description, order in NEW_CONCERNS:
        Concern.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order}
        )
    for slug, concern_slugs in SEED_CONCERNS.items():
        product = Product.objects.filter(slug=slug).first()
        if product is not None and not product.concerns.exists():
            product.concerns.set(Concern.objects.filter(slug__in=concern_slugs))


def update_seed(apps, schema_editor):
    """Replace shipped seed values that are still as shipped (editors' changes are kept)."""
    Product = apps.get_model("catalog", "Product")
    for slug, fields in SEED_FIXES.items():
        for field, (shipped, corrected) in fields.items():
            Product.objects.filter(slug=slug, **{field: shipped}).update(**{field: corrected})


def restore(apps, schema_editor):
    Product = apps.get_model("catalog", "Product")
    for slug, fields in SEED_FIXES.items():
        for field, (shipped, corrected) in fields.items():
            Product.objects.filter(slug=slug, **{field: corrected}).update(**{field: shipped})
    Product.objects.filter(is_human_derived__isnull=True).update(is_human_derived=False)
    Product.objects.filter(concentration_disclosure="").update(
        concentration_disclosure="not_disclosed"
    )
    for old in ("roller", "dropper"):
        Product.objects.filter(applicator=old, packaging="").update(packaging=old)
    Product.objects.filter(container="amber_glass", packaging="").update(packaging="amber_glass")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_seed_products"),
    ]

    operations = [
        migrations.AddField(
            model_name="product",
            name="applicator",
            field=models.CharField(
                blank=True,
                choices=[
                    ("dropper", "Dropper"),
                    ("pump", "Pump"),
                    ("roller", "Roller"),
                    ("other", "Other"),
                    ("", "Not recorded"),
                ],
                default="",
                help_text="How the serum is put on (dropper, pump, roller); 'Not recorded' if unknown.",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="product",
            name="container",
            field=models.CharField(
                blank=True,
                choices=[
                    ("amber_glass", "Amber glass"),
                    ("opaque_airtight", "Opaque, air-restricting"),
                    ("clear", "Clear glass or plastic"),
                    ("other", "Other"),
                    ("", "Not recorded"),
                ],
                default="",
                help_text="What the bottle is made of; 'Not recorded' if unknown.",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="product",
            name="origin_inferred_from",
            field=models.CharField(
                blank=True,
                help_text="Leave empty when the brand or source states the origin. When you worked it out instead, say from what, e.g. 'the source grouping it with adipose-derived media'.",
                max_length=200,
                verbose_name="origin inferred from",
            ),
        ),
        migrations.AlterField(
            model_name="product",
            name="concentration_disclosure",
            field=models.CharField(
                blank=True,
                choices=[
                    ("quantified", "Quantified with units"),
                    ("percentage", "Percentage only"),
                    ("not_disclosed", "Not disclosed (checked by an editor)"),
                    ("", "Not recorded"),
                ],
                default="",
                help_text="How precisely the brand states how much of the biologic ingredient is in it. 'Not recorded' when we have not checked; 'Not disclosed' only after you checked the label and the brand's own pages and found no amount.",
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="product",
            name="is_human_derived",
            field=models.BooleanField(
                blank=True,
                choices=[
                    (True, "Human-derived"),
                    (False, "Not human-derived"),
                    (None, "Not recorded"),
                ],
                help_text="Whether the signalling ingredients come from human cells or tissue. 'Not recorded' when neither the brand nor the source says.",
                null=True,
                verbose_name="origin",
            ),
        ),
        migrations.AlterField(
            model_name="product",
            name="packaging",
            field=models.CharField(
                blank=True,
                choices=[
                    ("dual_chamber", "Dual-chamber"),
                    ("airless_pump", "Airless pump"),
                    ("ampoules", "Single-use ampoules"),
                    ("other", "Other"),
                    ("", "Not recorded"),
                ],
                default="",
                help_text="Dispensing system (dual-chamber, airless, ampoules), or 'Not recorded'.",
                max_length=20,
            ),
        ),
        migrations.RunPython(correct, restore),
    ]
