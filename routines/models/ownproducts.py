"""Own products: what a user pasted from the box of a product the catalog does not hold.

A step or a shelf item names an own product by its typed name (`custom_name`), the way
patch tests already do (product_key, below): the same name, whatever its
case and spacing, is the same product, so one pasted list serves the routine, the shelf and
the patch tests. Rows are private to their owner like every routines row.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models

# Longer than any real label (the longest are about 2,000 characters).
INGREDIENT_TEXT_MAX = 5000


def own_product_key(name: str) -> str:
    """How a typed product name is matched: case and surrounding spaces ignored (the rule
    patch tests and steps already share)."""
    return (name or "").strip().casefold()


def product_key(product_id: int | None, name: str) -> str:
    """The one key steps, shelf items, patch tests and own products match on: the catalog
    product, or the typed name (own_product_key)."""
    return f"p{product_id}" if product_id else "n" + own_product_key(name)


class OwnProduct(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="own_products"
    )
    name = models.CharField("product name", max_length=120)
    # own_product_key(name): filled in by routines.ownproducts.services, never by save().
    key = models.CharField(max_length=120)
    ingredient_text = models.TextField(
        "ingredient list",
        blank=True,
        validators=[MaxLengthValidator(INGREDIENT_TEXT_MAX)],
        help_text="As printed on the box, pasted or typed.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="ownproduct_once_per_name"),
        ]

    def __str__(self):
        return self.name


class OwnProductIngredient(models.Model):
    """One item of a pasted list, matched to the dictionary or kept as written."""

    own_product = models.ForeignKey(OwnProduct, on_delete=models.CASCADE, related_name="listed")
    position = models.PositiveSmallIntegerField()
    written = models.CharField(max_length=200)
    # SET_NULL keeps the written name if staff ever remove the entry (the admin refuses
    # while users' lists point at it: config.admin_guard).
    ingredient = models.ForeignKey(
        "catalog.Ingredient", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    percent = models.CharField(max_length=12, blank=True)
    may_contain = models.BooleanField(default=False)

    class Meta:
        ordering = ["own_product", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["own_product", "position"], name="ownproductingredient_position_once"
            ),
        ]

    def __str__(self):
        return self.written
