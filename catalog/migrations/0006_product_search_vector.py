"""PostgreSQL full-text search for products: extensions, the ``cellwise`` text search
configuration (English after unaccent), a stored search vector with a GIN index.

On SQLite every step is a no-op except the (always empty) column.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import migrations
from django.db.models import OuterRef, StringAgg, Subquery, Value

CREATE_CONFIG = [
    "CREATE TEXT SEARCH CONFIGURATION cellwise (COPY = english)",
    # Words with non-ASCII letters lose their accents before stemming ("Lumière" → "lumier"),
    # and queries go through the same configuration.
    "ALTER TEXT SEARCH CONFIGURATION cellwise "
    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem",
]
DROP_CONFIG = ["DROP TEXT SEARCH CONFIGURATION IF EXISTS cellwise"]
# Serves guide.search's `search_vector @@ query` over products.
CREATE_INDEX = [
    "CREATE INDEX product_search_vector_idx ON catalog_product USING gin (search_vector)"
]
DROP_INDEX = ["DROP INDEX IF EXISTS product_search_vector_idx"]


def on_postgres(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


def fill_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Brand = apps.get_model("catalog", "Brand")
    Product = apps.get_model("catalog", "Product")
    links = Product.ingredients.through.objects.filter(product_id=OuterRef("pk"))
    brand = Subquery(Brand.objects.filter(pk=OuterRef("brand_id")).values("name")[:1])
    ingredients = Subquery(
        links.values("product_id")
        .annotate(names=StringAgg("ingredient__name", Value(" ")))
        .values("names")
    )
    parts = [
        ("name", "A"),
        (brand, "A"),
        ("profile", "B"),
        (ingredients, "B"),
        ("why_consider", "C"),
    ]
    vectors = [SearchVector(part, weight=weight, config="cellwise") for part, weight in parts]
    vector = vectors[0]
    for more in vectors[1:]:
        vector = vector + more
    Product.objects.update(search_vector=vector)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_product_sort_columns_and_score")]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(on_postgres(CREATE_CONFIG), on_postgres(DROP_CONFIG)),
        migrations.AddField(
            model_name="product",
            name="search_vector",
            field=SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(on_postgres(CREATE_INDEX), on_postgres(DROP_INDEX)),
        migrations.RunPython(fill_vectors, migrations.RunPython.noop),
    ]
