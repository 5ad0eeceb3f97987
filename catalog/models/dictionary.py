"""The ingredient dictionary's other rows: classes the rules read, and synonyms.

An ingredient (catalog.models.Ingredient) is matched in a pasted list by its name, its INCI
name or any synonym; its classes ("retinoid", "AHA", "fragrance") are what the routine rules,
the cautions and the avoid-list look at.
"""

from django.db import models
from django.db.models.functions import Lower

from catalog.models.vocabulary import Basis, Role


class IngredientClass(models.Model):
    """A group of ingredients the rules treat alike, e.g. retinoids or essential oils."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=90, unique=True)
    also_called = models.CharField(
        max_length=200,
        blank=True,
        help_text=(
            "Other words readers use for it, separated by commas (e.g. alpha hydroxy acid, "
            "AHAs). The avoid-list accepts these too."
        ),
    )
    role = models.CharField(
        "rules treat it as",
        max_length=20,
        choices=Role.choices,
        default=Role.OTHER,
        help_text=(
            "Retinoids and exfoliants are paused after a procedure and kept apart from "
            "biologic serums; oils bring a patch-test reminder. 'Other' when no rule needs it."
        ),
    )
    basis = models.CharField(
        "comes from", max_length=10, choices=Basis.choices, blank=True, default=Basis.EDITOR
    )
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "ingredient classes"

    def __str__(self):
        return self.name

    @property
    def other_names(self) -> list[str]:
        return [part.strip() for part in self.also_called.split(",") if part.strip()]


class IngredientSynonym(models.Model):
    """Another name for an ingredient as it appears on packs ("Aqua", "Parfum", "Vitamin C")."""

    ingredient = models.ForeignKey(
        "catalog.Ingredient", on_delete=models.CASCADE, related_name="synonyms"
    )
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [
            # One synonym points at one ingredient, whatever its case.
            models.UniqueConstraint(
                Lower("name"),
                name="ingredientsynonym_unique_name",
                violation_error_message="Another ingredient already has this synonym.",
            ),
        ]

    def __str__(self):
        return self.name
