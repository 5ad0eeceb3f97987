import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.models import Ingredient, Product
from tests.catalog.factories import ConcernFactory, IngredientFactory, ProductFactory

pytestmark = pytest.mark.django_db

LIST = reverse("catalog:list")
COMPARE = reverse("catalog:compare")
FIT = reverse("catalog:fit")
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def clean_catalog(db):
    """Start from an empty catalog (the seed migration publishes six products)."""
    Product.objects.all().delete()


def listed(response):
    return [p.slug for p in response.context["products"]]


# --- list: filters -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "match", "other"),
    [
        ("source=plant", {"source_type": "plant"}, {"source_type": "adipose_cm"}),
        ("origin=human", {"is_human_derived": True}, {"is_human_derived": False}),
        ("origin=non_human", {"is_human_derived": False}, {"is_human_derived": None}),
        ("origin=unknown", {"is_human_derived": None}, {"is_human_derived": False}),
        ("packaging=airless_pump", {"packaging": "airless_pump"}, {"packaging": "other"}),
        ("evidence=peer_reviewed", {"evidence_level": "peer_reviewed"}, {"evidence_level": ""}),
        ("refrigeration=needed", {"needs_refrigeration": True}, {"needs_refrigeration": False}),
        ("refrigeration=not_needed", {"needs_refrigeration": False}, {"needs_refrigeration": True}),
        ("vegan=on", {"is_vegan": True}, {"is_vegan": False}),
        ("exosomes=on", {"contains_exosomes": True}, {"contains_exosomes": False}),
        (
            "disclosed=on",
            {"concentration_disclosure": "percentage"},
            {"concentration_disclosure": "not_disclosed"},
        ),
        (
            "disclosed=on",
            {"concentration_disclosure": "quantified"},
            {"concentration_disclosure": ""},
        ),
        ("min_price=100", {"price": Decimal("150")}, {"price": Decimal("90")}),
        ("max_price=100", {"price": Decimal("90")}, {"price": Decimal("150")}),
        ("min_price=100&max_price=200", {"price": Decimal("150")}, {"price": Decimal("250")}),
    ],
)
def test_each_filter_keeps_matching_products_only(client, query, match, other):
    ProductFactory(slug="wanted", **match)
    ProductFactory(slug="unwanted", **other)
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    assert listed(response) == ["wanted"]
    assert "1 serum matches your filters" in response.content.decode()


def test_concern_filter(client):
    texture = ConcernFactory(slug="texture", name="Texture")
    ProductFactory(slug="wanted", concerns=[texture])
    ProductFactory(slug="unwanted", concerns=[ConcernFactory(slug="dry-skin")])
    assert listed(client.get(f"{LIST}?concern=texture")) == ["wanted"]


def test_price_filter_keeps_unknown_prices_and_says_how_many(client):
    # Changed on purpose (issue 17): a serum with no recorded price used to vanish silently.
    ProductFactory(slug="unknown", price=None)
    ProductFactory(slug="cheap", price=Decimal("90"))
    ProductFactory(slug="dear", price=Decimal("900"))
    response = client.get(f"{LIST}?max_price=500")
    assert sorted(listed(response)) == ["cheap", "unknown"]
    content = response.content.decode()
    assert "1 of these 2 serums has no recorded price" in content
    assert "A price range cannot tell whether they fit, so they stay in the list" in content


def test_price_sort_says_unpriced_serums_come_last(client):
    ProductFactory(slug="unknown", name="A", price=None)
    ProductFactory(slug="cheap", name="B", price=Decimal("90"))
    response = client.get(f"{LIST}?sort=price")
    assert listed(response) == ["cheap", "unknown"]
    assert "1 of these 2 serums has no recorded price, so they come last." in (
        response.content.decode()
    )


def test_no_price_note_without_a_price_filter_or_sort(client):
    ProductFactory(slug="unknown", price=None)
    assert "of these 1 serum has no recorded price" not in client.get(LIST).content.decode()
    assert (
        "of these 1 serum has no recorded price"
        in client.get(f"{LIST}?sort=-price").content.decode()
    )


def test_unpublished_products_are_never_listed(client):
    ProductFactory(slug="draft", is_published=False)
    ProductFactory(slug="live")
    assert listed(client.get(LIST)) == ["live"]


# --- list: sorts ---------------------------------------------------------------------


@pytest.fixture
def priced():
    """Three products whose name, price, price-per-ml and score orders all differ."""
    ProductFactory(
        slug="a", name="A", price=Decimal("300"), size_ml=Decimal("100"), packaging="dropper"
    )
    ProductFactory(
        slug="b", name="B", price=Decimal("100"), size_ml=Decimal("10"), packaging="dual_chamber"
    )
    ProductFactory(slug="c", name="C", price=None, size_ml=Decimal("30"))


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("", ["a", "b", "c"]),
        ("name", ["a", "b", "c"]),
        ("price", ["b", "a", "c"]),  # unknown prices last
        ("-price", ["a", "b", "c"]),
        ("price_per_ml", ["a", "b", "c"]),  # 3.00/ml, 10.00/ml, unknown
        ("score", ["b", "a", "c"]),
    ],
)
def test_each_sort(client, priced, sort, order):
    assert listed(client.get(f"{LIST}?sort={sort}")) == order


def test_score_sort_paginates(client):
    for n in range(25):
        ProductFactory(slug=f"p{n:02}", name=f"P{n:02}")
    first = client.get(f"{LIST}?sort=score")
    second = client.get(f"{LIST}?sort=score&page=2")
    assert len(listed(first)) == 20
    assert len(listed(second)) == 5
    assert not set(listed(first)) & set(listed(second))


# --- list: htmx, bad input, empty ----------------------------------------------------


def test_htmx_request_gets_only_the_results_fragment(client):
    ProductFactory(slug="one", name="One")
    full = client.get(f"{LIST}?vegan=")
    fragment = client.get(f"{LIST}?vegan=", **HTMX)
    assert b"<html" in full.content
    assert b"<html" not in fragment.content
    assert b'id="filter-form"' not in fragment.content
    assert b"product-one" in fragment.content
    assert b'hx-swap-oob="innerHTML"' in fragment.content  # announces the new count
    assert "HX-Request" in full["Vary"]
    assert "HX-Request" in fragment["Vary"]


def test_htmx_history_restore_gets_the_whole_page(client):
    response = client.get(
        f"{LIST}?vegan=on", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert b"<html" in response.content
    fit = client.get(
        f"{FIT}?goal=vegan", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert b"<html" in fit.content


def test_filter_form_works_without_javascript(client):
    content = client.get(LIST).content.decode()
    assert 'method="get"' in content
    assert 'action="/catalog/"' in content
    assert 'hx-get="/catalog/"' in content
    assert 'hx-push-url="true"' in content


@pytest.mark.parametrize(
    "query",
    [
        "min_price=abc",
        "max_price=-5",
        "min_price=1e999",
        "min_price=NaN",
        "source=martian",
        "concern=no-such-concern",
        "sort=drop%20table",
        "page=abc",
        "page=999",
        "packaging=%00",
        "exosomes[]=1&evidence=&origin=alien",
    ],
)
def test_garbage_query_parameters_are_ignored_with_a_message(client, query):
    ProductFactory(slug="still-here")
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    assert listed(response) == ["still-here"]


def test_bad_filter_gets_a_message_next_to_its_field_and_other_filters_still_apply(client):
    ProductFactory(slug="vegan", is_vegan=True)
    ProductFactory(slug="other", is_vegan=False)
    response = client.get(f"{LIST}?vegan=on&min_price=cheap")
    assert listed(response) == ["vegan"]
    content = response.content.decode()
    assert "Enter a number such as 120 or 89.50; ignored." in content
    assert "Some filters could not be used" in content


def test_highest_price_below_lowest_is_ignored_with_a_message(client):
    ProductFactory(slug="dear", price=Decimal("350"))
    response = client.get(f"{LIST}?min_price=300&max_price=100")
    assert listed(response) == ["dear"]
    assert "The highest price is below the lowest" in response.content.decode()


def test_empty_results_say_so_and_offer_to_clear_filters(client):
    ProductFactory(is_vegan=False)
    content = client.get(f"{LIST}?vegan=on").content.decode()
    assert "No serums match these filters." in content
    assert "Clear all filters" in content


def test_pagination_links_keep_the_filters(client):
    for n in range(21):
        ProductFactory(slug=f"v{n}", is_vegan=True)
    content = client.get(f"{LIST}?vegan=on").content.decode()
    assert 'href="?vegan=on&amp;page=2"' in content
    assert 'hx-get="?vegan=on&amp;page=2"' in content


# --- detail --------------------------------------------------------------------------


def test_detail_shows_facts_scorecard_cautions_and_guide_link(client):
    product = ProductFactory(
        source_type=Product.SourceType.FIBROBLAST_CM,
        is_human_derived=True,
        packaging=Product.Packaging.DUAL_CHAMBER,
        ingredients=[IngredientFactory(name="Test acid", role=Ingredient.Role.EXFOLIANT)],
    )
    response = client.get(product.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "/guide/ingredient-sources/#source-fibroblast-cm" in content
    assert "Scorecard:" in content
    for title in (
        "Source and transparency",
        "Stability and packaging",
        "Supporting ingredients",
        "Clinician backing and published data",
        "Price against value",
        "Intended use",
    ):
        assert title in content
    assert "Patch test first" in content
    assert "Not for freshly treated skin" in content
    # Price and amount are facts we lack; nobody recorded that the brand withholds them.
    assert "<dt>Price</dt><dd>Not recorded</dd>" in content
    assert "<dt>Amount of active</dt><dd>Not recorded</dd>" in content


def test_unpublished_or_unknown_product_is_404(client):
    draft = ProductFactory(is_published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("catalog:detail", kwargs={"slug": "nope"})).status_code == 404


def test_compare_and_fit_urls_are_not_read_as_slugs():
    assert reverse("catalog:compare") == "/catalog/compare/"
    assert reverse("catalog:fit") == "/catalog/fit/"
    ProductFactory(slug="compare")  # even a product with that slug cannot shadow the page
    from django.urls import resolve

    assert resolve("/catalog/compare/").url_name == "compare"
    assert resolve("/catalog/fit/").url_name == "fit"


# --- compare -------------------------------------------------------------------------


def toggle_href(content: str, slug: str) -> str:
    """The href of the add/remove link for `slug` (unescaped)."""
    match = re.search(rf'<a [^>]*id="compare-button-{slug}" href="([^"]*)"', content)
    assert match, f"no compare link for {slug}"
    return html.unescape(match[1])


def test_add_is_a_link_that_keeps_the_filters_and_names_the_basket(client):
    concern = ConcernFactory(slug="dryness")
    product = ProductFactory(slug="one")
    product.concerns.add(concern)
    page = client.get(LIST, {"concern": "dryness"}).content.decode()
    href = toggle_href(page, "one")
    assert href.startswith(LIST + "?") and "concern=dryness" in href and "p=one" in href
    assert 'name="csrfmiddlewaretoken"' not in page
    after = client.get(href).content.decode()
    assert 'Remove<span class="visually-hidden"> ' in after
    assert f'href="{COMPARE}?p=one"' in after and "Compare (1 of 4)" in after
    assert "p=one" not in toggle_href(after, "one")  # the same control now removes it


def test_a_second_add_keeps_the_first_and_the_order(client):
    ProductFactory(slug="one")
    ProductFactory(slug="two")
    page = client.get(LIST, {"p": "one"}).content.decode()
    assert "p=one,two" in toggle_href(page, "two")
    assert "p=" not in toggle_href(page, "one")


def limit_message(content: str, slug: str) -> str:
    """The text of the live region beside `slug`'s compare control."""
    match = re.search(
        rf'<span class="compare-limit[^"]*" id="compare-limit-{slug}" role="status"'
        r"[^>]*>(.*?)</span>",
        content,
        re.S,
    )
    assert match, f"no limit message region for {slug}"
    return re.sub(r"<[^>]+>", "", match[1]).strip()


def test_a_fifth_product_gets_a_clear_message_beside_its_control(client):
    for n in range(6):
        ProductFactory(slug=f"p{n}")
    page = client.get(LIST, {"p": "p0,p1,p2,p3"}).content.decode()
    assert "Compare (4 of 4)" in page
    # The control is still there; its live region is empty until it is used.
    href = toggle_href(page, "p4")
    assert "p=p0,p1,p2,p3&add=p4#compare-toggle-p4" in href
    assert limit_message(page, "p4") == ""
    assert "p=p1,p2,p3" in toggle_href(page, "p0")  # every chosen one can still be removed
    # Used (without JavaScript): the same page, the same basket, the message beside p4 only.
    after = client.get(href).content.decode()
    assert "Compare (4 of 4)" in after
    assert limit_message(after, "p4").startswith("You can compare up to 4 serums. Remove one")
    assert limit_message(after, "p5") == ""
    assert "add=" not in toggle_href(after, "p0")  # other links do not repeat the refusal


@pytest.mark.parametrize(
    "value", ["no-such-serum", "", ",,,", "x" * 500, "<script>", "one,one", "one;drop"]
)
def test_odd_compare_addresses_are_read_safely(client, value):
    ProductFactory(slug="one")
    for url in (LIST, COMPARE, reverse("catalog:detail", args=["one"])):
        response = client.get(url, {"p": value})
        assert response.status_code == 200
        assert "<script>" not in response.content.decode().split("</head>")[1]


def test_unpublished_product_is_left_out_of_the_comparison_with_a_note(client):
    ProductFactory(slug="one")
    ProductFactory(slug="draft", is_published=False)
    response = client.get(COMPARE, {"p": "draft,one"})
    assert [p.slug for p in response.context["products"]] == ["one"]
    assert "One serum in this link is no longer in the catalog" in response.content.decode()


def test_a_link_naming_more_than_four_compares_the_first_four(client):
    for n in range(5):
        ProductFactory(slug=f"p{n}")
    response = client.get(COMPARE, {"p": "p0,p1,p2,p3,p4"})
    assert [p.slug for p in response.context["products"]] == ["p0", "p1", "p2", "p3"]
    assert "the first 4 are compared" in response.content.decode()


def test_compare_page_shows_every_field_and_marks_differences(client):
    ProductFactory(slug="one", name="One", is_vegan=True, packaging="dual_chamber")
    ProductFactory(slug="two", name="Two", is_vegan=False, packaging="dual_chamber")
    response = client.get(COMPARE, {"p": "one,two"})
    rows = {row["label"]: row for row in response.context["rows"]}
    assert rows["Vegan"]["differs"] is True
    assert rows["Packaging"]["differs"] is False
    assert rows["Vegan"]["cells"] == [{"text": "Yes"}, {"text": "Not recorded"}]
    for label in ("Ingredient source", "Price per ml", "Intended use", "Scorecard total"):
        assert label in rows
    content = response.content.decode()
    assert 'class="differs"' in content
    # Remove links keep the other product; "clear" is the bare page; nothing posts.
    assert f'href="{COMPARE}?p=two#compare-toggle-one"' in content
    assert f'href="{COMPARE}?p=one#compare-toggle-two"' in content
    assert f'href="{COMPARE}">Clear the comparison' in content
    assert 'method="post"' not in content
    assert f'href="{reverse("catalog:detail", args=["one"])}?p=one,two"' in content


def test_a_comparison_is_the_same_page_for_everyone_who_opens_the_link(client):
    from django.test import Client

    ProductFactory(slug="one")
    ProductFactory(slug="two")
    first = client.get(COMPARE, {"p": "one,two"})
    second = Client().get(COMPARE, {"p": "one,two"})
    assert first.content == second.content
    assert not first.cookies and not second.cookies


def test_empty_compare_page_explains_what_to_do(client):
    content = client.get(COMPARE).content.decode()
    assert "Nothing to compare yet" in content


def test_filter_and_fit_forms_keep_the_basket(client):
    ProductFactory(slug="one")
    for url in (LIST, FIT):
        content = client.get(url, {"p": "one"}).content.decode()
        assert '<input type="hidden" name="p" value="one">' in content


def test_product_links_carry_the_basket(client):
    ProductFactory(slug="one")
    ProductFactory(slug="two")
    detail = reverse("catalog:detail", args=["two"])
    assert f'href="{detail}?p=one"' in client.get(LIST, {"p": "one"}).content.decode()
    content = client.get(detail, {"p": "one"}).content.decode()
    assert f'href="{LIST}?p=one"' in content  # the breadcrumb back to the catalog
    assert "p=one,two" in toggle_href(content, "two")


def test_htmx_results_carry_the_basket_in_their_links(client):
    ProductFactory(slug="one")
    ProductFactory(slug="two")
    response = client.get(LIST, {"p": "one", "sort": "price"}, **HTMX)
    content = response.content.decode()
    assert "<html" not in content
    href = toggle_href(content, "two")
    assert "p=one,two" in href and "sort=price" in href


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_compare_accepts_only_reading(client, method):
    ProductFactory(slug="one")
    response = getattr(client, method)(COMPARE, {"action": "add", "product": "one"})
    assert response.status_code == 405


# --- find my fit ---------------------------------------------------------------------


def test_fit_page_asks_questions_first(client):
    response = client.get(FIT)
    content = response.content.decode()
    assert response.status_code == 200
    assert "What do you most want help with?" in content
    assert response.context["result"] is None


def test_fit_ranks_products_with_reasons_and_alternatives(client):
    post = ConcernFactory(slug="post-procedure", name="Post-procedure recovery")
    ProductFactory(slug="repair", name="Repair", concerns=[post])
    ProductFactory(slug="other", name="Other")
    response = client.get(f"{FIT}?goal=post_procedure&budget=100&fridge_ok=no")
    content = response.content.decode()
    assert [m.product.slug for m in response.context["result"].matches] == ["repair"]
    assert "Meant for post-procedure recovery." in content
    assert "Worth knowing before you spend" in content


def test_fit_bad_answers_get_a_message_not_an_error(client):
    response = client.get(f"{FIT}?goal=immortality&budget=lots&fridge_ok=maybe")
    assert response.status_code == 200
    assert response.context["result"] is None
    assert "Please pick one of the listed answers." in response.content.decode()


def test_fit_htmx_returns_the_results_fragment(client):
    response = client.get(f"{FIT}?goal=vegan", **HTMX)
    assert b"<html" not in response.content
    assert b"Your matches" in response.content
    assert "HX-Request" in response["Vary"]


def test_price_per_ml_sort_does_not_truncate_whole_number_prices(client):
    # SQLite keeps whole-number decimals as integers; 301/30 must not become 10.
    ProductFactory(slug="a", name="A", price=Decimal("301"), size_ml=Decimal("30"))
    ProductFactory(slug="b", name="B", price=Decimal("300"), size_ml=Decimal("30"))
    assert listed(client.get(f"{LIST}?sort=price_per_ml")) == ["b", "a"]


def test_fit_budget_on_unpriced_serums_explains_itself(client):
    ProductFactory(slug="unpriced", price=None, concerns=[ConcernFactory(slug="dark-spots")])
    content = client.get(f"{FIT}?goal=dark_spots&budget=100").content.decode()
    assert "The one serum listed has no recorded price, so your budget of $100 could not" in content
