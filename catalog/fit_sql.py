"""catalog.fit's ranking as SQL expressions, so 'find my fit' reads only the serums it shows.

catalog/fit.py stays the explanation (every reason and note); this mirrors which products
can match a goal, their points, and what leaves a product out, so the database can rank the
whole catalog and stop after a page. tests/catalog/test_fit_sql.py checks both agree.
"""

from functools import reduce
from operator import or_

from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When

from catalog import fit
from catalog.cautions import HUMAN_SOURCES


def _one_if(condition: Q):
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def ranked(queryset, goal):
    """`queryset`'s products that are meant for `goal`, best first, with ``fit_points``."""
    goal = fit.Goal(goal)
    wanted = sorted(fit.GOAL_CONCERNS[goal])
    if wanted:
        # Only products linked to a wanted concern can match; each counts its wanted links
        # in a subquery on the link table's (product, concern) index.
        links = queryset.model.concerns.through.objects.filter(concern__slug__in=wanted)
        matched = Subquery(
            links.filter(product_id=OuterRef("pk"))
            .order_by()
            .values("product_id")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        )
        queryset = queryset.filter(pk__in=links.values("product_id"))
        points = 2 * matched
    else:  # the vegan goal: no concern makes a match, being vegan does
        queryset = queryset.filter(is_vegan=True)
        points = Value(2)
    points = points + _one_if(Q(clinician_backed=True))
    if goal == fit.Goal.POST_PROCEDURE:
        points = points + _one_if(
            Q(is_human_derived=True) | Q(contains_exosomes=True) | Q(source_type__in=HUMAN_SOURCES)
        )
    if goal in fit.GENTLE_GOALS:
        points = points + _one_if(Q(concentration_disclosure__in=["quantified", "percentage"]))
    return queryset.annotate(fit_points=points).order_by(
        "-fit_points", "-score", "brand_name", "name"
    )


def left_out(goal, budget=None, fridge_ok: bool = True) -> Q | None:
    """What rules a product out for this reader (catalog.fit._exclusion); None: nothing."""
    goal = fit.Goal(goal)
    reasons = []
    if not fridge_ok:
        reasons.append(Q(needs_refrigeration=True))
    if goal in fit.GENTLE_GOALS:
        # The stored fact of catalog.ingredient_roles.HARSH_ROLES (own or a class's role).
        reasons.append(Q(has_caution_ingredient=True))
    if budget is not None:
        reasons.append(Q(price__isnull=False, currency=fit.BUDGET_CURRENCY, price__gt=budget))
    return reduce(or_, reasons) if reasons else None
