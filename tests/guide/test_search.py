import pytest
from django.urls import reverse

from guide import searchtext
from guide.models import Article
from guide.search import search_site
from tests.catalog.factories import BrandFactory, ProductFactory
from tests.guide.factories import ArticleFactory, FaqEntryFactory, GlossaryTermFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def only_test_content():
    """Search over a small, known set (the shipped guide is removed)."""
    from guide.models import FaqEntry, GlossaryTerm

    Article.objects.all().delete()
    FaqEntry.objects.all().delete()
    GlossaryTerm.objects.all().delete()


def test_title_matches_rank_first(only_test_content):
    ArticleFactory(
        title="Storage basics",
        body="Zeolite zeolite zeolite zeolite zeolite zeolite zeolite zeolite.",
    )
    ArticleFactory(title="Zeolite explained", body="One line about it.")
    FaqEntryFactory(question="Where is it kept?", answer="Zeolite is mentioned once.")
    hits = search_site("zeolite")
    assert [hit.title for hit in hits][0] == "Zeolite explained"
    assert hits[0].title_match and not hits[-1].title_match
    assert {hit.kind for hit in hits} == {"Guide", "FAQ"}


def test_every_term_must_match(only_test_content):
    ArticleFactory(title="Alpha", body="quartz and basalt")
    ArticleFactory(title="Beta", body="quartz only")
    assert [hit.title for hit in search_site("quartz basalt")] == ["Alpha"]


def test_search_covers_glossary_and_published_products_only(only_test_content):
    GlossaryTermFactory(term="Obsidian", slug="obsidian", definition="A volcanic glass.")
    brand = BrandFactory(name="Lumen")
    ProductFactory(brand=brand, name="Obsidian Serum", slug="obsidian-serum")
    ProductFactory(brand=brand, name="Obsidian Draft", slug="obsidian-draft", is_published=False)
    hits = search_site("obsidian")
    assert {(hit.kind, hit.url) for hit in hits} == {
        ("Glossary", "/guide/glossary/#obsidian"),
        ("Catalog", "/catalog/obsidian-serum/"),
    }


def test_unpublished_articles_are_not_found(only_test_content):
    ArticleFactory(title="Granite draft", is_published=False)
    assert search_site("granite") == []


def test_search_finds_the_shipped_guide(client):
    hits = search_site("patch test")
    assert any(hit.url == "/guide/glossary/#patch-test" for hit in hits)
    assert any(hit.url == "/guide/how-to-use/" for hit in hits)


def test_search_page_highlights_and_escapes(client, only_test_content):
    ArticleFactory(title="Marble <b>guide</b>", summary="All about marble.")
    response = client.get(reverse("search"), {"q": "marble"})
    html = response.content.decode()
    assert "<mark>Marble</mark> &lt;b&gt;guide&lt;/b&gt;" in html
    assert "All about <mark>marble</mark>." in html


def test_query_is_escaped_on_the_page(client):
    html = client.get(reverse("search"), {"q": '<script>alert("x")</script>'}).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "Nothing matched" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Type a word or two"),
        ("   ", "Type a word or two"),
        ("a", "too short or too common"),
        ("the and", "too short or too common"),
        ("zzqxv", "Nothing matched"),
        ("!!! ??? ***", "too short or too common"),
        ("x" * 5000, "Nothing matched"),
        ("exosome & | ! :* ( )", "result"),
    ],
)
def test_empty_and_nonsense_queries_get_a_helpful_page(client, query, message):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_htmx_request_gets_only_the_results_partial(client):
    response = client.get(reverse("search"), {"q": "exosome"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert 'class="search-results"' in html
    assert "HX-Request" in response["Vary"]
    full = client.get(reverse("search"), {"q": "exosome"})
    assert "<html" in full.content.decode()
    assert "HX-Request" in full["Vary"]


def test_history_restore_gets_the_full_page(client):
    response = client.get(
        reverse("search"),
        {"q": "exosome"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in response.content.decode()


def test_search_form_works_without_javascript_and_is_debounced_with_htmx(client):
    html = client.get(reverse("search")).content.decode()
    assert 'method="get" action="/search/"' in html
    assert 'hx-get="/search/"' in html
    assert 'hx-trigger="input changed delay:300ms, search"' in html


def test_highlight_and_snippet_helpers():
    assert (
        searchtext.highlight("Exosomes & more", ["exosome"]) == "<mark>Exosomes</mark> &amp; more"
    )
    text = "word " * 100 + "target here " + "word " * 100
    snippet = searchtext.snippet(text, ["target"])
    assert "target" in snippet and snippet.startswith("…") and snippet.endswith("…")
    assert searchtext.query_terms("What is an EXOSOME, exosome?") == ["exosome"]


def test_each_kind_links_to_its_rows_own_page(only_test_content, django_assert_num_queries):
    article = ArticleFactory(title="Basalt basics", slug="basalt-basics")
    faq = FaqEntryFactory(question="Is basalt safe?", slug="is-basalt-safe")
    term = GlossaryTermFactory(term="Basalt", slug="basalt", definition="A volcanic rock.")
    product = ProductFactory(brand=BrandFactory(name="Lumen"), name="Basalt serum", slug="b-s")
    # The hits read only the columns they show: nothing more is fetched while building them.
    # Synonyms, then one query per kind.
    with django_assert_num_queries(5):
        hits = search_site("basalt")
    assert {hit.kind: hit.url for hit in hits} == {
        "Guide": article.get_absolute_url(),
        "FAQ": faq.get_absolute_url(),
        "Glossary": term.get_absolute_url(),
        "Catalog": product.get_absolute_url(),
    }
    assert {hit.title for hit in hits} == {
        "Basalt basics",
        "Is basalt safe?",
        "Basalt",
        "Lumen Basalt serum",
    }


def test_terms_match_only_at_the_start_of_a_word():
    text = "Exosomes, xexosome, exosome_exosome, 2exosome and (exosome)."
    assert searchtext.highlight(text, ["exosome"]) == (
        "<mark>Exosomes</mark>, xexosome, <mark>exosome</mark>_<mark>exosome</mark>, "
        "2exosome and (<mark>exosome</mark>)."
    )
    assert searchtext.contains_any("xexosome 2exosome", ["exosome"]) is False
    assert searchtext.contains_any("Éexosome é-exosome", ["exosome"]) is True
    # Each field counts at most ten matches, the title weighing most.
    assert searchtext.score([("Exosome", 10.0), ("exosome " * 30, 1.0)], ["exosome"]) == 20.0
    assert searchtext.score([("xexosome", 10.0), ("", 3.0)], ["exosome"]) == 0.0


def test_highlight_escapes_text_without_terms():
    assert searchtext.highlight("<b>&</b>", []) == "&lt;b&gt;&amp;&lt;/b&gt;"
    assert searchtext.highlight('"quoted" <i>', ["quoted"]) == (
        "&quot;<mark>quoted</mark>&quot; &lt;i&gt;"
    )


def test_snippet_collapses_every_kind_of_white_space():
    assert searchtext.snippet("  one\n\ttwo\u00a0\u2028three  ", ["two"]) == "one two three"
    text = "lead " * 60 + "\n\n target\u00a0word " + "tail " * 60
    snippet = searchtext.snippet(text, ["target"])
    assert "target word" in snippet and "\n" not in snippet and "\u00a0" not in snippet
