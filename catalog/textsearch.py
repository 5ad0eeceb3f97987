"""Full-text search plumbing shared by the catalog and the guide (PostgreSQL only).

Every searchable row stores its own ``search_vector`` (a ``tsvector`` with a GIN index), so
a search reads an index instead of parsing every row's text. The vectors are built with the
``cellwise`` text search configuration (English stemming after ``unaccent``, created by
catalog migration 0006), so "lumiere" finds "Lumière" and "exosomes" finds "exosome".
On SQLite the column stays empty and guide.search uses its simpler path.
"""

from django.contrib.postgres.search import SearchVector
from django.db import connection, models

SEARCH_CONFIG = "cellwise"


def uses_postgres_search() -> bool:
    return connection.vendor == "postgresql"


def weighted_vector(*parts):
    """One tsvector from (expression or field name, weight) pairs, in the site's config."""
    vectors = [SearchVector(part, weight=weight, config=SEARCH_CONFIG) for part, weight in parts]
    combined = vectors[0]
    for vector in vectors[1:]:
        combined = combined + vector
    return combined


class WithoutSearchVector(models.Manager):
    """Leaves search_vector out of every SELECT: only the database reads it (filter, rank),
    and sending each row's tsvector to Python cost more than the rest of some rows."""

    def get_queryset(self):
        return super().get_queryset().defer("search_vector")
