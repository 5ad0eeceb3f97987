"""Links that add a product to, or remove it from, the compare basket in the address."""

from django import template
from django.http import QueryDict

from catalog import services
from catalog.cards import CompareLinks, CompareToggle

register = template.Library()


@register.simple_tag(takes_context=True)
def compare_toggle(context, product) -> CompareToggle:
    """This page's address with `product` added to or removed from ``?p=``, keeping the
    rest of the query (filters, page): catalog.cards.CompareLinks.toggle. Pages of cards
    have it worked out already (ProductCard.toggle)."""
    links = context.get("compare_links") or CompareLinks(
        context["request"], context.get("compare_slugs") or [], context.get("compare_refused", "")
    )
    return links.toggle(product.slug)


@register.simple_tag(takes_context=True)
def with_basket(context, url: str) -> str:
    """`url` (which may have a query already) carrying the current compare basket."""
    slugs = context.get("compare_slugs") or []
    if not slugs:
        return url
    path, _, query = url.partition("?")
    return path + services.query_with_basket(QueryDict(query), slugs)
