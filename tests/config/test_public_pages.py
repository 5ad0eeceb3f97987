"""Public pages: the same for every anonymous reader, so Django's cache framework and HTTP
caching serve them (config/publicpages.py); signed-in pages are private and never stored.

Replaces the tests of the hand-made page cache (config/pagecache.py, removed): there is no
per-visitor token or nonce to swap any more, so these check that none is there at all.
"""

from unittest import mock

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import caches
from django.core.handlers.base import BaseHandler
from django.core.management import call_command
from django.middleware.cache import CacheMiddleware
from django.test import Client
from django.urls import reverse

from catalog.models import Product
from config import publicpages
from guide import views as guide_views
from guide.models import Article
from tests.catalog.factories import ProductFactory
from tests.quality.pages import ANONYMOUS, build_world, pages

pytestmark = pytest.mark.django_db

LIST = reverse("catalog:list")
HTMX = {"HTTP_HX_REQUEST": "true"}

# The pages an anonymous reader gets that must be the same for everyone (the list).
PUBLIC_PREFIXES = ("/guide/", "/catalog/", "/search/")


def is_public(url: str) -> bool:
    return url == "/" or url.startswith(PUBLIC_PREFIXES)


def served_from_cache(response) -> bool:
    """A stored page is returned before any template renders."""
    return response.context is None


def test_public_pages_carry_no_cookie_no_csrf_token_and_no_nonce():
    world = build_world()
    rows = [p for p in pages(world) if p.who == ANONYMOUS and is_public(p.url)]
    labels = {p.label for p in rows}
    for expected in ("home", "guide index", "guide FAQ", "guide glossary", "search results"):
        assert expected in labels
    assert {"catalog", "compare, two serums", "find my fit"} <= labels
    assert any(label.startswith("article ") for label in labels)
    assert any(label.startswith("product ") for label in labels)
    for page in rows:
        response = Client().get(page.url)  # a first visit: no cookie at all
        assert response.status_code == 200, page
        html = response.content.decode()
        assert not response.cookies, (page.label, list(response.cookies))
        assert "Set-Cookie" not in response.serialize_headers().decode(), page.label
        assert "csrfmiddlewaretoken" not in html and "X-CSRFToken" not in html, page.label
        assert "nonce" not in html, page.label
        assert "nonce" not in response["Content-Security-Policy"], page.label
        cache_control = response["Cache-Control"]
        assert "public" in cache_control and "max-age=60" in cache_control, page.label
        assert response.has_header("ETag"), page.label


@pytest.mark.parametrize("name", ["account_login", "account_signup"])
def test_log_in_and_sign_up_keep_their_csrf_token_and_are_never_stored(name):
    client = Client(enforce_csrf_checks=True)
    response = client.get(reverse(name))
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert response.cookies  # the CSRF cookie the form's token is checked against
    assert "public" not in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_a_second_reader_gets_the_stored_page():
    ProductFactory(name="Stored serum")
    first = Client().get(LIST)
    second = Client().get(LIST)
    assert not served_from_cache(first) and served_from_cache(second)
    assert first.content == second.content
    assert "Stored serum" in second.content.decode()
    assert not second.cookies


def test_if_none_match_gets_a_304_while_the_page_is_unchanged():
    url = reverse("guide:index")
    first = Client().get(url)
    etag = first["ETag"]
    again = Client().get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert Client().get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_an_admin_edit_shows_at_once_with_caching_on(
    editor_client, django_capture_on_commit_callbacks
):
    product = Product.objects.published().order_by("pk").first()
    detail = product.get_absolute_url()
    reader = Client()
    assert product.name in reader.get(detail).content.decode()
    assert served_from_cache(reader.get(detail))
    change = reverse("admin:catalog_product_change", args=[product.pk])
    form = editor_client.get(change).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        name="Renamed in the admin",
        concerns=[c.pk for c in product.concerns.all()],
        ingredients=[i.pk for i in product.ingredients.all()],
        brand=product.brand_id,
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    after = reader.get(detail)
    assert not served_from_cache(after)
    assert "Renamed in the admin" in after.content.decode()
    assert "Renamed in the admin" in reader.get(LIST).content.decode()


def test_an_admin_unpublish_action_shows_at_once(editor_client, django_capture_on_commit_callbacks):
    article = Article.objects.published().order_by("pk").first()
    assert Client().get(article.get_absolute_url()).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            reverse("admin:guide_article_changelist"),
            {"action": "unpublish", "_selected_action": [article.pk]},
        )
    assert Client().get(article.get_absolute_url()).status_code == 404
    assert article.title not in Client().get(reverse("guide:index")).content.decode()


def test_an_admin_delete_shows_at_once(editor_client, django_capture_on_commit_callbacks):
    product = ProductFactory(name="Doomed serum")
    assert "Doomed serum" in Client().get(LIST).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:catalog_product_delete", args=[product.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert "Doomed serum" not in Client().get(LIST).content.decode()


def test_the_version_moves_when_the_edit_commits_not_before(django_capture_on_commit_callbacks):
    before = publicpages.public_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publicpages.public_content_changed()
    assert publicpages.public_version() == before  # pages rendered meanwhile stay findable
    for callback in callbacks:
        callback()
    assert publicpages.public_version() != before


def test_loading_the_shipped_guide_makes_stored_pages_stale(django_capture_on_commit_callbacks):
    before = publicpages.public_version()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_guide_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert publicpages.public_version() != before


def test_a_save_outside_the_admin_is_no_hidden_invalidation():
    """No save() side effect: a script's write shows once the stored page expires."""
    product = ProductFactory(name="Before script")
    Client().get(LIST)
    product.name = "After script"
    product.save()
    assert "Before script" in Client().get(LIST).content.decode()
    publicpages.bump_public_version()
    assert "After script" in Client().get(LIST).content.decode()


def test_a_lost_version_key_only_causes_a_miss():
    Client().get(LIST)
    assert served_from_cache(Client().get(LIST))
    caches["default"].delete(publicpages.VERSION_KEY)
    assert not served_from_cache(Client().get(LIST))
    assert served_from_cache(Client().get(LIST))


def test_signed_in_readers_get_their_own_page_and_it_is_never_stored(owner_client):
    anonymous = Client().get(LIST)
    mine = owner_client.get(LIST)
    assert not served_from_cache(mine)
    assert "Log out" in mine.content.decode() and "Log out" not in anonymous.content.decode()
    assert "private" in mine["Cache-Control"] and "no-store" in mine["Cache-Control"]
    assert not mine.has_header("ETag")
    # …and what they saw is not what the next anonymous reader gets.
    owner_client.get(reverse("guide:index"))
    assert "Log out" not in Client().get(reverse("guide:index")).content.decode()


def test_a_flash_message_is_never_hidden_by_a_stored_page(owner_client):
    Client().get(reverse("home"))  # the plain home page is stored
    response = owner_client.post(reverse("account_logout"), follow=True)
    assert "You have signed out." in response.content.decode()
    assert not served_from_cache(response)
    assert "private" in response["Cache-Control"]
    assert "You have signed out." not in Client().get(reverse("home")).content.decode()


def test_the_htmx_fragment_and_the_full_page_are_stored_apart():
    ProductFactory()
    full = Client().get(LIST)
    fragment = Client().get(LIST, **HTMX)
    restore = Client().get(LIST, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in full.content.decode() and "<html" not in fragment.content.decode()
    assert "<html" in restore.content.decode()  # the back button needs the whole page
    assert "<html" not in Client().get(LIST, **HTMX).content.decode()
    for header in ("HX-Request", "HX-History-Restore-Request"):
        assert header in full["Vary"]


def test_stored_copies_vary_on_cookie_so_no_cache_shows_them_after_sign_in():
    """A browser or proxy that kept the anonymous page must ask again once the reader
    sends a session cookie: every copy, stored or fresh, says Vary: Cookie."""
    first = Client().get(LIST)
    hit = Client().get(LIST)
    assert served_from_cache(hit)
    for response in (first, hit):
        assert "Cookie" in response["Vary"]


def test_error_pages_are_not_stored():
    url = reverse("catalog:detail", args=["coming-soon"])
    assert Client().get(url).status_code == 404
    ProductFactory(slug="coming-soon")
    assert Client().get(url).status_code == 200


def test_page_cache_seconds_zero_renders_every_time(settings):
    settings.PAGE_CACHE_SECONDS = 0
    Client().get(LIST)
    again = Client().get(LIST)
    assert not served_from_cache(again)
    assert "public" in again["Cache-Control"]  # browsers may still keep it


@pytest.mark.parametrize("count", [1, 50])
def test_a_stored_page_costs_the_same_whatever_the_data(django_assert_max_num_queries, count):
    Product.objects.all().delete()
    ProductFactory.create_batch(count)
    Client().get(LIST)
    # The database cache: the header list, then the page and the version together (no
    # query at all with Redis).
    with django_assert_max_num_queries(2):
        response = Client().get(LIST)
    assert served_from_cache(response)


def test_a_stored_page_goes_out_before_sessions_log_in_and_the_view_stack():
    Client().get(LIST)
    with (
        mock.patch.object(BaseHandler, "resolve_request", side_effect=AssertionError("routed")),
        mock.patch.object(SessionMiddleware, "process_request", side_effect=AssertionError),
    ):
        hit = Client().get(LIST)
    assert served_from_cache(hit) and hit.status_code == 200
    # The outer middleware still dresses it: security headers, CSP, ETag, Vary.
    assert hit["X-Content-Type-Options"] == "nosniff"
    assert hit.has_header("Content-Security-Policy") and hit.has_header("ETag")
    assert "Cookie" in hit["Vary"] and "public" in hit["Cache-Control"]


def test_a_miss_renders_once_and_stores_once():
    calls = []
    real = CacheMiddleware.process_response

    def counted(self, request, response):
        calls.append(request.path)
        return real(self, request, response)

    with mock.patch.object(CacheMiddleware, "process_response", counted):
        first = Client().get(LIST)
    assert not served_from_cache(first) and calls == [LIST]
    assert served_from_cache(Client().get(LIST))


def test_a_page_rendered_while_an_edit_commits_is_not_served_after_it():
    """The version is read before the view renders: a page built from the rows before an
    edit is stored under the version before it, so it is never served as current."""
    url = reverse("guide:index")
    real = guide_views.render

    def render_then_the_edit_commits(*args, **kwargs):
        response = real(*args, **kwargs)
        publicpages.bump_public_version()
        return response

    with mock.patch.object(guide_views, "render", render_then_the_edit_commits):
        Client().get(url)
    assert not served_from_cache(Client().get(url))
    assert served_from_cache(Client().get(url))


def test_a_head_request_gets_the_stored_page_headers():
    Client().get(LIST)
    head = Client().head(LIST)
    assert served_from_cache(head) and head.status_code == 200
    assert head.content == b"" and head.has_header("ETag")


def test_every_public_page_is_served_stored_the_second_time():
    """PublicPageMiddleware finds each @public_page view by its address: a decorator above
    it that hid the mark would leave that page rendered on every request."""
    world = build_world()
    rows = [p for p in pages(world) if p.who == ANONYMOUS and is_public(p.url)]
    assert len(rows) >= 10
    for page in rows:
        Client().get(page.url)
        again = Client().get(page.url)
        assert again.status_code == 200 and served_from_cache(again), page.label


@pytest.mark.parametrize("name", ["healthz", "account_login", "routines:today", "routines:history"])
def test_pages_that_are_never_stored_are_never_looked_up(name):
    with mock.patch.object(publicpages, "stored_page", side_effect=AssertionError) as lookup:
        response = Client().get(reverse(name))
    assert response.status_code in (200, 302)
    assert not lookup.called
    with mock.patch.object(publicpages, "stored_page", wraps=publicpages.stored_page) as lookup:
        Client().get(LIST)
    assert lookup.called
