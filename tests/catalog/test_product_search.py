"""The one product search (catalog.selectors.search_products): the routine editor's picker
and the guide's site search find the same serums, in a constant number of queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from catalog import querytext
from catalog.models import Ingredient, Product
from catalog.selectors import RANK_CAP, search_products
from guide import search as site_search
from tests.catalog.factories import IngredientFactory, ProductFactory
from tests.catalog.test_list_at_scale import BIG, bulk_products
from tests.conftest import SESSION_QUERIES
from tests.routines.factories import RoutineFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the stored, ranked search vector is a PostgreSQL feature",
)


@pytest.fixture(autouse=True)
def only_test_products(db):
    Product.objects.all().delete()


def catalog_titles(query):
    return {hit.title for hit in site_search.search_site(query) if hit.kind == "Catalog"}


def test_the_picker_and_site_search_find_the_same_serums():
    ProductFactory(brand__name="Aster", name="Calm serum", profile="Soothes after microneedling.")
    ProductFactory(brand__name="Birch", name="Glow drops", why_consider="Microneedling recovery.")
    ProductFactory(brand__name="Cedar", name="Day cream", profile="A plain moisturiser.")
    ProductFactory(brand__name="Dune", name="Microneedling serum", is_published=False)
    picked = {str(p) for p in search_products("microneedling")}
    assert picked == catalog_titles("microneedling") == {"Aster Calm serum", "Birch Glow drops"}


def test_every_typed_word_must_match_and_short_or_common_words_are_skipped():
    ProductFactory(brand__name="Aster", name="Night recovery serum")
    ProductFactory(brand__name="Birch", name="Night oil")
    assert [str(p) for p in search_products("night serum")] == ["Aster Night recovery serum"]
    assert [str(p) for p in search_products("the night recovery")] == ["Aster Night recovery serum"]
    assert search_products("a") == [] and search_products("  \x00 ") == []


def test_the_picker_takes_a_query_already_expanded_with_synonyms():
    ProductFactory(brand__name="Aster", name="Retinoid night serum")
    parsed = querytext.parse("retinol", {"retinol": ["retinoid"]})
    assert [str(p) for p in search_products(parsed)] == ["Aster Retinoid night serum"]
    assert search_products("retinol") == []


@postgres_only
def test_a_serum_is_found_by_an_ingredient_it_lists():
    # A made-up name: the shipped catalog's ingredients are still in the table.
    gel = IngredientFactory(name="Tremellagel", slug="tremellagel", role=Ingredient.Role.HYDRATOR)
    ProductFactory(brand__name="Aster", name="Plain serum", ingredients=[gel])
    ProductFactory(brand__name="Birch", name="Other serum")
    assert [str(p) for p in search_products("tremellagel")] == ["Aster Plain serum"]
    assert catalog_titles("tremellagel") == {"Aster Plain serum"}


# One query for the products on either database (PostgreSQL: catalog.textsearch.ranked).
PRODUCT_QUERIES = 1


@pytest.mark.parametrize("count", [1, BIG])
def test_search_queries_do_not_grow_with_the_catalog(
    owner_client, owner, django_assert_num_queries, settings, count
):
    settings.PAGE_CACHE_SECONDS = 0  # the view's own queries, not the shared page cache's
    bulk_products(count)  # every product is a "Scale serum <n>"
    # Site search: synonyms, one query each for guide, FAQ and glossary, then the products.
    with django_assert_num_queries(4 + PRODUCT_QUERIES):
        response = Client().get(reverse("search"), {"q": "scale serum"})  # anonymous
    catalog_hits = [hit for hit in response.context["hits"] if hit.kind == "Catalog"]
    assert 1 <= len(catalog_hits) <= site_search.PER_KIND_LIMIT
    # The picker: (session,) user, the routine, the products, the avoided ingredients among
    # them, the profile (the user's local date for the step's start).
    routine = RoutineFactory(user=owner)
    picker = reverse("routines:product_search", args=[routine.pk])
    with django_assert_num_queries(4 + PRODUCT_QUERIES + SESSION_QUERIES):
        response = owner_client.get(picker, {"q": "scale serum"}, headers={"HX-Request": "true"})
    assert 1 <= len(response.context["results"]) <= 8


@postgres_only
def test_a_word_every_serum_has_ranks_the_best_scored_serums():
    bulk_products(BIG)
    best = set(
        Product.objects.published()
        .order_by("-score", "brand_name", "name")
        .values_list("pk", flat=True)[:RANK_CAP]
    )
    found = search_products("serum", limit=20)
    assert len(found) == 20
    assert {p.pk for p in found} <= best
    ranks = [p.rank for p in found]
    assert ranks == sorted(ranks, reverse=True)


def test_the_picker_reads_whole_products_and_site_search_only_what_a_hit_shows():
    ProductFactory(brand__name="Aster", name="Calm serum", profile="Soothes.", price=Decimal("40"))
    (picked,) = search_products("calm")
    # Only the search vector is left out, as Product.objects always does.
    assert picked.price == Decimal("40") and picked.get_deferred_fields() == {"search_vector"}
    (hit,) = search_products("calm", fields=("brand", "brand_name", "name", "slug"))
    assert str(hit) == "Aster Calm serum"
    assert {"price", "profile"} <= hit.get_deferred_fields()
