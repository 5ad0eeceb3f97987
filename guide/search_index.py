"""Keeping the guide's stored search vectors current (PostgreSQL; a no-op elsewhere).

Each Article, FaqEntry and GlossaryTerm row stores ``search_vector``: its text as a weighted
tsvector in catalog.textsearch's configuration, with a GIN index (guide migration 0005).
``refresh(queryset)`` rebuilds the vectors of those rows in one UPDATE. The admin calls it
after every save, and the content loader after every load. It takes the queryset's model by
name, so migrations can call it with historical models too.
"""

from catalog import textsearch

# (field, weight) per model; the first field is the title.
SEARCH_FIELDS = {
    "Article": (("title", "A"), ("summary", "B"), ("body", "C")),
    "FaqEntry": (("question", "A"), ("answer", "B")),
    "GlossaryTerm": (("term", "A"), ("also_matches", "B"), ("definition", "B")),
}


def refresh(queryset) -> int:
    """Rebuild the search vectors of these rows; returns how many were written."""
    if not textsearch.uses_postgres_search():
        return 0
    if not any(field.name == "search_vector" for field in queryset.model._meta.fields):
        return 0  # an early migration's historical model, before the column existed
    fields = SEARCH_FIELDS[queryset.model.__name__]
    return queryset.update(search_vector=textsearch.weighted_vector(*fields))


def refresh_all(apps=None) -> None:
    """Every guide row (after loading shipped content)."""
    if apps is None:
        from django.apps import apps
    for name in SEARCH_FIELDS:
        refresh(apps.get_model("guide", name).objects.all())
