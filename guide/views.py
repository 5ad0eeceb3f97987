from itertools import groupby

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from catalog.selectors import avoid_flags
from config.htmx import vary_on_htmx
from config.publicpages import public_page
from guide import search as site_search
from guide import searchtext
from guide.models import Article, FaqEntry, GlossaryTerm
from guide.seo import faq_page_data


def _reading_list():
    return list(Article.objects.published().order_by("order", "title"))


@require_GET
@public_page
def index(request):
    """The guide in reading order, grouped by theme."""
    articles = _reading_list()
    labels = dict(Article.Theme.choices)
    themes = [
        {"label": labels.get(theme, theme), "slug": theme, "articles": list(items)}
        for theme, items in groupby(articles, key=lambda a: a.theme)
    ]
    return render(request, "guide/index.html", {"themes": themes, "article_count": len(articles)})


@require_GET
@public_page
def article(request, slug):
    article = get_object_or_404(Article.objects.published().with_rendering(), slug=slug)
    previous, following = article.reading_neighbours()
    return render(
        request,
        "guide/article.html",
        {
            "article": article,
            "rendered": article.rendered(),
            "previous": previous,
            "next": following,
            "related_products": list(article.related_products()),
        },
    )


@require_GET
@public_page
def faq(request):
    entries = list(FaqEntry.objects.published())
    return render(
        request, "guide/faq.html", {"entries": entries, "faq_data": faq_page_data(entries)}
    )


@require_GET
@public_page
def about(request):
    """About this guide: what it rests on, how unknowns are shown, how products are judged.

    The site's own defaults are written out in the template (the guide never imports
    routines); tests/guide/test_views.py checks them against the rules that use them.
    """
    from catalog import scoring

    context = {
        "price_low_per_ml": scoring.TYPICAL_LOW_PER_ML,
        "price_high_per_ml": scoring.TYPICAL_HIGH_PER_ML,
        "article_count": Article.objects.published().count(),
    }
    return render(request, "guide/about.html", context)


@require_GET
@public_page
def glossary(request):
    terms = list(GlossaryTerm.objects.published().order_by("term"))
    letters = [
        {"letter": letter, "terms": list(items)}
        for letter, items in groupby(terms, key=lambda t: t.letter)
    ]
    return render(request, "guide/glossary.html", {"letters": letters, "term_count": len(terms)})


@require_GET
@public_page
def search(request):
    """Site search: full page, or just the results for htmx live search."""
    query = searchtext.clean_query(request.GET.get("q"))
    result = site_search.search(query)
    hits = result.hits
    context = {
        "query": query,
        "terms": result.terms,
        "hits": hits,
        "suggestion": result.suggestion,
        "too_short": bool(query) and not result.terms,
        # Signed-in readers see "contains X you avoid" on catalog hits (one query).
        "avoid": avoid_flags(request, [h.product_id for h in hits if h.product_id]),
    }
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "search/search.html#results", context)
    else:
        response = render(request, "search/search.html", context)
    vary_on_htmx(response)
    return response
