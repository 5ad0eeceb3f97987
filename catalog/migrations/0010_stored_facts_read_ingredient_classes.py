"""Refill has_caution_ingredient and has_supporting_ingredient from an ingredient's own
role or any of its classes' roles (catalog.ingredient_roles), as refresh_derived now does.
The roles are written out as they were when this ran."""

from django.db import migrations
from django.db.models import Exists, OuterRef, Q

HARSH_ROLES = ["exfoliant", "retinoid"]
SUPPORTING_ROLES = ["hydrator", "peptide", "antioxidant", "soothing"]


def refill(apps, schema_editor):
    Product = apps.get_model("catalog", "Product")
    links = Product.ingredients.through.objects.filter(product_id=OuterRef("pk"))

    def playing(roles):
        return Exists(
            links.filter(Q(ingredient__role__in=roles) | Q(ingredient__classes__role__in=roles))
        )

    Product.objects.update(
        has_caution_ingredient=playing(HARSH_ROLES),
        has_supporting_ingredient=playing(SUPPORTING_ROLES),
    )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0009_product_base_manager")]

    operations = [migrations.RunPython(refill, migrations.RunPython.noop)]
