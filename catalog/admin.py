"""Staff admin for the catalog. Catalog editors (see catalog/roles.py) can use all of it."""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Q
from django.utils.html import format_html_join

from catalog import services
from catalog.imports.admin import CatalogImportExportMixin
from catalog.imports.resources import BrandResource, IngredientResource, ProductResource
from catalog.models import Brand, Concern, Ingredient, IngredientClass, IngredientSynonym, Product
from config.admin_a11y import LabelledListEditableMixin
from config.admin_guard import UserRowsGuardMixin
from config.publicpages import PublicContentAdmin, public_content_changed


class PlaceholderAutocompleteSelect(AutocompleteSelect):
    """Django leaves a required autocomplete <select> without an empty first option, which
    HTML does not allow (the Nu checker flags it); add the placeholder option it needs."""

    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        if self.is_required and not self.allow_multiple_selected:
            groups[0][1].insert(0, self.create_option(name, "", "---------", False, 0))
        return groups


@admin.register(Brand)
class BrandAdmin(
    CatalogImportExportMixin, PublicContentAdmin, UserRowsGuardMixin, admin.ModelAdmin
):
    resource_classes = [BrandResource]
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_form(self, request, obj=None, **kwargs):
        kwargs["help_texts"] = {
            "name": "The brand as printed on its packaging.",
            "slug": "Filled in from the name; lowercase letters, numbers and hyphens only.",
        }
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.brand_changed(obj)


class RefreshesLinkedProductsOnDelete:
    """Deleting ingredients or concerns changes what their products' stored facts say."""

    linked = "ingredients"

    def delete_model(self, request, obj):
        ids = services.products_of(**{self.linked: [obj]})
        super().delete_model(request, obj)
        services.products_unlinked(ids)

    def delete_queryset(self, request, queryset):
        ids = services.products_of(**{self.linked: list(queryset)})
        super().delete_queryset(request, queryset)
        services.products_unlinked(ids)


@admin.register(Concern)
class ConcernAdmin(
    RefreshesLinkedProductsOnDelete,
    PublicContentAdmin,
    UserRowsGuardMixin,
    LabelledListEditableMixin,
    admin.ModelAdmin,
):
    linked = "concerns"
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_form(self, request, obj=None, **kwargs):
        kwargs["help_texts"] = {
            "name": "What a product can be best for, as readers would say it (e.g. Dark spots).",
            "slug": "Used in filter links; changing it breaks links people have shared.",
            "description": "One short plain-language line explaining the concern.",
            "order": "Lower numbers are listed first in filters.",
        }
        return super().get_form(request, obj, **kwargs)


GENERAL_REFERENCE_NOTE = (
    "Entries marked “General reference” are common actives and allergens from general "
    "cosmetic-ingredient knowledge, not from our source article. Check them against a "
    "current reference before relying on them, and never use them to state facts about a "
    "product."
)


@admin.register(IngredientClass)
class IngredientClassAdmin(
    RefreshesLinkedProductsOnDelete, PublicContentAdmin, UserRowsGuardMixin, admin.ModelAdmin
):
    linked = "classes"
    list_display = ["name", "role", "also_called", "basis"]
    list_filter = ["role", "basis"]
    search_fields = ["name", "also_called"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.ingredient_class_changed(obj)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "subtitle": GENERAL_REFERENCE_NOTE}
        return super().changelist_view(request, extra_context)


class SynonymFormSet(forms.BaseInlineFormSet):
    """A synonym may not be another ingredient's name or INCI name (the database already
    refuses a synonym used twice)."""

    def clean(self):
        super().clean()
        for form in self.forms:
            name = (form.cleaned_data or {}).get("name", "").strip()
            if not name or form.cleaned_data.get("DELETE"):
                continue
            clash = Ingredient.objects.filter(Q(name__iexact=name) | Q(inci_name__iexact=name))
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            other = clash.first()
            if other is not None:
                form.add_error("name", f"“{name}” is already the name of {other.name}.")


class IngredientSynonymInline(admin.StackedInline):  # labelled fields (axe)
    model = IngredientSynonym
    formset = SynonymFormSet
    extra = 1
    verbose_name = "other name on packs"
    verbose_name_plural = "other names on packs (synonyms)"


@admin.register(Ingredient)
class IngredientAdmin(
    RefreshesLinkedProductsOnDelete,
    CatalogImportExportMixin,
    PublicContentAdmin,
    UserRowsGuardMixin,
    admin.ModelAdmin,
):
    resource_classes = [IngredientResource]
    list_display = ["name", "inci_name", "role", "class_list", "basis"]
    list_filter = ["basis", "role", "classes"]
    search_fields = ["name", "inci_name", "synonyms__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["classes"]
    inlines = [IngredientSynonymInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "inci_name", "role", "classes", "description"]}),
        ("Where it comes from", {"fields": ["basis"], "description": GENERAL_REFERENCE_NOTE}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("classes")

    @admin.display(description="classes")
    def class_list(self, obj):
        return ", ".join(c.name for c in obj.classes.all()) or "—"

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "subtitle": GENERAL_REFERENCE_NOTE}
        return super().changelist_view(request, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        kwargs["help_texts"] = {
            "name": "The name readers know it by (e.g. Hyaluronic acid).",
            "slug": "Filled in from the name; lowercase letters, numbers and hyphens only.",
            "role": (
                "What it does in a formula. Exfoliants/acids and retinoids trigger a caution "
                "for freshly treated skin; oils trigger a patch-test reminder. The classes "
                "below add their own roles for the routine rules."
            ),
            "description": "One short plain-language line about what it does.",
        }
        return super().get_form(request, obj, **kwargs)

    def save_related(self, request, form, formsets, change):
        # After the classes are saved: a class's role counts as the ingredient's own.
        super().save_related(request, form, formsets, change)
        services.ingredient_changed(form.instance)


PRODUCT_HELP_TEXTS = {
    "brand": "Start typing to find the brand; add it with the + button if it is new.",
    "contains_exosomes": "Tick only if the brand says the formula contains exosomes.",
    "is_vegan": "Tick only if the brand says the product is vegan.",
    "concerns": "What the brand or our sources say it is best for. Type to search.",
    "ingredients": (
        "Supporting and caution ingredients named by the brand. Type to search; "
        "the ingredient's role drives the scorecard and the cautions."
    ),
    "profile": "What is in it, in plain words of our own. Never copy the brand's text.",
    "why_consider": "Reasons a reader might choose it, in our own words.",
}


@admin.register(Product)
class ProductAdmin(
    CatalogImportExportMixin, PublicContentAdmin, UserRowsGuardMixin, admin.ModelAdmin
):
    resource_classes = [ProductResource]
    list_display = [
        "__str__",
        "source_type",
        "is_human_derived",
        "evidence_level",
        "price",
        "size_ml",
        "price_per_ml_column",
        "score_column",
        "is_published",
    ]
    list_filter = [
        "is_published",
        "source_type",
        "is_human_derived",
        "concentration_disclosure",
        "contains_exosomes",
        "packaging",
        "container",
        "applicator",
        "needs_refrigeration",
        "is_vegan",
        "evidence_level",
        "clinician_backed",
        "concerns",
        "brand",
    ]
    search_fields = ["name", "brand__name", "ingredients__name"]
    autocomplete_fields = ["brand", "concerns", "ingredients"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["price_per_ml_column", "scorecard_summary", "created_at", "updated_at"]
    actions = ["publish", "unpublish"]
    list_select_related = ["brand"]
    fieldsets = [
        (None, {"fields": ["brand", "name", "slug", "is_published"]}),
        (
            "Source and disclosure",
            {
                "fields": [
                    "source_type",
                    "is_human_derived",
                    "origin_inferred_from",
                    "concentration_disclosure",
                    "concentration_percent",
                    "concentration_text",
                    "contains_exosomes",
                ],
                "description": "Record only what the brand states. Leave unknowns empty.",
            },
        ),
        (
            "Packaging and storage",
            {"fields": ["packaging", "container", "applicator", "needs_refrigeration", "is_vegan"]},
        ),
        ("Evidence", {"fields": ["evidence_level", "clinician_backed"]}),
        (
            "Size and price",
            {
                "fields": ["size_ml", "price", "currency", "price_per_ml_column"],
                "description": "Both optional. Price per ml is worked out from them.",
            },
        ),
        ("For readers", {"fields": ["profile", "why_consider", "concerns", "ingredients"]}),
        ("Derived", {"fields": ["scorecard_summary", "created_at", "updated_at"]}),
    ]

    # Mirror the database constraints in the form, so editors get a message beside the field.
    FIELD_LIMITS = {
        "price": {"min_value": Decimal("0.01")},
        "size_ml": {"min_value": Decimal("0.01")},
        "concentration_percent": {"min_value": Decimal("0"), "max_value": Decimal("100")},
    }

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        kwargs.update(self.FIELD_LIMITS.get(db_field.name, {}))
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.autocomplete_fields:
            kwargs.setdefault(
                "widget",
                PlaceholderAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using")),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        kwargs["help_texts"] = PRODUCT_HELP_TEXTS
        return super().get_form(request, obj, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the many-to-many rows: the score facts and search text read them.
        services.product_changed(form.instance)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("brand")
            .prefetch_related("concerns", "ingredients")
        )

    @admin.display(description="price per ml", ordering="unit_price")
    def price_per_ml_column(self, obj):
        return obj.price_per_ml_display if obj.pk else "Worked out when saved"

    @admin.display(description="score")
    def score_column(self, obj):
        return str(obj.scorecard)

    @admin.display(description="scorecard")
    def scorecard_summary(self, obj):
        if not obj.pk:
            return "Shown once the product is saved."
        return format_html_join(
            "\n",
            "<p><strong>{}</strong>: {} — {}</p>",
            ((c.title, c.status_label, c.reason) for c in obj.scorecard),
        )

    @admin.action(description="Publish selected products", permissions=["change"])
    def publish(self, request, queryset):
        count = queryset.update(is_published=True)
        public_content_changed()
        self.message_user(request, f"{count} product(s) published.", messages.SUCCESS)

    @admin.action(description="Unpublish selected products", permissions=["change"])
    def unpublish(self, request, queryset):
        count = queryset.update(is_published=False)
        public_content_changed()
        self.message_user(request, f"{count} product(s) unpublished.", messages.SUCCESS)
