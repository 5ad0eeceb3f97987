"""Products, with the stored columns the catalog list sorts and searches on."""

from decimal import Decimal

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property

from catalog import score_sql, scoring, textsearch
from catalog.cautions import product_cautions
from catalog.models.querysets import ProductQuerySet
from catalog.models.vocabulary import (
    NOT_DISCLOSED,
    NOT_RECORDED,
    Brand,
    Concern,
    Ingredient,
    ingredient_sources_url,
)


class Product(models.Model):
    class SourceType(models.TextChoices):
        FIBROBLAST_CM = "fibroblast_cm", "Human fibroblast conditioned media"
        ADIPOSE_CM = "adipose_cm", "Human adipose-derived stem cell conditioned media"
        CUTANEOUS_LYSATE = "cutaneous_lysate", "Cutaneous lysate / human growth-factor blend"
        PLANT = "plant", "Plant stem cell extract"
        PEPTIDE_BLEND = "peptide_blend", "Proprietary growth-factor and peptide blend"
        EXOSOME = "exosome", "Exosome-rich fraction"

    # Sources that are human-derived by definition. Blends and exosomes depend on the product.
    HUMAN_SOURCES = frozenset(
        {SourceType.FIBROBLAST_CM, SourceType.ADIPOSE_CM, SourceType.CUTANEOUS_LYSATE}
    )

    class Disclosure(models.TextChoices):
        QUANTIFIED = "quantified", "Quantified with units"
        PERCENTAGE = "percentage", "Percentage only"
        NOT_DISCLOSED = "not_disclosed", "Not disclosed (checked by an editor)"
        UNKNOWN = "", "Not recorded"

    # Packaging, container and applicator are three separate facts: a roller or a dropper
    # says how the serum is put on, not whether the bottle protects it.
    class Packaging(models.TextChoices):
        DUAL_CHAMBER = "dual_chamber", "Dual-chamber"
        AIRLESS_PUMP = "airless_pump", "Airless pump"
        AMPOULES = "ampoules", "Single-use ampoules"
        OTHER = "other", "Other"
        UNKNOWN = "", "Not recorded"

    class Container(models.TextChoices):
        AMBER_GLASS = "amber_glass", "Amber glass"
        OPAQUE_AIRTIGHT = "opaque_airtight", "Opaque, air-restricting"
        CLEAR = "clear", "Clear glass or plastic"
        OTHER = "other", "Other"
        UNKNOWN = "", "Not recorded"

    class Applicator(models.TextChoices):
        DROPPER = "dropper", "Dropper"
        PUMP = "pump", "Pump"
        ROLLER = "roller", "Roller"
        OTHER = "other", "Other"
        UNKNOWN = "", "Not recorded"

    # Packaging and containers that protect fragile actives from air and light.
    PROTECTIVE_PACKAGING = frozenset(
        {Packaging.DUAL_CHAMBER, Packaging.AIRLESS_PUMP, Packaging.AMPOULES}
    )
    PROTECTIVE_CONTAINERS = frozenset({Container.AMBER_GLASS, Container.OPAQUE_AIRTIGHT})

    class Evidence(models.TextChoices):
        NONE = "none", "No published data"
        BRAND_SPONSORED = "brand_sponsored", "Brand-sponsored study"
        PEER_REVIEWED = "peer_reviewed", "Peer-reviewed study"
        INDEPENDENT_RCT = "independent_rct", "Independent randomised trial"
        UNKNOWN = "", "Not recorded"

    brand = models.ForeignKey(Brand, on_delete=models.PROTECT, related_name="products")
    name = models.CharField(
        max_length=160, help_text="Product name without the brand, as on the label."
    )
    slug = models.SlugField(
        max_length=180, unique=True, help_text="Used in the product's web address."
    )
    is_published = models.BooleanField(
        "published", default=False, help_text="Only published products are visible to readers."
    )

    source_type = models.CharField(
        max_length=20,
        choices=SourceType.choices,
        help_text="The main biologic ingredient family, as the brand describes it.",
    )
    is_human_derived = models.BooleanField(
        "origin",
        null=True,
        blank=True,
        choices=[(True, "Human-derived"), (False, "Not human-derived"), (None, "Not recorded")],
        help_text=(
            "Whether the signalling ingredients come from human cells or tissue. "
            "'Not recorded' when neither the brand nor the source says."
        ),
    )
    origin_inferred_from = models.CharField(
        "origin inferred from",
        max_length=200,
        blank=True,
        help_text=(
            "Leave empty when the brand or source states the origin. When you worked it out "
            "instead, say from what, e.g. 'the source grouping it with adipose-derived media'."
        ),
    )
    concentration_disclosure = models.CharField(
        max_length=20,
        choices=Disclosure.choices,
        blank=True,
        default=Disclosure.UNKNOWN,
        help_text=(
            "How precisely the brand states how much of the biologic ingredient is in it. "
            "'Not recorded' when we have not checked; 'Not disclosed' only after you checked "
            "the label and the brand's own pages and found no amount."
        ),
    )
    concentration_percent = models.DecimalField(
        "disclosed percentage",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Only when the brand states a percentage (0–100). Leave empty if not disclosed.",
    )
    concentration_text = models.CharField(
        "disclosed amount",
        max_length=120,
        blank=True,
        help_text="The disclosed amount in the brand's own units, e.g. a figure per ml.",
    )
    contains_exosomes = models.BooleanField(default=False)
    packaging = models.CharField(
        max_length=20,
        choices=Packaging.choices,
        blank=True,
        default=Packaging.UNKNOWN,
        help_text="Dispensing system (dual-chamber, airless, ampoules), or 'Not recorded'.",
    )
    container = models.CharField(
        max_length=20,
        choices=Container.choices,
        blank=True,
        default=Container.UNKNOWN,
        help_text="What the bottle is made of; 'Not recorded' if unknown.",
    )
    applicator = models.CharField(
        max_length=20,
        choices=Applicator.choices,
        blank=True,
        default=Applicator.UNKNOWN,
        help_text="How the serum is put on (dropper, pump, roller); 'Not recorded' if unknown.",
    )
    needs_refrigeration = models.BooleanField(
        "needs refrigeration / cold chain",
        default=False,
        help_text="Tick if the brand says to keep it cold or ships it cold.",
    )
    is_vegan = models.BooleanField("vegan", default=False)
    evidence_level = models.CharField(
        max_length=20,
        choices=Evidence.choices,
        blank=True,
        default=Evidence.UNKNOWN,
        help_text="The strongest published data for this product that you can point to.",
    )
    clinician_backed = models.BooleanField(
        default=False, help_text="Tick if dermatologists or clinics use or recommend it."
    )
    size_ml = models.DecimalField(
        "size (ml)",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Bottle size in millilitres. Leave empty if unknown.",
    )
    price = models.DecimalField(
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Retail price for that size. Leave empty if unknown.",
    )
    currency = models.CharField(
        max_length=3, default="USD", help_text="Three-letter currency code for the price."
    )
    profile = models.TextField(blank=True, help_text="What is in it, in plain words.")
    why_consider = models.TextField(blank=True, help_text="Reasons a reader might choose it.")
    concerns = models.ManyToManyField(Concern, blank=True, related_name="products")
    ingredients = models.ManyToManyField(Ingredient, blank=True, related_name="products")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Stored so the catalog list can sort (and page) in SQL on an index instead of joining
    # or computing per row. brand_name copies brand.name (save() and
    # ProductQuerySet.refresh_derived keep it current); unit_price and score are
    # computed by the database from the row itself; the has_* facts summarise the
    # ingredients and concerns for the score (ProductQuerySet.refresh_derived).
    brand_name = models.CharField(max_length=120, blank=True, editable=False)
    has_supporting_ingredient = models.BooleanField(default=False, editable=False)
    has_caution_ingredient = models.BooleanField(default=False, editable=False)
    has_ingredients = models.BooleanField(default=False, editable=False)
    has_concerns = models.BooleanField(default=False, editable=False)
    unit_price = models.GeneratedField(
        expression=score_sql.unit_price_expression(),
        output_field=models.FloatField(),
        db_persist=True,
    )
    score = models.GeneratedField(
        expression=score_sql.score_expression(),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )
    # PostgreSQL full-text search (catalog.textsearch); GIN index in migration 0006.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = textsearch.WithoutSearchVector.from_queryset(ProductQuerySet)()

    class Meta:
        ordering = ["brand_name", "name"]
        # A step's, shelf item's or patch test's `.product` is read through the base
        # manager: this one, so the search vector stays in the database there too.
        base_manager_name = "objects"
        constraints = [
            models.CheckConstraint(
                condition=Q(size_ml__isnull=True) | Q(size_ml__gt=0), name="product_size_positive"
            ),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gt=0), name="product_price_positive"
            ),
            models.CheckConstraint(
                condition=Q(concentration_percent__isnull=True)
                | Q(concentration_percent__gte=0, concentration_percent__lte=100),
                name="product_percent_0_100",
            ),
            models.UniqueConstraint(fields=["brand", "name"], name="product_unique_brand_name"),
        ]
        # The catalog list (ProductFilterForm.SORTS) reads published products in one of these
        # orders and stops after a page: each sort has an index in exactly that order, so the
        # database walks it and applies the filters as it goes, never sorting the catalog.
        indexes = [
            # Catalog list: a narrow source-type filter (the planner picks it when few match).
            models.Index(fields=["is_published", "source_type"], name="product_pub_source_idx"),
            # Catalog list: a narrow evidence-level filter.
            models.Index(
                fields=["is_published", "evidence_level"], name="product_pub_evidence_idx"
            ),
            # Catalog list, sort "name" (the default): brand name, then product name.
            models.Index(
                fields=["is_published", "brand_name", "name"], name="product_pub_name_idx"
            ),
            # Catalog list, sort "score": best scorecard total first.
            models.Index(
                fields=["is_published", "-score", "brand_name", "name"],
                name="product_pub_score_idx",
            ),
            # Catalog list, sort "price" and the price range filter. (Ascending indexes keep
            # NULLs last on PostgreSQL, and SQLite walks them NULLS LAST too.)
            models.Index(
                fields=["is_published", "price", "brand_name", "name"],
                name="product_pub_price_idx",
            ),
            # Catalog list, sort "-price". SQLite reads it NULLS LAST as the sort asks;
            # PostgreSQL's descending index puts NULLs first, so there it filters by it.
            models.Index(
                fields=["is_published", "-price", "brand_name", "name"],
                name="product_pub_price_desc_idx",
            ),
            # Catalog list, sort "price_per_ml".
            models.Index(
                fields=["is_published", "unit_price", "brand_name", "name"],
                name="product_pub_unit_price_idx",
            ),
        ]

    def __str__(self):
        # The stored copy first: lists read products without joining their brand.
        brand = self.brand_name or (self.brand.name if self.brand_id else "")
        return f"{brand} {self.name}" if brand else self.name

    def save(self, *args, **kwargs):
        # A copy of the brand's name for the list's sort index (not a side effect: this row's
        # own derived value, like updated_at).
        if self.brand_id:
            self.brand_name = self.brand.name
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("catalog:detail", kwargs={"slug": self.slug})

    @property
    def display_name(self) -> str:
        return str(self)

    @property
    def price_per_ml(self) -> Decimal | None:
        """Price per millilitre, derived; None when price or size is unknown."""
        if self.price is None or not self.size_ml:
            return None
        return (self.price / self.size_ml).quantize(Decimal("0.01"))

    # The shape catalog.scoring, catalog.cautions and catalog.fit expect, read once per row.
    # Views load them for a whole page with ProductQuerySet.with_lists().
    @cached_property
    def ingredient_list(self) -> list["Ingredient"]:
        return list(self.ingredients.all())  # a prefetch cache, if the caller made one

    @cached_property
    def concern_list(self) -> list[Concern]:
        return list(self.concerns.all())

    @cached_property
    def scorecard(self) -> scoring.Scorecard:
        return scoring.scorecard(self)

    @cached_property
    def cautions(self):
        return product_cautions(self)

    @property
    def source_guide_url(self) -> str:
        """Link to the guide's explanation of this product's source type."""
        anchor = self.source_type.replace("_", "-")
        return f"{ingredient_sources_url()}#source-{anchor}"

    @property
    def chips(self) -> list[tuple[str, str]]:
        """(CSS class, label) of the labels beside the product's name, on its card and its
        page (templates/catalog/includes/product_cards.html#chips)."""
        chips = [("chip", self.get_source_type_display()), ("chip chip-muted", self.origin_display)]
        if self.is_vegan:
            chips.append(("chip", "Vegan"))
        if self.contains_exosomes:
            chips.append(("chip", "Exosomes"))
        if self.needs_refrigeration:
            chips.append(("chip chip-warm", "Keep cold"))
        return chips

    # Plain-language values for readers; unknowns say so rather than guess.
    @property
    def origin_display(self) -> str:
        if self.is_human_derived is None:
            return NOT_RECORDED
        origin = "Human-derived" if self.is_human_derived else "Not human-derived"
        if self.origin_inferred_from:
            return f"{origin} (inferred from {self.origin_inferred_from})"
        return origin

    @property
    def concentration_display(self) -> str:
        if self.concentration_disclosure == self.Disclosure.NOT_DISCLOSED:
            return f"{NOT_DISCLOSED} by the brand"
        if not self.concentration_disclosure:
            return NOT_RECORDED
        if self.concentration_text:
            return self.concentration_text
        if self.concentration_percent is not None:
            return f"{self.concentration_percent.normalize():f}%"
        return self.get_concentration_disclosure_display()

    @property
    def size_display(self) -> str:
        return f"{self.size_ml.normalize():f} ml" if self.size_ml else NOT_RECORDED

    @property
    def price_display(self) -> str:
        return f"{self.price:.2f} {self.currency}" if self.price is not None else NOT_RECORDED

    @property
    def price_per_ml_display(self) -> str:
        per_ml = self.price_per_ml
        return f"{per_ml:.2f} {self.currency} per ml" if per_ml is not None else NOT_RECORDED

    @property
    def packaging_display(self) -> str:
        return self.get_packaging_display() if self.packaging else NOT_RECORDED

    @property
    def container_display(self) -> str:
        return self.get_container_display() if self.container else NOT_RECORDED

    @property
    def applicator_display(self) -> str:
        return self.get_applicator_display() if self.applicator else NOT_RECORDED

    @property
    def evidence_display(self) -> str:
        return self.get_evidence_level_display() if self.evidence_level else NOT_RECORDED
