"""Search finds what readers type: synonyms, typos, accents, and phrases like "vitamin c".

The tests build their own small set of rows (the shipped guide is removed) so each
expectation is about the behaviour, not the shipped text. Accent folding and the ranked,
indexed search run on PostgreSQL only; SQLite keeps the simpler development path.
"""

import pytest
from django.db import connection
from django.urls import reverse

from catalog import querytext
from catalog.models import Ingredient, Product
from guide import search as site_search
from guide.models import Article, FaqEntry, GlossaryTerm, SearchSynonym
from tests.catalog.factories import (
    BrandFactory,
    IngredientFactory,
    ProductFactory,
    ingredient_admin_post,
)
from tests.guide.factories import ArticleFactory, GlossaryTermFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="accent folding and the stored, indexed search vectors are PostgreSQL features; "
    "SQLite keeps the simpler substring search",
)


@pytest.fixture(autouse=True)
def only_test_content(db):
    Article.objects.all().delete()
    FaqEntry.objects.all().delete()
    GlossaryTerm.objects.all().delete()
    Product.objects.all().delete()


def titles(query):
    """Titles found for exactly this query (no "did you mean")."""
    return [hit.title for hit in site_search.search_site(query)]


def test_retinol_finds_the_retinoid_glossary_entry():
    GlossaryTermFactory(
        term="Retinoid", slug="retinoid", definition="A vitamin A derivative with trial evidence."
    )
    GlossaryTermFactory(term="Peptide", slug="peptide", definition="A short chain of amino acids.")
    hits = site_search.search("retinol").hits
    assert [(hit.kind, hit.title) for hit in hits] == [("Glossary", "Retinoid")]
    assert "retinoid" in site_search.search("retinol").terms  # highlighted too


def test_a_synonym_staff_add_is_used_at_once(editor_client):
    GlossaryTermFactory(term="Conditioned media", slug="conditioned-media", definition="Broth.")
    assert titles("secretome") == []
    response = editor_client.post(
        reverse("admin:guide_searchsynonym_add"),
        {"phrase": "Secretome", "means": "conditioned media"},
    )
    assert response.status_code == 302
    assert SearchSynonym.objects.get(phrase="secretome").alternatives == ["conditioned media"]
    assert titles("secretome") == ["Conditioned media"]


def test_a_typo_is_answered_with_did_you_mean_and_its_results(client):
    GlossaryTermFactory(
        term="Exosome", slug="exosome", definition="A tiny parcel released by a cell."
    )
    ArticleFactory(title="What exosomes are", body="Exosome serums explained.")
    result = site_search.search("exosmoe")
    assert result.suggestion == "exosome"
    assert "Exosome" in [hit.title for hit in result.hits]

    html = client.get(reverse("search"), {"q": "exosmoe"}).content.decode()
    assert "Nothing matched “exosmoe”. Showing results for" in html
    assert 'href="/search/?q=exosome"' in html


def test_no_suggestion_when_nothing_is_alike():
    GlossaryTermFactory(term="Exosome", slug="exosome", definition="A tiny parcel.")
    result = site_search.search("qqqzzx")
    assert (result.suggestion, result.hits) == ("", [])


def test_vitamin_c_is_a_phrase_and_ranks_vitamin_c_above_niacinamide():
    # Word for word, "vitamin" matches both titles, and niacinamide's text says it more often.
    ArticleFactory(
        title="Vitamin B3: niacinamide",
        body="Niacinamide is vitamin B3. A vitamin that calms; vitamin B3 suits most skin.",
    )
    ArticleFactory(title="Vitamin C serums", body="Vitamin C brightens.")
    ArticleFactory(title="Antioxidants", body="Serums with ascorbic acid brighten the skin.")
    found = titles("vitamin c")
    assert found[0] == "Vitamin C serums"
    assert "Antioxidants" in found  # through the synonym "ascorbic acid"
    assert "Vitamin B3: niacinamide" not in found[:2]


def test_aha_finds_glycolic_and_lactic_acid():
    ArticleFactory(title="Glycolic acid basics", body="An exfoliant.")
    ArticleFactory(title="Lactic acid basics", body="A gentler exfoliant.")
    ArticleFactory(title="Peptides", body="Signalling molecules.")
    assert sorted(titles("AHA")) == ["Glycolic acid basics", "Lactic acid basics"]


@postgres_only
def test_lumiere_finds_lumiere_with_its_accent():
    brand = BrandFactory(name="Maison Lumière")
    ProductFactory(brand=brand, name="Sérum Éclat", slug="serum-eclat")
    ArticleFactory(title="Lumière and light", body="Why amber glass keeps light out.")
    found = titles("lumiere")
    assert "Maison Lumière Sérum Éclat" in found
    assert "Lumière and light" in found
    assert "Maison Lumière Sérum Éclat" in titles("serum eclat")


@postgres_only
def test_search_reads_the_stored_vector_so_a_rename_shows_after_the_admin_save(editor_client):
    brand = BrandFactory(name="Oldname")
    product = ProductFactory(brand=brand, name="Night serum", slug="night-serum")
    assert titles("oldname") == ["Oldname Night serum"]
    response = editor_client.post(
        reverse("admin:catalog_brand_change", args=[brand.pk]),
        {"name": "Newname", "slug": brand.slug, "website_note": ""},
    )
    assert response.status_code == 302
    assert titles("oldname") == []
    assert titles("newname") == ["Newname Night serum"]
    product.refresh_from_db()
    assert product.brand_name == "Newname"


@postgres_only
def test_an_ingredient_rename_reaches_the_products_that_list_it(editor_client):
    ingredient = IngredientFactory(name="Zincum", slug="zincum", role=Ingredient.Role.SOOTHING)
    ProductFactory(name="Calm serum", slug="calm-serum", ingredients=[ingredient])
    assert len(titles("zincum")) == 1
    response = editor_client.post(
        reverse("admin:catalog_ingredient_change", args=[ingredient.pk]),
        ingredient_admin_post(ingredient, name="Zinc oxide"),
    )
    assert response.status_code == 302
    assert titles("zincum") == []
    assert len(titles("zinc oxide")) == 1


@postgres_only
def test_an_edited_article_is_found_by_its_new_words(editor_client):
    article = ArticleFactory(title="Storage", slug="storage", body="Keep it cool.")
    assert titles("refrigerator") == []
    article.refresh_from_db()
    data = {
        "title": "Storage",
        "slug": "storage",
        "summary": "How to store a serum.",
        "theme": article.theme,
        "order": article.order,
        "is_published": "on",
        "body": "Keep it in the refrigerator.",
        "related_product_slugs": "",
        "related_concern_slugs": "",
    }
    response = editor_client.post(reverse("admin:guide_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert titles("refrigerator") == ["Storage"]


@pytest.mark.parametrize("count", [1, 30])
def test_a_typo_search_costs_the_same_number_of_queries(
    client, django_assert_num_queries, settings, count
):
    settings.PAGE_CACHE_SECONDS = 0  # the view's own queries, not the shared page cache's
    GlossaryTermFactory(term="Exosome", slug="exosome", definition="A tiny parcel.")
    ArticleFactory.create_batch(count, body="Exosome serums.")
    # Synonyms, four kinds, the vocabulary for the one typed word, four kinds again.
    with django_assert_num_queries(10):
        response = client.get(reverse("search"), {"q": "exosmoe"})
    assert response.context["suggestion"] == "exosome"


@pytest.mark.parametrize("typed", ["exosmoe", "retinal", "peptdie", "niacinimide", "spf"])
def test_did_you_mean_keeps_difflibs_choice_while_skipping_words_of_hopeless_length(typed):
    import difflib

    vocabulary = [
        "exosome", "exosomes", "exo", "retinoid", "retinol", "retinaldehyde", "peptide",
        "peptides", "niacinamide", "ascorbic", "acid", "sunscreen", "spf", "spa", "spfs",
        "abcdefghijklm",  # 13 letters: at 0.7 exactly what a 7-letter word allows
    ]  # fmt: skip
    for cutoff, n in [(site_search.MIN_DIFFLIB_RATIO, 3), (0.5, 1), (0.3, 5)]:
        assert site_search._close_matches(typed, set(vocabulary), n=n, cutoff=cutoff) == (
            difflib.get_close_matches(typed, vocabulary, n=n, cutoff=cutoff)
        )


def test_did_you_mean_draws_on_brands_ingredients_and_published_terms_only():
    BrandFactory(name="Maison Zephyrine")
    IngredientFactory(name="Quillaja extract", slug="quillaja-extract")
    GlossaryTermFactory(term="Tremella", slug="tremella", definition="A mushroom.")
    GlossaryTermFactory(
        term="Xanthelasma", slug="xanthelasma", definition="Hidden.", is_published=False
    )
    assert site_search.suggest(querytext.parse("zephyrime")) == "zephyrine"
    assert site_search.suggest(querytext.parse("quilaja")) == "quillaja"
    assert site_search.suggest(querytext.parse("tremela")) == "tremella"
    assert site_search.suggest(querytext.parse("xanthelasmo")) == ""


@postgres_only
def test_the_written_out_ranked_query_returns_what_the_querysets_do():
    from catalog.textsearch import matching, ranked

    for n in range(5):
        ArticleFactory(
            title=f"Peptide note {n}" if n % 2 else f"Note {n}",
            summary="peptide " * n,
            body="Peptides signal." if n else "Nothing here.",
            order=10 - n // 2,  # equal ranks fall back on the model's ordering
        )
    GlossaryTermFactory(term="Peptide", slug="peptide", definition="A short chain.")
    GlossaryTermFactory(term="Draft peptide", slug="draft", definition="x", is_published=False)
    parsed = querytext.parse("peptide")
    for model, _kind, fields, columns in site_search._guide_sources():
        expected = matching(model.objects.published().only(*columns), parsed, fields, limit=3)
        found = ranked(model, parsed, columns=columns, published_only=True, limit=3)
        assert [(row.pk, row.rank) for row in found] == [(row.pk, row.rank) for row in expected]
        assert all(isinstance(row, model) for row in found)
    published = ranked(GlossaryTerm, parsed, columns=("term",), published_only=True, limit=5)
    assert [term.term for term in published] == ["Peptide"]
