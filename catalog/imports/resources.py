"""What staff import and export (CSV or XLSX): brands, ingredients and products.

django-import-export reads a file into these resources twice: once as a dry run whose
preview shows every row's changes and errors, then for real after the editor confirms.
Every column is checked before a row is saved, related columns included, so a failing
file reports all its bad rows in the preview; the admin refuses to import any of it
(catalog/imports/admin.py). Imports never delete and never publish unless told to.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q, UniqueConstraint
from django.db.models.functions import Lower
from django.utils.text import slugify
from import_export import fields, resources
from import_export.instance_loaders import CachedInstanceLoader
from import_export.widgets import CharWidget, ManyToManyWidget

from catalog import services
from catalog.imports.widgets import (
    AmountWidget,
    ChoiceWidget,
    IngredientListWidget,
    NamedForeignKeyWidget,
    StrictManyToManyWidget,
    SynonymsWidget,
    YesNoWidget,
)
from catalog.models import Brand, Concern, Ingredient, IngredientClass, IngredientSynonym, Product
from config.publicpages import public_content_changed


def text_field(name, column=None):
    return fields.Field(attribute=name, column_name=column or name, widget=CharWidget())


class CatalogResource(resources.ModelResource):
    """Shared rules: check every column (many-to-many ones too) before saving; fill a
    missing slug from the name; tell the public-page cache after a real import."""

    slug_from: tuple[str, ...] = ("name",)

    def before_import(self, dataset, **kwargs):
        if dataset.headers and "slug" not in dataset.headers:
            dataset.append_col([""] * len(dataset), header="slug")

    def before_import_row(self, row, **kwargs):
        if not str(row.get("slug") or "").strip():
            words = " ".join(str(row.get(column) or "") for column in self.slug_from)
            row["slug"] = slugify(words)[: self._meta.model._meta.get_field("slug").max_length]

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        instance.cleaned_m2m = {}
        for field in self.get_import_fields():
            if isinstance(field.widget, ManyToManyWidget) and field.column_name in row:
                try:
                    instance.cleaned_m2m[field.attribute] = list(field.clean(row, **kwargs))
                except ValueError as error:
                    errors[field.attribute] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Field checks and unique constraints, each a message beside the row. Check
        constraints are left to the cell readers, which enforce the same limits with
        clearer words and without a query per constraint per row."""
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=errors.keys(), validate_unique=validate_unique, validate_constraints=False
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        model = type(instance)
        for constraint in model._meta.constraints:
            if isinstance(constraint, UniqueConstraint):
                try:
                    constraint.validate(model, instance, exclude=set(errors))
                except ValidationError as error:
                    errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def save_m2m(self, instance, row, **kwargs):
        """Save the related rows checked in import_instance (no second lookup)."""
        for attribute, related in getattr(instance, "cleaned_m2m", {}).items():
            getattr(instance, attribute).set(related)

    def after_import(self, dataset, result, **kwargs):
        if not kwargs.get("dry_run") and not result.has_errors():
            # Imported names, links and roles feed every product's stored sort, score and
            # search columns: one statement brings them all up to date.
            services.catalog_imported()
            public_content_changed()


class BrandResource(CatalogResource):
    name = text_field("name")
    slug = text_field("slug")
    website_note = text_field("website_note")

    class Meta:
        model = Brand
        fields = ("name", "slug", "website_note")
        import_id_fields = ("slug",)
        instance_loader_class = CachedInstanceLoader  # one query finds every existing row
        clean_model_instances = True
        skip_unchanged = True


class IngredientResource(CatalogResource):
    name = text_field("name")
    slug = text_field("slug")
    inci_name = text_field("inci_name")
    role = fields.Field(
        attribute="role", column_name="role", widget=ChoiceWidget(Ingredient.Role.choices, "other")
    )
    classes = fields.Field(
        attribute="classes",
        column_name="classes",
        widget=StrictManyToManyWidget(IngredientClass, "slug", "ingredient classes"),
    )
    synonyms = fields.Field(
        attribute="imported_synonyms", column_name="synonyms", widget=SynonymsWidget()
    )
    basis = fields.Field(
        attribute="basis", column_name="basis", widget=ChoiceWidget(Ingredient.Basis.choices, "")
    )
    description = text_field("description")

    class Meta:
        model = Ingredient
        fields = (
            "name",
            "slug",
            "inci_name",
            "role",
            "classes",
            "synonyms",
            "basis",
            "description",
        )
        export_order = fields
        import_id_fields = ("slug",)
        instance_loader_class = CachedInstanceLoader  # one query finds every existing row
        clean_model_instances = True
        skip_unchanged = True

    def get_export_queryset(self, request=None):
        return Ingredient.objects.prefetch_related("classes", "synonyms").order_by("name")

    def dehydrate_synonyms(self, ingredient):
        return "; ".join(s.name for s in ingredient.synonyms.all())

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        names = getattr(instance, "imported_synonyms", None) or []
        if names and "imported_synonyms" not in errors:
            clash = self._synonym_clash(instance, names)
            if clash:
                errors["imported_synonyms"] = ValidationError(clash, code="taken")
        super().validate_instance(instance, errors, validate_unique)

    @staticmethod
    def _synonym_clash(instance, names) -> str:
        folded = [n.casefold() for n in names]
        synonyms = IngredientSynonym.objects.annotate(folded=Lower("name")).filter(
            folded__in=folded
        )
        others = Ingredient.objects.annotate(
            folded_name=Lower("name"), folded_inci=Lower("inci_name")
        ).filter(Q(folded_name__in=folded) | Q(folded_inci__in=folded))
        if instance.pk:
            synonyms = synonyms.exclude(ingredient_id=instance.pk)
            others = others.exclude(pk=instance.pk)
        taken = [f"{s.name} (a synonym of {s.ingredient.name})" for s in synonyms[:5]]
        taken += [f"{i.name}" for i in others[:5]]
        if taken:
            return "Already used by another ingredient: " + ", ".join(taken) + "."
        return ""

    def after_save_instance(self, instance, row, **kwargs):
        names = getattr(instance, "imported_synonyms", None)
        if names is None:
            return
        keep = {n.casefold() for n in names}
        existing = {s.name.casefold(): s for s in instance.synonyms.all()}
        instance.synonyms.exclude(pk__in=[s.pk for k, s in existing.items() if k in keep]).delete()
        IngredientSynonym.objects.bulk_create(
            IngredientSynonym(ingredient=instance, name=n)
            for n in names
            if n.casefold() not in existing
        )


class CurrencyWidget(CharWidget):
    """Three letters; a blank currency is only allowed when no price is given."""

    def clean(self, value, row=None, **kwargs):
        text = ("" if value is None else str(value)).strip().upper()
        if text == "":
            if row and str(row.get("price") or "").strip():
                raise ValueError("Give the price's currency, e.g. USD or EUR.")
            return "USD"
        if len(text) != 3 or not text.isalpha():
            raise ValueError(f"“{text}” is not a three-letter currency code such as USD.")
        return text


def choice_field(name, choices, blank=""):
    return fields.Field(attribute=name, column_name=name, widget=ChoiceWidget(choices, blank))


def yes_no_field(name, blank_means=False):
    return fields.Field(attribute=name, column_name=name, widget=YesNoWidget(blank_means))


class ProductResource(CatalogResource):
    slug_from = ("brand", "name")

    slug = text_field("slug")
    brand = fields.Field(
        attribute="brand", column_name="brand", widget=NamedForeignKeyWidget(Brand, "name", "brand")
    )
    name = text_field("name")
    is_published = yes_no_field("is_published")
    source_type = choice_field("source_type", Product.SourceType.choices, blank=None)
    is_human_derived = yes_no_field("is_human_derived", blank_means=None)
    origin_inferred_from = text_field("origin_inferred_from")
    concentration_disclosure = choice_field("concentration_disclosure", Product.Disclosure.choices)
    concentration_percent = fields.Field(
        attribute="concentration_percent",
        column_name="concentration_percent",
        widget=AmountWidget(at_least=0, at_most=100, what="the percentage"),
    )
    concentration_text = text_field("concentration_text")
    contains_exosomes = yes_no_field("contains_exosomes")
    packaging = choice_field("packaging", Product.Packaging.choices)
    container = choice_field("container", Product.Container.choices)
    applicator = choice_field("applicator", Product.Applicator.choices)
    needs_refrigeration = yes_no_field("needs_refrigeration")
    is_vegan = yes_no_field("is_vegan")
    evidence_level = choice_field("evidence_level", Product.Evidence.choices)
    clinician_backed = yes_no_field("clinician_backed")
    size_ml = fields.Field(
        attribute="size_ml", column_name="size_ml", widget=AmountWidget(above=0, what="the size")
    )
    price = fields.Field(
        attribute="price", column_name="price", widget=AmountWidget(above=0, what="the price")
    )
    currency = fields.Field(attribute="currency", column_name="currency", widget=CurrencyWidget())
    profile = text_field("profile")
    why_consider = text_field("why_consider")
    concerns = fields.Field(
        attribute="concerns",
        column_name="concerns",
        widget=StrictManyToManyWidget(Concern, "slug", "concerns"),
    )
    ingredients = fields.Field(
        attribute="ingredients", column_name="ingredients", widget=IngredientListWidget(Ingredient)
    )

    class Meta:
        model = Product
        import_id_fields = ("slug",)
        instance_loader_class = CachedInstanceLoader  # one query finds every existing row
        clean_model_instances = True
        skip_unchanged = True
        fields = (
            "slug",
            "brand",
            "name",
            "is_published",
            "source_type",
            "is_human_derived",
            "origin_inferred_from",
            "concentration_disclosure",
            "concentration_percent",
            "concentration_text",
            "contains_exosomes",
            "packaging",
            "container",
            "applicator",
            "needs_refrigeration",
            "is_vegan",
            "evidence_level",
            "clinician_backed",
            "size_ml",
            "price",
            "currency",
            "profile",
            "why_consider",
            "concerns",
            "ingredients",
        )
        export_order = fields

    def get_export_queryset(self, request=None):
        return Product.objects.select_related("brand").prefetch_related("concerns", "ingredients")
