"""The avoid list: dictionary ingredients or whole classes ("fragrance") a user wants flagged."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from catalog.avoid import AvoidList


class AvoidedIngredientQuerySet(models.QuerySet):
    def avoid_list(self, user):
        """The user's list as catalog.avoid.AvoidList (one query; none when anonymous)."""
        if user is None or not getattr(user, "is_authenticated", False):
            return AvoidList()
        ingredient_ids, classes = set(), {}
        rows = self.filter(user=user).values_list(
            "ingredient_id", "ingredient_class_id", "ingredient_class__name"
        )
        for ingredient_id, class_id, class_name in rows:
            if ingredient_id is not None:
                ingredient_ids.add(ingredient_id)
            if class_id is not None:
                classes[class_id] = class_name
        return AvoidList(frozenset(ingredient_ids), classes)


class AvoidedIngredient(models.Model):
    """A dictionary ingredient, or a class of them, that the user reacts to or avoids."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="avoided_ingredients"
    )
    ingredient = models.ForeignKey(
        "catalog.Ingredient",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="avoided_by",
    )
    ingredient_class = models.ForeignKey(
        "catalog.IngredientClass",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="avoided_by",
    )
    reason = models.CharField(
        max_length=200, blank=True, help_text="Optional: what happened, for your own notes."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AvoidedIngredientQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "ingredient"], name="avoidedingredient_once_per_user"
            ),
            models.UniqueConstraint(
                fields=["user", "ingredient_class"], name="avoidedclass_once_per_user"
            ),
            models.CheckConstraint(
                condition=Q(ingredient__isnull=False, ingredient_class__isnull=True)
                | Q(ingredient__isnull=True, ingredient_class__isnull=False),
                name="avoided_ingredient_or_class",
            ),
        ]

    def __str__(self):
        what = f"ingredient {self.ingredient_id}" if self.ingredient_id else "a class"
        return f"Avoid {what} (user {self.user_id})"

    @property
    def label(self) -> str:
        """What the list shows: the ingredient, or the class with "(any)"."""
        if self.ingredient_id:
            return self.ingredient.name
        return f"{self.ingredient_class.name} (any kind)"
