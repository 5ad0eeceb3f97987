"""Links that add a product to, or remove it from, the compare basket in the address."""

from django import template
from django.http import QueryDict

from catalog import services

register = template.Library()


@register.simple_tag(takes_context=True)
def compare_toggle(context, product) -> dict:
    """This page's address with `product` added to or removed from ``?p=``, keeping the
    rest of the query (filters, page). When the basket is full, ``full`` is set and the
    address asks to add it (``?add=``), so the page can answer beside this control;
    ``refused`` says this is the product that was just refused."""
    request = context["request"]
    slugs = context.get("compare_slugs") or []
    in_basket = product.slug in slugs
    anchor = f"#compare-toggle-{product.slug}"
    new = (
        services.without_product(slugs, product.slug)
        if in_basket
        else services.with_product(slugs, product.slug)
    )
    if new is None:
        query = services.query_with_basket(request.GET, slugs)
        ask = f"{services.COMPARE_ADD_PARAM}={product.slug}"
        return {
            "in_basket": False,
            "full": True,
            "refused": context.get("compare_refused") == product.slug,
            "url": f"{request.path}{query}{'&' if query else '?'}{ask}{anchor}",
        }
    query = services.query_with_basket(request.GET, new)
    return {"in_basket": in_basket, "full": False, "url": f"{request.path}{query}{anchor}"}


@register.simple_tag(takes_context=True)
def with_basket(context, url: str) -> str:
    """`url` (which may have a query already) carrying the current compare basket."""
    slugs = context.get("compare_slugs") or []
    if not slugs:
        return url
    path, _, query = url.partition("?")
    return path + services.query_with_basket(QueryDict(query), slugs)
