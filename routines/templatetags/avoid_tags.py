"""Avoid-list flags for any page that shows products.

{% load avoid_tags %}
{% avoid_flags products as flags %}          {# one query for the whole list #}
{% for product in products %}
  {% avoid_flag flags|avoided:product.pk %}  {# “Contains X, which you avoid” #}
{% endfor %}
"""

from django import template

from catalog.avoid import describe
from routines.avoid.selectors import avoid_flags as _avoid_flags

register = template.Library()


@register.simple_tag(takes_context=True)
def avoid_flags(context, products):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return _avoid_flags(user, products)


@register.filter
def avoided(flags, product_id):
    """The avoided ingredient names for one product, [] when none."""
    if not flags:
        return []
    return flags.get(product_id, [])


@register.inclusion_tag("routines/shelf/_avoid_flag.html")
def avoid_flag(names):
    return {"names": names, "sentence": describe(list(names))}


@register.simple_tag(takes_context=True)
def avoided_for(context, product):
    """Avoided ingredient names for a single product (one query); for detail pages."""
    flags = avoid_flags(context, [product]) if product else {}
    return flags.get(getattr(product, "pk", product), [])
