"""Stored sort keys and the scorecard total on Product, with one index per catalog sort."""

from decimal import Decimal

import django.db.models.expressions
import django.db.models.functions.comparison
import django.db.models.lookups
from django.db import migrations, models
from django.db.models import Exists, OuterRef, Subquery


def fill_derived_columns(apps, schema_editor):
    """brand_name and the has_* facts for existing rows (what ProductQuerySet.refresh_derived
    does; historical models have no custom queryset methods)."""
    Brand = apps.get_model("catalog", "Brand")
    Product = apps.get_model("catalog", "Product")
    links = Product.ingredients.through.objects.filter(product_id=OuterRef("pk"))
    Product.objects.update(
        brand_name=Subquery(Brand.objects.filter(pk=OuterRef("brand_id")).values("name")[:1]),
        has_supporting_ingredient=Exists(
            links.filter(ingredient__role__in=["hydrator", "peptide", "antioxidant", "soothing"])
        ),
        has_caution_ingredient=Exists(links.filter(ingredient__role__in=["exfoliant", "retinoid"])),
        has_ingredients=Exists(links),
        has_concerns=Exists(Product.concerns.through.objects.filter(product_id=OuterRef("pk"))),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_honest_origin_packaging_disclosure"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="product",
            options={"ordering": ["brand_name", "name"]},
        ),
        migrations.RemoveIndex(
            model_name="product",
            name="product_pub_price_idx",
        ),
        migrations.AddField(
            model_name="product",
            name="brand_name",
            field=models.CharField(blank=True, editable=False, max_length=120),
        ),
        migrations.AddField(
            model_name="product",
            name="has_caution_ingredient",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="product",
            name="has_concerns",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="product",
            name="has_ingredients",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="product",
            name="has_supporting_ingredient",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="product",
            name="unit_price",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.expressions.CombinedExpression(
                    django.db.models.functions.comparison.Cast("price", models.FloatField()),
                    "/",
                    django.db.models.functions.comparison.Cast("size_ml", models.FloatField()),
                ),
                output_field=models.FloatField(),
            ),
        ),
        migrations.AddField(
            model_name="product",
            name="score",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.expressions.CombinedExpression(
                    django.db.models.expressions.CombinedExpression(
                        django.db.models.expressions.CombinedExpression(
                            django.db.models.expressions.CombinedExpression(
                                django.db.models.expressions.CombinedExpression(
                                    models.Case(
                                        models.When(source_type="", then=models.Value(0)),
                                        models.When(
                                            concentration_disclosure__in=[
                                                "quantified",
                                                "percentage",
                                            ],
                                            then=models.Value(2),
                                        ),
                                        default=models.Value(1),
                                    ),
                                    "+",
                                    models.Case(
                                        models.When(
                                            packaging__in=[
                                                "airless_pump",
                                                "ampoules",
                                                "dual_chamber",
                                            ],
                                            then=models.Value(2),
                                        ),
                                        models.When(
                                            container__in=["amber_glass", "opaque_airtight"],
                                            then=models.Value(2),
                                        ),
                                        models.When(needs_refrigeration=True, then=models.Value(1)),
                                        default=models.Value(0),
                                    ),
                                ),
                                "+",
                                models.Case(
                                    models.When(
                                        models.Q(
                                            ("has_caution_ingredient", False),
                                            ("has_supporting_ingredient", True),
                                        ),
                                        then=models.Value(2),
                                    ),
                                    models.When(
                                        has_supporting_ingredient=True, then=models.Value(1)
                                    ),
                                    models.When(has_caution_ingredient=True, then=models.Value(0)),
                                    models.When(has_ingredients=True, then=models.Value(1)),
                                    default=models.Value(0),
                                ),
                            ),
                            "+",
                            models.Case(
                                models.When(
                                    evidence_level__in=["independent_rct", "peer_reviewed"],
                                    then=models.Value(2),
                                ),
                                models.When(evidence_level="brand_sponsored", then=models.Value(1)),
                                models.When(clinician_backed=True, then=models.Value(1)),
                                default=models.Value(0),
                            ),
                        ),
                        "+",
                        models.Case(
                            models.When(
                                models.Q(
                                    ("price__isnull", True),
                                    ("size_ml__isnull", True),
                                    models.Q(("currency", "USD"), _negated=True),
                                    _connector="OR",
                                ),
                                then=models.Value(0),
                            ),
                            models.When(
                                django.db.models.lookups.LessThanOrEqual(
                                    django.db.models.expressions.CombinedExpression(
                                        django.db.models.functions.comparison.Cast(
                                            "price", models.FloatField()
                                        ),
                                        "/",
                                        django.db.models.functions.comparison.Cast(
                                            "size_ml", models.FloatField()
                                        ),
                                    ),
                                    models.Value(Decimal("3.30")),
                                ),
                                then=models.Value(2),
                            ),
                            models.When(
                                django.db.models.lookups.LessThanOrEqual(
                                    django.db.models.expressions.CombinedExpression(
                                        django.db.models.functions.comparison.Cast(
                                            "price", models.FloatField()
                                        ),
                                        "/",
                                        django.db.models.functions.comparison.Cast(
                                            "size_ml", models.FloatField()
                                        ),
                                    ),
                                    models.Value(Decimal("10.00")),
                                ),
                                then=models.Value(1),
                            ),
                            default=models.Value(0),
                        ),
                    ),
                    "+",
                    models.Case(
                        models.When(
                            models.Q(("is_vegan", True), ("has_concerns", True), _connector="OR"),
                            then=models.Value(2),
                        ),
                        default=models.Value(0),
                    ),
                ),
                output_field=models.PositiveSmallIntegerField(),
            ),
        ),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(
                fields=["is_published", "brand_name", "name"], name="product_pub_name_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(
                fields=["is_published", "-score", "brand_name", "name"],
                name="product_pub_score_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(
                fields=["is_published", "price", "brand_name", "name"],
                name="product_pub_price_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(
                fields=["is_published", "-price", "brand_name", "name"],
                name="product_pub_price_desc_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(
                fields=["is_published", "unit_price", "brand_name", "name"],
                name="product_pub_unit_price_idx",
            ),
        ),
        migrations.RunPython(fill_derived_columns, migrations.RunPython.noop),
    ]
