"""Stored search vectors (GIN-indexed on PostgreSQL) for the guide, and the synonym list
staff extend in the admin, starting with a few well-known equivalences."""

from django.contrib.postgres.search import SearchVectorField
from django.db import migrations, models

from catalog.roles import grant_editor_permissions
from guide import search_index

# Each GIN index serves guide.search's `search_vector @@ query` for its table.
TABLES = ["guide_article", "guide_faqentry", "guide_glossaryterm"]

SYNONYMS = [
    ("retinol", "retinoid"),
    ("retinal", "retinoid"),
    ("retinaldehyde", "retinoid"),
    ("tretinoin", "retinoid"),
    ("aha", "glycolic acid, lactic acid"),
    ("alpha hydroxy acid", "glycolic acid, lactic acid"),
    ("bha", "salicylic acid"),
    ("vitamin c", "ascorbic acid"),
    ("vitamin b3", "niacinamide"),
    ("ha", "hyaluronic acid"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(
                f"CREATE INDEX {table}_search_idx ON {table} USING gin (search_vector)"
            )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_idx")


def fill_vectors(apps, schema_editor):
    search_index.refresh_all(apps)


def add_synonyms(apps, schema_editor):
    SearchSynonym = apps.get_model("guide", "SearchSynonym")
    for phrase, means in SYNONYMS:
        SearchSynonym.objects.get_or_create(phrase=phrase, defaults={"means": means})


class Migration(migrations.Migration):
    dependencies = [
        ("guide", "0004_article_last_reviewed"),
        # The `cellwise` text search configuration the vectors are built with.
        ("catalog", "0006_product_search_vector"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchSynonym",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "phrase",
                    models.CharField(
                        help_text="What a reader might type, e.g. “retinol” or “vitamin c” "
                        "(any case).",
                        max_length=60,
                        unique=True,
                    ),
                ),
                (
                    "means",
                    models.CharField(
                        help_text="What the site calls it, comma-separated when several, e.g. "
                        "“glycolic acid, lactic acid”.",
                        max_length=200,
                    ),
                ),
            ],
            options={"ordering": ["phrase"]},
        ),
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="faqentry",
            name="search_vector",
            field=SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="glossaryterm",
            name="search_vector",
            field=SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create_indexes, drop_indexes),
        migrations.RunPython(fill_vectors, migrations.RunPython.noop),
        migrations.RunPython(add_synonyms, migrations.RunPython.noop),
        # Editors may extend the synonym list (the group has every guide permission).
        migrations.RunPython(grant_editor_permissions, migrations.RunPython.noop),
    ]
