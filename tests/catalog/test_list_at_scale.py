"""The catalog list at 1 and 10,000 products: the same queries, each read from an index in
the order the page shows, counted only up to a cap, and paged in SQL."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.forms import ProductFilterForm
from catalog.models import Brand, Concern, Ingredient, IngredientClass, Product
from catalog.paging import COUNT_CAP
from catalog.views import listed_products
from tests.catalog.factories import (
    ConcernFactory,
    IngredientFactory,
    ProductFactory,
    ingredient_admin_post,
)

pytestmark = pytest.mark.django_db

BIG = 10_000


def bulk_products(count):
    """`count` varied products with concerns and ingredients, written in bulk, then given
    their stored columns as the seeders do."""
    Product.objects.all().delete()
    brands = Brand.objects.bulk_create(
        [Brand(name=f"Scale brand {n}", slug=f"scale-brand-{n}") for n in range(50)]
    )
    concerns = [ConcernFactory(slug=f"scale-concern-{n}", name=f"Scale {n}") for n in range(3)]
    ingredients = [
        IngredientFactory(slug="scale-hydrator", role=Ingredient.Role.HYDRATOR),
        IngredientFactory(slug="scale-acid", role=Ingredient.Role.EXFOLIANT),
    ]
    products = Product.objects.bulk_create(
        [
            Product(
                brand=brands[n % len(brands)],
                name=f"Scale serum {n}",
                slug=f"scale-serum-{n}",
                is_published=n % 10 != 9,
                source_type=Product.SourceType.values[n % len(Product.SourceType.values)],
                is_human_derived=n % 2 == 0,
                evidence_level=Product.Evidence.values[n % len(Product.Evidence.values)],
                packaging=Product.Packaging.values[n % len(Product.Packaging.values)],
                container=Product.Container.values[n % len(Product.Container.values)],
                is_vegan=n % 4 == 0,
                size_ml=Decimal(30),
                price=None if n % 3 == 2 else Decimal(40 + n % 360),
            )
            for n in range(count)
        ],
        batch_size=2000,
    )
    Product.concerns.through.objects.bulk_create(
        [
            Product.concerns.through(product_id=p.pk, concern_id=concerns[i % 3].pk)
            for i, p in enumerate(products)
        ],
        batch_size=5000,
    )
    Product.ingredients.through.objects.bulk_create(
        [
            Product.ingredients.through(product_id=p.pk, ingredient_id=ingredients[i % 2].pk)
            for i, p in enumerate(products)
        ],
        batch_size=5000,
    )
    Product.objects.all().refresh_derived()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE catalog_product")
    return products


QUERIES = [
    "",
    "?sort=score",
    "?sort=price_per_ml&origin=human&max_price=300",
    "?sort=-price&vegan=on&page=3",
    "?concern=scale-concern-0&sort=score&page=2",
]


@pytest.mark.parametrize("count", [1, BIG])
def test_list_queries_do_not_grow_with_the_catalog(
    client, django_assert_num_queries, settings, count
):
    # The view's own queries: no stored page (the shared cache's cost is counted in
    # tests/config/test_public_pages.py).
    settings.PAGE_CACHE_SECONDS = 0
    bulk_products(count)  # once for every query below: 10,000 rows take a few seconds
    for query in QUERIES:
        # Capped count, the page's rows, their concerns, their ingredients and the
        # ingredients' classes (the cautions read their roles), the concern choices; a
        # concern filter also validates its slug. A price filter or sort counts the serums
        # without a recorded price in the same count query, or, when the list is past the
        # count's cap, in one more (up to the same cap).
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("catalog:list") + query)
        assert response.status_code == 200
        capped = response.context["page"].count_capped
        expected = 6 + ("concern=" in query) + ("price" in query and capped)
        assert len(captured) == expected, (query, [q["sql"][:120] for q in captured])
        assert 1 <= len(response.context["products"]) <= 20, query


def test_a_big_list_says_more_than_the_cap_and_still_pages(client):
    bulk_products(BIG)
    response = client.get(reverse("catalog:list"), {"sort": "score", "page": 7})
    page = response.context["page"]
    assert page.count_capped and page.paginator.num_pages is None
    assert page.number == 7 and page.has_previous and page.has_next
    html = response.content.decode()
    assert f"More than {COUNT_CAP:,} serums match." in html
    assert "Page 7</span>" in html
    # Best scorecard first, and page 7 carries on where page 6 stopped.
    scores = [p.score for p in response.context["products"]]
    assert scores == sorted(scores, reverse=True)
    before = client.get(reverse("catalog:list"), {"sort": "score", "page": 6})
    assert before.context["products"][-1].score >= scores[0]
    # Serums without a price are counted up to the same cap, and said to be more.
    html = client.get(reverse("catalog:list"), {"max_price": "300"}).content.decode()
    assert f"More than {COUNT_CAP:,} of these serums have no recorded price." in html


def test_a_small_list_counts_exactly_and_an_old_page_link_shows_the_last_page(client):
    bulk_products(45)
    response = client.get(reverse("catalog:list"), {"page": 99})
    page = response.context["page"]
    published = Product.objects.published().count()
    assert (page.count, page.count_capped, page.paginator.num_pages) == (published, False, 3)
    assert page.number == 3 and not page.has_next
    assert f"{published} serums match." in response.content.decode()


def test_every_sort_reads_its_own_index_without_sorting():
    bulk_products(BIG)
    for sort in ProductFilterForm.SORTS:
        if connection.vendor == "postgresql" and sort == "-price":
            continue  # PostgreSQL's descending index puts NULLs first; this sort asks NULLS LAST
        form = ProductFilterForm({"sort": sort})
        plan = form.apply(listed_products())[:21].explain()
        if connection.vendor == "sqlite":
            assert "USING INDEX product_pub_" in plan, (sort, plan)
            assert "TEMP B-TREE" not in plan, (sort, plan)
        else:
            assert "Index Scan" in plan and "product_pub_" in plan, (sort, plan)
            assert "Sort" not in plan, (sort, plan)


def test_the_stored_score_follows_an_ingredient_role_change_in_the_admin(editor_client):
    ingredient = IngredientFactory(slug="role-change", role=Ingredient.Role.HYDRATOR)
    product = ProductFactory(slug="role-product", ingredients=[ingredient])
    before = Product.objects.get(pk=product.pk)
    assert before.score == before.scorecard.points
    response = editor_client.post(
        reverse("admin:catalog_ingredient_change", args=[ingredient.pk]),
        ingredient_admin_post(ingredient, role="retinoid"),
    )
    assert response.status_code == 302
    after = Product.objects.get(pk=product.pk)
    assert after.has_caution_ingredient and not after.has_supporting_ingredient
    assert after.score == after.scorecard.points == before.score - 2


def test_deleting_a_concern_in_the_admin_updates_its_products_scores(editor_client):
    concern = ConcernFactory(slug="to-delete")
    product = ProductFactory(slug="concern-product", concerns=[concern], is_vegan=False)
    assert Product.objects.get(pk=product.pk).has_concerns
    response = editor_client.post(
        reverse("admin:catalog_concern_delete", args=[concern.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Concern.objects.filter(pk=concern.pk).exists()
    after = Product.objects.get(pk=product.pk)
    assert not after.has_concerns
    assert after.score == after.scorecard.points


def test_a_brand_rename_in_the_admin_moves_its_products_in_the_name_sort(editor_client, client):
    zed = ProductFactory(brand__name="Zed", slug="zed-serum", name="Serum")
    ProductFactory(brand__name="Mid", slug="mid-serum", name="Serum")
    response = editor_client.post(
        reverse("admin:catalog_brand_change", args=[zed.brand.pk]),
        {"name": "Aardvark", "slug": zed.brand.slug, "website_note": ""},
    )
    assert response.status_code == 302
    listed = client.get(reverse("catalog:list")).context["products"]
    names = [str(p) for p in listed]
    assert names.index("Aardvark Serum") < names.index("Mid Serum")


def test_a_class_role_reaches_the_listed_rows_and_the_product_pages_cautions(client, settings):
    """An ingredient whose own role says nothing, in a class the rules read as a retinoid
    (the dictionary's way), carries that role in listed rows and gets the treated-skin caution
    on the product page: the list's plain class query gives the roles the model reads."""
    settings.PAGE_CACHE_SECONDS = 0
    retinoids = IngredientClass.objects.create(name="Test retinoids", slug="t-ret", role="retinoid")
    quiet = IngredientFactory(slug="quiet-retinyl", name="Quiet retinyl", role="other")
    quiet.classes.add(retinoids)
    product = ProductFactory(slug="quiet-serum", ingredients=[quiet])
    listed = Product.objects.filter(pk=product.pk).with_lists().get()
    assert listed.ingredient_list[0].rule_roles == frozenset({"other", "retinoid"})
    assert Ingredient.objects.get(pk=quiet.pk).rule_roles == listed.ingredient_list[0].rule_roles
    page = client.get(product.get_absolute_url()).content.decode()
    assert "Not for freshly treated skin" in page and "It contains Quiet retinyl." in page


@pytest.mark.parametrize("count", [45, BIG])
def test_unpriced_count_with_the_list_is_the_count_of_unpriced_matches(client, count):
    """Counted in the list's own count query or in one of its own, the unpriced figure is
    what counting those rows alone gives, capped the same way."""
    bulk_products(count)
    response = client.get(reverse("catalog:list"), {"max_price": "300"})
    page = response.context["page"]
    matches = Product.objects.published().filter(Q(price__lte=300) | Q(price__isnull=True))
    assert page.also_count == min(matches.filter(price__isnull=True).count(), COUNT_CAP + 1)
    assert page.count == min(matches.count(), COUNT_CAP)
