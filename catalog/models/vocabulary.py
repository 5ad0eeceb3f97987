"""Brands, concerns and ingredients: the vocabulary products are judged in."""

from django.db import models
from django.urls import NoReverseMatch, reverse

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


class Ingredient(models.Model):
    class Role(models.TextChoices):
        HYDRATOR = "hydrator", "Hydrator"
        PEPTIDE = "peptide", "Peptide"
        ANTIOXIDANT = "antioxidant", "Antioxidant"
        SOOTHING = "soothing", "Soothing botanical"
        EXFOLIANT = "exfoliant", "Exfoliant / acid"
        RETINOID = "retinoid", "Retinoid"
        OIL = "oil", "Oil"
        OTHER = "other", "Other"

    # Roles that are a caution for freshly treated or sensitive skin.
    CAUTION_ROLES = frozenset({Role.EXFOLIANT, Role.RETINOID})

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=140, unique=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.OTHER)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_caution(self) -> bool:
        return self.role in self.CAUTION_ROLES
