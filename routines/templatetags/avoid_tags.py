"""Avoid-list flags for routines pages (shelf, editor), from the signed-in user's list.

{% load avoid_tags %}
{% avoid_flags products as flags %}          {# one query for the whole list #}
{% for product in products %}
  {% avoid_flag flags|avoided:product.pk %}  {# “Contains X, which you avoid” #}
{% endfor %}

`avoided` and `avoid_flag` are catalog's (catalog/templatetags/catalog_avoid.py), registered
here too so one {% load %} serves routines templates.
"""

from django import template

from catalog.templatetags.catalog_avoid import avoid_flag, avoided
from routines.avoid.selectors import avoid_flags as _avoid_flags

register = template.Library()
register.filter("avoided", avoided)
register.inclusion_tag("catalog/includes/avoid_flag.html", name="avoid_flag")(avoid_flag)


@register.simple_tag(takes_context=True)
def avoid_flags(context, products):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return _avoid_flags(user, products)


@register.simple_tag(takes_context=True)
def avoided_for(context, product):
    """Avoided ingredient names for a single product (one query); for detail pages."""
    flags = avoid_flags(context, [product]) if product else {}
    return flags.get(getattr(product, "pk", product), [])
