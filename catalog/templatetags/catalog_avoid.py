"""Avoid-list flags on any page that shows products.

{% load catalog_avoid %}
{% for product in products %}
  {% avoid_flag avoid|avoided:product.pk %}  {# “Contains X, which you avoid” #}
{% endfor %}

The view puts `avoid` (catalog.selectors.avoid_flags) in the context: one query per page.
"""

from django import template

from catalog.avoid import describe

register = template.Library()


@register.filter
def avoided(flags, product_id):
    """The avoided ingredient names for one product, [] when none."""
    if not flags:
        return []
    return flags.get(product_id, [])


@register.inclusion_tag("catalog/includes/avoid_flag.html")
def avoid_flag(names):
    return {"names": names, "sentence": describe(list(names))}
