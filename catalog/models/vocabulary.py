"""Brands, concerns and ingredients: the vocabulary products are judged in."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property

from catalog import ingredient_roles

NOT_DISCLOSED = "Not disclosed"
NOT_RECORDED = "Not recorded"


def ingredient_sources_url() -> str:
    """The guide's page explaining ingredient sources (built on the guide branch)."""
    try:
        return reverse("guide:article", kwargs={"slug": "ingredient-sources"})
    except NoReverseMatch:
        return "/guide/ingredient-sources/"


class Brand(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=140, unique=True)
    website_note = models.CharField(
        max_length=200, blank=True, help_text="Optional note about the brand (no links needed)."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Concern(models.Model):
    """What a product is best for (texture, post-procedure recovery, …)."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=90, unique=True)
    description = models.CharField(max_length=240, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Basis(models.TextChoices):
    """Where a dictionary entry comes from, shown to editors and readers."""

    SOURCE = "source", "From our source article"
    REFERENCE = "reference", "General reference (not from our source article)"
    EDITOR = "", "Added by an editor"


class Role(models.TextChoices):
    """What an ingredient does, in the words the scorecard, cautions and routine rules use."""

    HYDRATOR = "hydrator", "Hydrator"
    PEPTIDE = "peptide", "Peptide"
    ANTIOXIDANT = "antioxidant", "Antioxidant"
    SOOTHING = "soothing", "Soothing botanical"
    EXFOLIANT = "exfoliant", "Exfoliant / acid"
    RETINOID = "retinoid", "Retinoid"
    OIL = "oil", "Oil"
    BIOLOGIC = "biologic", "Human-derived signal (conditioned media, lysate)"
    OTHER = "other", "Other"


class Ingredient(models.Model):
    """One dictionary entry: an ingredient (or a family such as "Peptides") with its label
    name, synonyms (catalog.models.IngredientSynonym) and the classes the rules read."""

    Role = Role
    Basis = Basis

    # Roles that are a caution for freshly treated or sensitive skin.

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=140, unique=True)
    inci_name = models.CharField(
        "INCI name",
        max_length=200,
        blank=True,
        help_text=(
            "The name as printed in the ingredient list on the pack, e.g. Sodium Hyaluronate. "
            "Leave empty for a family such as Peptides."
        ),
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.OTHER)
    classes = models.ManyToManyField(
        "catalog.IngredientClass",
        blank=True,
        related_name="ingredients",
        help_text="Every class it belongs to (retinoid, AHA, fragrance…). The rules read them.",
    )
    basis = models.CharField(
        "comes from",
        max_length=10,
        choices=Basis.choices,
        blank=True,
        default=Basis.EDITOR,
        help_text="Readers see entries from a general reference labelled as such.",
    )
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            # Matching a pasted list looks names up case-insensitively.
            models.UniqueConstraint(
                Lower("inci_name"),
                condition=~Q(inci_name=""),
                name="ingredient_unique_inci_name",
                violation_error_message="Another ingredient already has this INCI name.",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_caution(self) -> bool:
        """Harsh for freshly treated skin, by its own role or a class's
        (catalog.ingredient_roles)."""
        return ingredient_roles.is_harsh(self)

    @cached_property
    def rule_roles(self) -> frozenset[str]:
        """Its own role and its classes' roles. Product lists set it for a whole page
        (catalog.models.querysets.attach_lists); otherwise it reads the classes once."""
        return frozenset({self.role, *(c.role for c in self.classes.all())})

    @property
    def is_general_reference(self) -> bool:
        return self.basis == Basis.REFERENCE
