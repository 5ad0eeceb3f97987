"""Shelf facts beside routine steps.

    {% load shelf_tags %}
    {% step_shelf shelf_by_step step %}   {# expiry, monthly cost, runs out #}

`shelf_by_step` comes from `routines.shelf.selectors.rows_by_step(user, today)` (one query).
"""

from django import template

register = template.Library()


@register.inclusion_tag("routines/shelf/_step_shelf.html")
def step_shelf(shelf_by_step, step):
    return {"rows": (shelf_by_step or {}).get(step.pk, [])}
