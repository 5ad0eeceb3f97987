import json
import re
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.models import Product
from guide.models import Article, FaqEntry, GlossaryTerm
from tests.catalog.factories import ConcernFactory, ProductFactory
from tests.catalog.test_product_search import PRODUCT_QUERIES
from tests.guide.factories import ArticleFactory, FaqEntryFactory, GlossaryTermFactory

pytestmark = pytest.mark.django_db


def test_url_contracts():
    assert reverse("guide:index") == "/guide/"
    assert reverse("guide:article", kwargs={"slug": "how-to-use"}) == "/guide/how-to-use/"
    assert reverse("guide:faq") == "/guide/faq/"
    assert reverse("guide:glossary") == "/guide/glossary/"
    assert reverse("search") == "/search/"
    assert reverse("sitemap") == "/sitemap.xml"


def test_index_lists_articles_in_reading_order_grouped_by_theme(client):
    response = client.get(reverse("guide:index"))
    assert response.status_code == 200
    html = response.content.decode()
    titles = list(Article.objects.published().order_by("order").values_list("title", flat=True))
    positions = [html.index(title.replace("“", "“")) for title in titles]
    assert positions == sorted(positions)
    for label in Article.Theme.labels:
        assert label in html
    assert "min read" in html


def test_index_hides_unpublished_articles(client):
    ArticleFactory(title="Secret draft", is_published=False)
    assert "Secret draft" not in client.get(reverse("guide:index")).content.decode()


def test_article_page_has_toc_prev_next_and_dates(client):
    response = client.get(reverse("guide:article", kwargs={"slug": "how-to-use"}))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="#order-of-application">' in html
    assert 'id="order-of-application"' in html
    ordered = list(Article.objects.published().order_by("order").values_list("slug", flat=True))
    index = ordered.index("how-to-use")
    assert f'rel="prev" href="/guide/{ordered[index - 1]}/"' in html
    assert f'rel="next" href="/guide/{ordered[index + 1]}/"' in html
    # Changed on purpose (issue 17): the date shown is the editor's review, not the save time.
    assert 'Last reviewed <time datetime="2026-12-01">1 December 2026</time>' in html
    assert '<a href="/guide/about/">About this guide</a>' in html


def test_every_article_shows_its_review_date_and_the_about_link(client):
    for article in Article.objects.published():
        assert article.last_reviewed is not None, article.slug
        html = client.get(article.get_absolute_url()).content.decode()
        assert f'Last reviewed <time datetime="{article.last_reviewed:%Y-%m-%d}">' in html
        assert 'href="/guide/about/"' in html


def test_an_editor_records_a_review_date_in_the_admin(client, editor_client):
    import datetime as dt

    article = Article.objects.get(slug="evidence")
    page = editor_client.get(reverse("admin:guide_article_change", args=[article.pk]))
    assert 'name="last_reviewed"' in page.content.decode()
    article.last_reviewed = dt.date(2027, 3, 4)
    article.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'Last reviewed <time datetime="2027-03-04">4 March 2027</time>' in html


def test_an_article_without_a_review_date_says_so(client):
    article = Article.objects.get(slug="evidence")
    article.last_reviewed = None
    article.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Review date not recorded" in html


def test_about_page_says_what_the_guide_rests_on_and_how_to_read_it(client):
    html = client.get(reverse("guide:about")).content.decode()
    for section in ("based-on", "unknowns", "how-products-are-judged", "site-defaults"):
        assert f'id="{section}"' in html
    assert "Information, not medical advice." in html
    assert "Not recorded" in html and "Not disclosed by the brand" in html
    assert "Inferred from" in html
    # The site's own defaults are shown as ours, and match the rules that apply them.
    from routines.editor import rules as editor_rules
    from routines.models import Procedure
    from routines.safety import rules as safety_rules

    names = dict(Procedure.Kind.choices)
    names["other"] = "other procedures"
    listed = ", ".join(
        f"{names[kind].lower()} {days} days"
        for kind, days in safety_rules.RECOVERY_DEFAULT_DAYS.items()
    )
    assert listed in html
    assert f"about {'two weeks' if editor_rules.TRACE_WINDOW_DAYS == 14 else '?'} apart" in html
    read = int(safety_rules.PATCH_READ_AFTER.total_seconds() // 3600)
    last = int(safety_rules.PATCH_LAST_CALL_AFTER.total_seconds() // 3600)
    assert f"read from {read} hours and close at {last} hours" in html
    assert "clinician's instructions always come first" in html


def test_article_links_glossary_terms_once(client):
    html = client.get(reverse("guide:article", kwargs={"slug": "evidence"})).content.decode()
    assert html.count('href="/guide/glossary/#exosome"') == 1
    assert 'class="glossary-link"' in html


def test_article_meta_canonical_and_open_graph(client, settings):
    settings.SITE_URL = "https://cellwise.example"
    article = Article.objects.get(slug="evidence")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<link rel="canonical" href="https://cellwise.example/guide/evidence/">' in html
    assert f'<meta name="description" content="{article.summary}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:title" content="{article.title}">' in html


def test_article_shows_related_published_products_only(client):
    ProductFactory(name="Fibro One", slug="fibro-one", source_type=Product.SourceType.FIBROBLAST_CM)
    ProductFactory(
        name="Hidden", slug="hidden", source_type=Product.SourceType.PLANT, is_published=False
    )
    html = client.get(reverse("guide:article", kwargs={"slug": "ingredient-sources"})).content
    html = html.decode()
    assert "Fibro One" in html and 'href="/catalog/fibro-one/"' in html
    assert "Hidden" not in html


def test_related_products_by_slug_and_concern_skip_missing_ones(client):
    concern = ConcernFactory(slug="post-procedure", name="Post-procedure")
    ProductFactory(name="Calm Repair", slug="calm-repair", concerns=[concern])
    article = ArticleFactory(
        related_product_slugs="does-not-exist, also-missing", related_concern_slugs="post-procedure"
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Calm Repair" in html


def test_unpublished_and_unknown_articles_are_404(client):
    draft = ArticleFactory(is_published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/guide/no-such-article/").status_code == 404


@pytest.mark.usefixtures("rendered_every_time")  # the stored rendering, not the page's
def test_rendering_is_stored_and_redone_after_an_edit(client):
    article = ArticleFactory(body="## Before\n\ntext")
    assert 'id="before"' in client.get(article.get_absolute_url()).content.decode()
    article.body = "## After\n\ntext"
    article.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'id="after"' in html and 'id="before"' not in html


@pytest.mark.usefixtures("rendered_every_time")
def test_stored_rendering_serves_every_app_server_without_rendering_again(client, monkeypatch):
    """The first view stores the rendering in the article's row; later views (on any app
    server: nothing is kept in a worker) read it back and run no Markdown at all."""
    article = ArticleFactory(body="## Storing {#storing}\n\nMentions zymogen here.")
    GlossaryTermFactory(term="Zymogen", slug="zymogen")
    first = client.get(article.get_absolute_url()).content.decode()
    stored = Article.objects.with_rendering().get(pk=article.pk)
    assert 'id="storing"' in stored.rendered_html
    assert stored.rendered_toc == [[2, "storing", "Storing"]]
    assert stored.rendered_terms == ["Zymogen"]

    def no_rendering(*args, **kwargs):
        raise AssertionError("rendered again although the stored rendering is current")

    monkeypatch.setattr("guide.rendering.render_article", no_rendering)
    assert client.get(article.get_absolute_url()).content.decode() == first


def test_a_rendering_of_an_older_body_is_not_stored_over_a_newer_edit():
    """A reader's view that began before an editor's save stores nothing over the edit."""
    article = ArticleFactory(body="## Old\n\ntext")
    seen = Article.objects.get(pk=article.pk)
    Article.objects.filter(pk=article.pk).update(body="## New\n\ntext")
    edited = Article.objects.get(pk=article.pk)
    edited.body = "## New\n\ntext"
    edited.save()  # a newer updated_at
    assert 'id="old"' in seen.rendered().html  # shown to that reader as it was
    assert Article.objects.with_rendering().get(pk=article.pk).rendered_stamp == ""
    assert 'id="new"' in Article.objects.get(pk=article.pk).rendered().html


@pytest.mark.usefixtures("rendered_every_time")
def test_glossary_edit_invalidates_article_rendering(client):
    article = ArticleFactory(body="Mentions zymogen here.")
    assert "glossary-link" not in client.get(article.get_absolute_url()).content.decode()
    GlossaryTermFactory(term="Zymogen", slug="zymogen")
    assert (
        'href="/guide/glossary/#zymogen"' in client.get(article.get_absolute_url()).content.decode()
    )


def test_faq_uses_details_and_serves_valid_faqpage_json_ld(client):
    response = client.get(reverse("guide:faq"))
    html = response.content.decode()
    entries = list(FaqEntry.objects.published())
    assert html.count('<details class="faq-item"') == len(entries)
    # A data block, never run: it needs no nonce, so the page is the same for everyone.
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "JSON-LD block missing"
    assert "nonce" not in html and "nonce" not in response["Content-Security-Policy"]
    data = json.loads(match.group(1))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "FAQPage"
    assert len(data["mainEntity"]) == len(entries)
    first = data["mainEntity"][0]
    assert first["@type"] == "Question"
    assert first["acceptedAnswer"]["@type"] == "Answer"
    assert first["acceptedAnswer"]["text"]


def test_faq_json_ld_cannot_break_out_of_its_script(client):
    FaqEntryFactory(question="Is </script><script>alert(1)</script> safe?")
    html = client.get(reverse("guide:faq")).content.decode()
    block = re.search(r'type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S).group(1)
    assert "<script>" not in block
    assert json.loads(block)["mainEntity"][-1]["name"].startswith("Is </script>")


def test_glossary_is_alphabetical_with_anchors(client):
    html = client.get(reverse("guide:glossary")).content.decode()
    terms = list(GlossaryTerm.objects.published().order_by("term"))
    positions = [html.index(f'id="{term.slug}"') for term in terms]
    assert positions == sorted(positions)
    assert 'href="#letter-A"' in html and 'id="letter-A"' in html


def test_sitemap_lists_pages_articles_and_published_products(client, settings):
    settings.SITE_URL = "https://cellwise.example"
    ProductFactory(slug="listed-serum")
    ProductFactory(slug="draft-serum", is_published=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own response
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = {node.text for node in root.findall("s:url/s:loc", ns)}
    assert "https://cellwise.example/guide/" in locations
    assert "https://cellwise.example/guide/faq/" in locations
    assert "https://cellwise.example/guide/ingredient-sources/" in locations
    assert "https://cellwise.example/catalog/listed-serum/" in locations
    assert "https://cellwise.example/catalog/draft-serum/" not in locations


def test_robots_points_at_the_sitemap(client):
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()


@pytest.fixture
def rendered_every_time(settings):
    """Query counts are of the view itself: no stored page (that cost is counted in
    tests/config/test_public_pages.py)."""
    settings.PAGE_CACHE_SECONDS = 0


def _only_n_articles(n):
    Article.objects.all().delete()
    ArticleFactory.create_batch(n)
    return Article.objects.order_by("order")[n // 2]


@pytest.mark.usefixtures("rendered_every_time")
@pytest.mark.parametrize("count", [1, 50])
def test_index_query_count_is_constant(client, django_assert_num_queries, count):
    _only_n_articles(count)
    with django_assert_num_queries(1):
        client.get(reverse("guide:index"))


@pytest.mark.usefixtures("rendered_every_time")
@pytest.mark.parametrize("count", [1, 50])
def test_article_query_count_is_constant(client, django_assert_num_queries, settings, count):
    settings.PAGE_CACHE_SECONDS = 0  # the second view below must be built, not served stored
    article = _only_n_articles(count)
    article.related_source_types = [Product.SourceType.FIBROBLAST_CM]
    article.save()
    ProductFactory.create_batch(3, source_type=Product.SourceType.FIBROBLAST_CM)
    # The first view renders the body, reading the glossary terms to link them, and stores
    # the rendering in the article's row: two more.
    with django_assert_num_queries(6):
        client.get(article.get_absolute_url())
    # article, both reading neighbours (one statement, a row each through the reading-order
    # index), the glossary's stamp (an aggregate), related products. The whole reading list
    # and every glossary term were once read on every view.
    with django_assert_num_queries(4):
        client.get(article.get_absolute_url())


@pytest.mark.usefixtures("rendered_every_time")
@pytest.mark.parametrize("count", [1, 50])
def test_faq_query_count_is_constant(client, django_assert_num_queries, count):
    FaqEntry.objects.all().delete()
    FaqEntryFactory.create_batch(count)
    with django_assert_num_queries(1):
        client.get(reverse("guide:faq"))


@pytest.mark.usefixtures("rendered_every_time")
@pytest.mark.parametrize("count", [1, 50])
def test_search_query_count_is_constant(client, django_assert_num_queries, count):
    Article.objects.all().delete()
    ArticleFactory.create_batch(count, body="All about peptide serums.")
    ProductFactory.create_batch(3, profile="A peptide serum.")
    # The synonym list, one query each for guide, FAQ and glossary, then the products.
    with django_assert_num_queries(4 + PRODUCT_QUERIES):
        response = client.get(reverse("search"), {"q": "peptide"})
    assert response.status_code == 200


@pytest.mark.django_db
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    articles=st.lists(
        st.tuples(st.integers(0, 3), st.text("abcz", min_size=1, max_size=3), st.booleans()),
        min_size=1,
        max_size=8,
        unique_by=lambda row: row[1],
    )
)
def test_reading_neighbours_are_the_reading_lists(articles):
    """One statement for both neighbours: for every article, the published ones just before
    and after it in reading order (order, then title), as the reading list has them."""
    Article.objects.all().delete()
    made = [
        ArticleFactory(order=order, title=title, is_published=published)
        for order, title, published in articles
    ]
    reading = sorted((a for a in made if a.is_published), key=lambda a: (a.order, a.title))
    for article in made:
        before = [a for a in reading if (a.order, a.title) < (article.order, article.title)]
        after = [a for a in reading if (a.order, a.title) > (article.order, article.title)]
        previous, following = article.reading_neighbours()
        assert (previous and previous.pk) == (before[-1].pk if before else None)
        assert (following and following.pk) == (after[0].pk if after else None)
        for found in (previous, following):
            if found is not None:
                assert found.get_absolute_url() == f"/guide/{found.slug}/" and found.title
