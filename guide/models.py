"""The guide: articles, FAQ entries and glossary terms, edited by staff in the admin.

Shipped content and staff edits
-------------------------------
The guide's text ships with the code (guide/content/) and reaches the database through data
migrations that call ``guide.content.load_guide_content``. Every row carries two fields that
decide whether a later content migration may touch it:

* ``content_version`` — the version of the shipped text the row was last loaded from;
* ``edited_by_staff`` — set by the admin whenever an editor saves or publishes the row.

The loader creates missing rows, and updates a row only when it is *not* edited by staff and
its ``content_version`` is older than the shipped one. An upgrade therefore never overwrites
what an editor changed, and a fresh install gets the whole guide with no manual step.
Shipped rows cannot be deleted in the admin, only unpublished: a deleted row would be
recreated by the next upgrade, an unpublished one stays hidden. ``manage.py
load_guide_content`` runs the same loader by hand (e.g. to restore a row on a dev database).

Related catalog items are stored softly (source-type values and slugs as text) so this app
never needs catalog rows to exist: related products are looked up at read time and missing
slugs are simply skipped.

Rendering
---------
Article bodies are Markdown. ``Article.rendered()`` turns them into sanitised HTML (allow-list,
see guide/rendering.py) and stores the result in the article's own row (``rendered_html``,
``rendered_toc``, ``rendered_terms``) with the stamp it was made from: the pipeline's
version, the article's ``updated_at`` and a stamp of the glossary. Any edit to either makes
the stamp differ, and the next read renders again and stores that, so every app server
reads the same rendering from the database and none keeps its own.
"""

import functools
import math

from django.contrib.postgres.search import SearchVectorField
from django.core.cache import caches
from django.db import connection, models
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.urls import reverse

from catalog.models import Product
from catalog.textsearch import WithoutSearchVector
from guide import rendering

WORDS_PER_MINUTE = 200


def _split_list(text: str) -> list[str]:
    return [item.strip() for item in text.replace("\n", ",").split(",") if item.strip()]


@functools.cache
def _neighbours_sql() -> str:
    """Both reading neighbours of an article, as one UNION ALL of two one-row reads.

    Written out once (the text depends only on the model): building and compiling two
    querysets cost several times what the database spends on them. The same conditions
    as ``published()`` and Meta.ordering; tests/guide/test_views.py checks the result
    against the reading list itself."""
    quote = connection.ops.quote_name
    meta = Article._meta
    table = quote(meta.db_table)
    pk, slug, title, order, published = (
        quote(meta.get_field(name).column)
        for name in ("id", "slug", "title", "order", "is_published")
    )

    def side(alias: str, cmp: str, direction: str) -> str:
        return (
            f"SELECT * FROM (SELECT %s AS side, {pk}, {slug}, {title} FROM {table}"  # noqa: S608
            f" WHERE {published} AND ({order} {cmp} %s OR ({order} = %s AND {title} {cmp} %s))"
            f" ORDER BY {order} {direction}, {title} {direction} LIMIT 1) AS {alias}"
        )

    return f"{side('before_this', '<', 'DESC')} UNION ALL {side('after_this', '>', 'ASC')}"


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def with_rendering(self):
        """Articles with their stored rendering (the article page); lists leave it out."""
        return self.defer(None).defer("search_vector")


# An article's stored rendering: read by its own page only (Article.rendered).
RENDERING_FIELDS = ("rendered_html", "rendered_toc", "rendered_terms", "rendered_stamp")


class ArticleManager(WithoutSearchVector.from_queryset(PublishedQuerySet)):
    def get_queryset(self):
        return super().get_queryset().defer(*RENDERING_FIELDS)


class ShippedContent(models.Model):
    """Fields shared by every kind of guide row (see the module docstring)."""

    is_published = models.BooleanField(
        "published", default=True, help_text="Only published items are visible to readers."
    )
    updated_at = models.DateTimeField(auto_now=True)
    content_version = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Version of the shipped text this row was last loaded from (0: written here).",
    )
    edited_by_staff = models.BooleanField(
        default=False,
        help_text="Set when an editor saves this item; content upgrades then leave it alone.",
    )
    # PostgreSQL full-text search (guide/search_index.py); GIN index in migration 0005.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = WithoutSearchVector.from_queryset(PublishedQuerySet)()

    class Meta:
        abstract = True


class Article(ShippedContent):
    class Theme(models.TextChoices):
        BASICS = "basics", "Understanding the label"
        EVIDENCE = "evidence", "Evidence and safety"
        CHOOSING = "choosing", "Choosing and paying"
        USING = "using", "Using a serum"
        OUTLOOK = "outlook", "Expectations and what comes next"

    title = models.CharField(max_length=160)
    slug = models.SlugField(max_length=80, unique=True, help_text="Used in the address.")
    summary = models.CharField(
        max_length=300, help_text="One or two sentences shown in lists and search engines."
    )
    body = models.TextField(
        help_text=(
            "Markdown. Use ## and ### headings; add a fixed anchor with "
            "'## Heading {#anchor-id}' when other pages link to that section."
        )
    )
    theme = models.CharField(max_length=20, choices=Theme.choices, default=Theme.BASICS)
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Reading order across the whole guide (lower comes first)."
    )
    related_source_types = models.JSONField(
        default=list,
        blank=True,
        help_text='Catalog source types this article explains, e.g. ["plant", "exosome"].',
    )
    related_product_slugs = models.TextField(
        blank=True, help_text="Catalog product slugs, comma-separated. Unknown slugs are ignored."
    )
    related_concern_slugs = models.TextField(
        blank=True, help_text="Catalog concern slugs, comma-separated. Unknown slugs are ignored."
    )
    # The body as readers see it, stored by rendered() with the stamp it was made from.
    rendered_html = models.TextField(blank=True, editable=False)
    rendered_toc = models.JSONField(default=list, blank=True, editable=False)
    rendered_terms = models.JSONField(default=list, blank=True, editable=False)
    rendered_stamp = models.CharField(max_length=120, blank=True, editable=False)
    last_reviewed = models.DateField(
        "last reviewed",
        null=True,
        blank=True,
        help_text=(
            "The day an editor last checked this article against its sources. Shown to "
            "readers; change it only when you have actually reviewed the text."
        ),
    )

    objects = ArticleManager()

    class Meta:
        ordering = ["order", "title"]
        indexes = [
            # Guide index and previous/next: published articles in reading order.
            models.Index(fields=["is_published", "order"], name="article_pub_order_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("guide:article", kwargs={"slug": self.slug})

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(len(self.body.split()) / WORDS_PER_MINUTE))

    @property
    def product_slugs(self) -> list[str]:
        return _split_list(self.related_product_slugs)

    @property
    def concern_slugs(self) -> list[str]:
        return _split_list(self.related_concern_slugs)

    def render_stamp(self, glossary_stamp: str) -> str:
        """What a stored rendering must have been made from to be shown as it is."""
        updated = self.updated_at.isoformat() if self.updated_at else "new"
        return f"{rendering.RENDER_VERSION}:{updated}:{glossary_stamp}"

    def rendered(self, glossary_terms=None) -> rendering.Rendered:
        """Sanitised HTML, table of contents and glossary links: the stored rendering when
        its stamp is current, else rendered now and stored in this row.

        `glossary_terms` are the published GlossaryTerm rows, or None to read only their
        stamp (one aggregate query) and load them when the stored rendering is out of date.
        """
        if glossary_terms is None:
            glossary_stamp = GlossaryTerm.current_stamp()
        else:
            glossary_stamp = GlossaryTerm.stamp(glossary_terms)
        stamp = self.render_stamp(glossary_stamp)
        if self.pk is not None and self.get_deferred_fields() & set(RENDERING_FIELDS):
            self.refresh_from_db(fields=RENDERING_FIELDS)  # read from a list: one query
        if self.rendered_stamp == stamp:
            return rendering.Rendered(
                html=self.rendered_html,
                toc=tuple(rendering.TocEntry(*entry) for entry in self.rendered_toc),
                linked_terms=tuple(self.rendered_terms),
            )
        if glossary_terms is None:
            glossary_terms = list(GlossaryTerm.objects.published())
        result = rendering.render_article(self.body, GlossaryTerm.links(glossary_terms))
        self.rendered_html = result.html
        self.rendered_toc = [[e.level, e.anchor, e.text] for e in result.toc]
        self.rendered_terms = list(result.linked_terms)
        self.rendered_stamp = stamp
        if self.pk is not None:
            # update(), not save(): updated_at stays as it is. A row edited meanwhile has a
            # newer updated_at, so this stores nothing over it.
            Article.objects.filter(pk=self.pk, updated_at=self.updated_at).update(
                rendered_html=self.rendered_html,
                rendered_toc=self.rendered_toc,
                rendered_terms=self.rendered_terms,
                rendered_stamp=stamp,
            )
        return result

    def reading_neighbours(self) -> tuple["Article | None", "Article | None"]:
        """The published articles just before and just after this one in reading order
        (order, then title), each read through article_pub_order_idx, in one statement."""
        found = {row.side: row for row in Article.objects.raw(_neighbours_sql(), self._sides())}
        return found.get("previous"), found.get("next")

    def _sides(self) -> list:
        return ["previous", self.order, self.order, self.title] + [
            "next",
            self.order,
            self.order,
            self.title,
        ]

    def related_products(self, limit: int = 6):
        """Published catalog products this article is about (soft links: missing ones skipped)."""
        condition = Q()
        if self.related_source_types:
            condition |= Q(source_type__in=self.related_source_types)
        if self.product_slugs:
            condition |= Q(slug__in=self.product_slugs)
        if self.concern_slugs:
            # EXISTS rather than a join, so no DISTINCT: the name index serves the order.
            links = Product.concerns.through.objects.filter(
                product_id=OuterRef("pk"), concern__slug__in=self.concern_slugs
            )
            condition |= Q(Exists(links))
        if not condition:
            return Product.objects.none()
        return Product.objects.published().filter(condition).order_by("brand_name", "name")[:limit]


class FaqEntry(ShippedContent):
    question = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True, help_text="Anchor on the FAQ page.")
    answer = models.TextField(help_text="Markdown (short paragraphs, lists, links).")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "question"]
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return reverse("guide:faq") + f"#{self.slug}"

    def answer_html(self) -> str:
        key = f"guide:faq:{rendering.RENDER_VERSION}:{self.pk}:{self.updated_at.isoformat()}"
        cache = caches["render"]
        html = cache.get(key)
        if html is None:
            html = rendering.render_markdown(self.answer)
            cache.set(key, html, timeout=None)
        return html

    def answer_text(self) -> str:
        return rendering.plain_text(self.answer)


class GlossaryTerm(ShippedContent):
    term = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True, help_text="Anchor on the glossary page.")
    definition = models.TextField(help_text="A short, plain definition (one to three sentences).")
    also_matches = models.CharField(
        max_length=200,
        blank=True,
        help_text="Other spellings linked to this term in articles, comma-separated.",
    )

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return self.term

    def get_absolute_url(self):
        return reverse("guide:glossary") + f"#{self.slug}"

    @property
    def spellings(self) -> list[str]:
        return [self.term, *_split_list(self.also_matches)]

    @staticmethod
    def links(terms) -> list[rendering.GlossaryLink]:
        """What the article renderer needs to link these terms."""
        page = reverse("guide:glossary")
        return [
            rendering.GlossaryLink(t.term, f"{page}#{t.slug}", tuple(t.spellings)) for t in terms
        ]

    @staticmethod
    def stamp(terms) -> str:
        """Changes whenever a term is added, removed or edited (part of an article's
        rendering stamp)."""
        newest = max((t.updated_at for t in terms), default=None)
        return f"{len(terms)}-{newest.isoformat() if newest else 'none'}"

    @classmethod
    def current_stamp(cls) -> str:
        """stamp() of the published terms, in one aggregate query."""
        found = cls.objects.published().aggregate(count=Count("pk"), newest=Max("updated_at"))
        newest = found["newest"]
        return f"{found['count']}-{newest.isoformat() if newest else 'none'}"

    @property
    def letter(self) -> str:
        first = self.term[:1].upper()
        return first if first.isalpha() else "#"


class SearchSynonym(models.Model):
    """A word readers type, and what the guide and catalog call it (staff extend the list).

    Search looks for either: "retinol" also finds the glossary's "Retinoid", "vitamin c"
    also finds "ascorbic acid".
    """

    phrase = models.CharField(
        max_length=60,
        unique=True,
        help_text="What a reader might type, e.g. “retinol” or “vitamin c” (any case).",
    )
    means = models.CharField(
        max_length=200,
        help_text="What the site calls it, comma-separated when several, e.g. "
        "“glycolic acid, lactic acid”.",
    )

    class Meta:
        ordering = ["phrase"]

    def __str__(self):
        return f"{self.phrase} → {self.means}"

    def save(self, *args, **kwargs):
        self.phrase = " ".join(self.phrase.lower().split())
        super().save(*args, **kwargs)

    @property
    def alternatives(self) -> list[str]:
        return _split_list(self.means.lower())
