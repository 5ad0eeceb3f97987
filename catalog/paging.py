"""One page of a long list read with LIMIT/OFFSET, and a total counted only up to a cap.

Counting every match of a broad filter costs as much as reading them all; a reader only
needs to know that there are "more than 200". The page itself reads one row more than it
shows, so "Next" needs no count at all.
"""

from dataclasses import dataclass
from math import ceil

from django.db.models import Count, Q

COUNT_CAP = 200


@dataclass
class SlicePage:
    number: int
    object_list: list
    has_next: bool
    count: int
    count_capped: bool
    per_page: int
    # How many of the matches also meet slice_page's `also` (capped like `count`), or None.
    also_count: int | None = None

    @property
    def paginator(self):
        """The attributes templates read from Django's Page.paginator (count, num_pages)."""
        return self

    @property
    def num_pages(self) -> int | None:
        """None when the count was capped (the last page is not known)."""
        return None if self.count_capped else max(1, ceil(self.count / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


def page_number(raw) -> int:
    """The page asked for; anything that is not a positive whole number means page 1."""
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    return number if number >= 1 else 1


def capped_count(queryset) -> int:
    """How many rows match, counting no further than COUNT_CAP + 1."""
    return queryset.order_by()[: COUNT_CAP + 1].count()


def capped_counts(queryset, also: Q) -> tuple[int, int]:
    """capped_count of the rows, and of those that also meet `also`, in one query: both
    are counted over the same first COUNT_CAP + 1 rows, so the second is exact only when
    the first is not capped."""
    found = queryset.order_by()[: COUNT_CAP + 1].aggregate(
        rows=Count("pk"), also=Count("pk", filter=also)
    )
    return found["rows"], found["also"]


def slice_page(queryset, raw_number, per_page: int, *, also: Q | None = None) -> SlicePage:
    """Two queries whatever the size of the list: the capped count and the page's rows.

    `also`: count the matches that also meet this condition (`also_count`), in the same
    count query when the list is within the cap, else in one more, capped the same way."""
    if also is None:
        found, also_found = capped_count(queryset), None
    else:
        found, also_found = capped_counts(queryset, also)
        if found > COUNT_CAP:
            also_found = capped_count(queryset.filter(also))
    capped = found > COUNT_CAP
    count = min(found, COUNT_CAP)
    number = page_number(raw_number)
    if not capped:
        # Past the end (an old link): show the last page, as Django's get_page does.
        number = min(number, max(1, ceil(count / per_page)))
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1]) if count else []
    return SlicePage(
        number=number,
        object_list=rows[:per_page],
        has_next=len(rows) > per_page,
        count=count,
        count_capped=capped,
        per_page=per_page,
        also_count=also_found,
    )
