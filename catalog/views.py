from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from catalog import services
from catalog.cards import CompareLinks, product_cards
from catalog.fit import find_fit
from catalog.forms import FitForm, ProductFilterForm
from catalog.models import Product
from catalog.models.querysets import UNPRICED
from catalog.paging import slice_page
from catalog.selectors import avoid_flags, fit_candidates
from config.htmx import vary_on_htmx
from config.publicpages import public_page

PAGE_SIZE = 20


def catalog_products():
    """Published products with everything the cards, scorecard and cautions read."""
    return Product.objects.published().select_related("brand").with_lists()


def listed_products():
    """catalog_products() for the list: cards read the stored brand_name, so no brand join
    (the list's sort indexes cover the product table alone)."""
    return catalog_products().select_related(None)


def wants_fragment(request) -> bool:
    """An htmx swap asks for a fragment; a history restore (back button) needs the page."""
    return bool(
        request.htmx and not request.htmx.boosted and not request.htmx.history_restore_request
    )


def compare_context(request) -> dict:
    """The compare basket named in this address (``?p=``) and what the templates need."""
    slugs = services.compare_slugs(request.GET.get(services.COMPARE_PARAM))
    refused = services.refused_slug(request.GET.get(services.COMPARE_ADD_PARAM), slugs)
    return {
        "compare_slugs": slugs,
        "compare_count": len(slugs),
        "compare_limit": services.COMPARE_LIMIT,
        "compare_full": len(slugs) >= services.COMPARE_LIMIT,
        "compare_refused": refused,
        "compare_url": reverse("catalog:compare") + services.query_with_basket(QueryDict(), slugs),
        "compare_links": CompareLinks(request, slugs, refused),
    }


@require_GET
@public_page
@vary_on_htmx
def product_list(request):
    form = ProductFilterForm(request.GET)
    products = form.apply(listed_products())
    # With price in play, the unpriced matches are counted with the list (price_note).
    unpriced = UNPRICED if form.uses_price else None
    page = slice_page(products, request.GET.get("page"), PAGE_SIZE, also=unpriced)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop(services.COMPARE_ADD_PARAM, None)
    avoid = avoid_flags(request, page.object_list)
    compare = compare_context(request)
    context = {
        "form": form,
        "page": page,
        "products": page.object_list,
        "cards": product_cards(page.object_list, links=compare["compare_links"], avoid=avoid),
        "query": query.urlencode(),
        "filters_active": form.active_count > 0,
        "price_note": form.price_note(
            # Counted up to the same cap as the list, so a broad filter stays cheap.
            unpriced=page.also_count or 0,
            total=page.paginator.count,
            capped=page.count_capped,
        ),
        **compare,
    }
    template = "catalog/product_list.html"
    if wants_fragment(request):
        template += "#results"
    return render(request, template, context)


@require_GET
@public_page
def product_detail(request, slug):
    product = get_object_or_404(catalog_products(), slug=slug)
    compare = compare_context(request)
    context = {
        "product": product,
        "card": product_cards(
            [product], links=compare["compare_links"], avoid=avoid_flags(request, [product])
        )[0],
        **compare,
    }
    return render(request, "catalog/product_detail.html", context)


@require_GET
@public_page
def compare(request):
    """Up to four serums side by side, named in the address: ``?p=slug1,slug2``."""
    raw = request.GET.get(services.COMPARE_PARAM, "")
    named = [part for part in raw.split(",") if part.strip()]
    slugs = services.compare_slugs(raw)
    by_slug = {p.slug: p for p in catalog_products().filter(slug__in=slugs)}
    products = [by_slug[s] for s in slugs if s in by_slug]
    context = {
        "products": products,
        "rows": comparison_rows(products),
        "avoid": avoid_flags(request, products),
        # Products that were unpublished (or never existed) since the link was made.
        "missing_count": len(slugs) - len(products),
        "over_limit": len(named) > services.COMPARE_LIMIT,
        **compare_context(request),
        # Links on this page carry only the products actually shown.
        "compare_slugs": [p.slug for p in products],
    }
    return render(request, "catalog/compare.html", context)


def _names(items) -> str:
    return ", ".join(item.name for item in items) or "Not recorded"


def _yes(value: bool, no: str = "Not recorded") -> str:
    return "Yes" if value else no


FACT_ROWS = [
    ("Brand", lambda p: p.brand.name),
    ("Ingredient source", lambda p: p.get_source_type_display()),
    ("Origin", lambda p: p.origin_display),
    ("Amount of active", lambda p: p.concentration_display),
    ("Contains exosomes", lambda p: _yes(p.contains_exosomes)),
    ("Packaging", lambda p: p.packaging_display),
    ("Container", lambda p: p.container_display),
    ("Applicator", lambda p: p.applicator_display),
    ("Needs refrigeration", lambda p: _yes(p.needs_refrigeration)),
    ("Vegan", lambda p: _yes(p.is_vegan)),
    ("Published evidence", lambda p: p.evidence_display),
    ("Clinician backing", lambda p: _yes(p.clinician_backed)),
    ("Size", lambda p: p.size_display),
    ("Price", lambda p: p.price_display),
    ("Price per ml", lambda p: p.price_per_ml_display),
    ("Best for", lambda p: _names(p.concern_list)),
    ("Supporting ingredients", lambda p: _names(p.ingredient_list)),
]


def comparison_rows(products) -> list[dict]:
    """Table rows of facts and scorecard criteria, flagging rows whose values differ."""
    rows = []
    for label, get in FACT_ROWS:
        cells = [{"text": get(p)} for p in products]
        rows.append({"label": label, "cells": cells, "group": "facts"})
    cards = [p.scorecard for p in products]
    for index, criterion in enumerate(cards[0].criteria if cards else ()):
        cells = [
            {
                "text": card.criteria[index].status.label,
                "status": card.criteria[index].status.value,
                "reason": card.criteria[index].reason,
            }
            for card in cards
        ]
        rows.append({"label": criterion.title, "cells": cells, "group": "scorecard"})
    if cards:
        rows.append(
            {
                "label": "Scorecard total",
                "cells": [{"text": f"{card.points} of {card.max_points}"} for card in cards],
                "group": "scorecard",
            }
        )
    for row in rows:
        row["differs"] = len({cell["text"] for cell in row["cells"]}) > 1
    return rows


@require_GET
@public_page
@vary_on_htmx
def fit(request):
    form = FitForm(request.GET) if "goal" in request.GET else FitForm()
    result = candidates = None
    if form.is_bound and form.is_valid():
        answers = {
            "goal": form.cleaned_data["goal"],
            "budget": form.budget_amount,
            "fridge_ok": form.fridge_is_ok,
        }
        candidates = fit_candidates(**answers)
        result = find_fit(candidates.products, **answers)
    compare = compare_context(request)
    context = {
        "form": form,
        "result": result,
        "more_matches": bool(candidates and candidates.more_matches),
        "more_left_out": bool(candidates and candidates.more_left_out),
        **compare,
    }
    if result is not None:
        links = compare["compare_links"]
        context["left_out"] = [
            {
                "url": links.detail(item.product.slug),
                "title": str(item.product),
                "reason": item.reason,
            }
            for item in result.left_out
        ]
        context["cards"] = product_cards(
            (),
            matches=result.matches,
            links=compare["compare_links"],
            avoid=avoid_flags(request, [m.product for m in result.matches]),
        )
    template = "catalog/fit.html"
    if wants_fragment(request):
        template += "#fit_results"
    return render(request, template, context)
