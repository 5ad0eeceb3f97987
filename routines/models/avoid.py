"""The avoid list: catalog ingredients a user wants flagged."""

from django.conf import settings
from django.db import models

from catalog.avoid import group_flags
from catalog.models import Product


class AvoidedIngredientQuerySet(models.QuerySet):
    def flags_for(self, user, products) -> dict[int, list[str]]:
        """{product_id: [avoided ingredient names]} for these products, in one query."""
        product_ids = [p if isinstance(p, int) else p.pk for p in products]
        if not product_ids or not getattr(user, "is_authenticated", False):
            return {}
        through = Product.ingredients.through
        rows = (
            through.objects.filter(
                product_id__in=product_ids,
                ingredient__avoided_by__user=user,
            )
            .values_list("product_id", "ingredient__name")
            .order_by("ingredient__name")
        )
        return group_flags(rows)


class AvoidedIngredient(models.Model):
    """A catalog ingredient the user reacts to or wants to avoid."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="avoided_ingredients"
    )
    ingredient = models.ForeignKey(
        "catalog.Ingredient", on_delete=models.CASCADE, related_name="avoided_by"
    )
    reason = models.CharField(
        max_length=200, blank=True, help_text="Optional: what happened, for your own notes."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AvoidedIngredientQuerySet.as_manager()

    class Meta:
        ordering = ["ingredient__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "ingredient"], name="avoidedingredient_once_per_user"
            ),
        ]

    def __str__(self):
        return f"Avoid {self.ingredient_id} (user {self.user_id})"
