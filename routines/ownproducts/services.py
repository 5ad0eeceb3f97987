"""Writes for own products: store a pasted list, parsed and matched, in one transaction."""

from django.db import IntegrityError, transaction

from catalog.ingredients.dictionary import read_list
from routines.models import OwnProduct, OwnProductIngredient, own_product_key


def save_ingredient_list(user, *, name: str, text: str) -> OwnProduct:
    """Create or update the user's own product called `name` with the list in `text`.

    The list is read again on every save, so it always matches the dictionary of the day;
    the rows are replaced, never merged.
    """
    name = name.strip()
    key = own_product_key(name)
    reading = read_list(text)
    with transaction.atomic():
        try:
            with transaction.atomic():
                product, _ = OwnProduct.objects.get_or_create(
                    user=user, key=key, defaults={"name": name}
                )
        except IntegrityError:  # another tab created it a moment ago
            product = OwnProduct.objects.get(user=user, key=key)
        product.name = name
        product.ingredient_text = text.strip()
        product.save(update_fields=["name", "ingredient_text", "updated_at"])
        product.listed.all().delete()
        OwnProductIngredient.objects.bulk_create(
            OwnProductIngredient(
                own_product=product,
                position=position,
                written=row.item.written[:200],
                ingredient_id=row.entry.id if row.entry else None,
                percent=row.item.percent[:12],
                may_contain=row.item.may_contain,
            )
            for position, row in enumerate(reading.rows)
        )
    return product
