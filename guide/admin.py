from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from catalog.models import Product
from config.admin_a11y import LabelledListEditableMixin
from config.admin_guard import UserRowsGuardMixin
from config.publicpages import PublicContentAdmin, public_content_changed
from guide import search_index
from guide.models import Article, FaqEntry, GlossaryTerm, SearchSynonym


class ShippedContentAdmin(PublicContentAdmin, UserRowsGuardMixin, admin.ModelAdmin):
    """Shared behaviour: saving or publishing marks the row as edited, so upgrades skip it."""

    actions = ["publish", "unpublish"]
    readonly_fields = ["updated_at", "content_version"]

    def has_delete_permission(self, request, obj=None):
        # Shipped rows are unpublished, not deleted: a deleted row would come back with the next
        # content upgrade, while an unpublished, staff-edited one stays exactly as staff left it.
        if obj is not None and obj.content_version > 0:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)  # bulk delete would bypass the rule above
        return actions

    def save_model(self, request, obj, form, change):
        obj.edited_by_staff = True
        super().save_model(request, obj, form, change)
        search_index.refresh(type(obj).objects.filter(pk=obj.pk))

    def _set_published(self, request, queryset, value):
        count = queryset.update(is_published=value, edited_by_staff=True, updated_at=timezone.now())
        public_content_changed()
        verb = "published" if value else "unpublished"
        self.message_user(request, f"{count} item(s) {verb}.", messages.SUCCESS)

    @admin.action(description="Publish selected items")
    def publish(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(description="Unpublish selected items")
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, False)


class ArticleForm(forms.ModelForm):
    related_source_types = forms.MultipleChoiceField(
        choices=Product.SourceType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Catalog products of these source types are listed under the article.",
    )

    class Meta:
        model = Article
        fields = [
            "title", "slug", "summary", "theme", "order", "is_published", "last_reviewed",
            "body", "related_source_types", "related_product_slugs", "related_concern_slugs",
            "edited_by_staff",
        ]  # fmt: skip


@admin.register(Article)
class ArticleAdmin(LabelledListEditableMixin, ShippedContentAdmin):
    form = ArticleForm
    list_display = [
        "title",
        "theme",
        "order",
        "is_published",
        "last_reviewed",
        "edited_by_staff",
        "updated_at",
    ]
    list_editable = ["order"]
    list_filter = ["theme", "is_published", "edited_by_staff"]
    search_fields = ["title", "slug", "summary", "body"]
    ordering = ["order", "title"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = [*ShippedContentAdmin.readonly_fields, "preview"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "summary",
                    "theme",
                    "order",
                    "is_published",
                    "last_reviewed",
                ]
            },
        ),
        ("Text", {"fields": ["body", "preview"]}),
        (
            "Related catalog items",
            {"fields": ["related_source_types", "related_product_slugs", "related_concern_slugs"]},
        ),
        ("History", {"fields": ["updated_at", "content_version", "edited_by_staff"]}),
    ]

    @admin.display(description="Preview (as readers will see it, after saving)")
    def preview(self, obj):
        if not obj.pk:
            return "Save the article to see a preview."
        rendered = obj.rendered(list(GlossaryTerm.objects.published()))
        toc = format_html_join(
            "", '<li><a href="#{}">{}</a></li>', ((e.anchor, e.text) for e in rendered.toc)
        )
        # rendered.html has been through the allow-list sanitiser.
        return format_html(
            '<div class="guide-preview"><p><strong>Contents</strong></p><ul>{}</ul>{}</div>',
            toc,
            mark_safe(rendered.html),  # noqa: S308
        )


@admin.register(FaqEntry)
class FaqEntryAdmin(LabelledListEditableMixin, ShippedContentAdmin):
    list_display = ["question", "order", "is_published", "edited_by_staff", "updated_at"]
    list_editable = ["order"]
    list_filter = ["is_published", "edited_by_staff"]
    search_fields = ["question", "answer", "slug"]
    ordering = ["order"]
    prepopulated_fields = {"slug": ["question"]}


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(ShippedContentAdmin):
    list_display = ["term", "slug", "is_published", "edited_by_staff", "updated_at"]
    list_filter = ["is_published", "edited_by_staff"]
    search_fields = ["term", "definition", "also_matches"]
    ordering = ["term"]
    prepopulated_fields = {"slug": ["term"]}


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    """Words readers type that the site calls something else; search looks for both."""

    list_display = ["phrase", "means"]
    search_fields = ["phrase", "means"]
