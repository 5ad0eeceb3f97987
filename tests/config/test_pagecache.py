"""The anonymous page cache: shared bytes, never shared secrets, never stale after an edit."""

import re

import pytest
from django.conf import settings
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.urls import reverse

from tests.catalog.factories import ProductFactory
from tests.guide.factories import ArticleFactory

pytestmark = pytest.mark.django_db

# Anonymous pages carry tokens only inside their POST forms (here: "Add to compare").
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')
NONCE = re.compile(r'nonce="([^"]+)"')


def csrf_secret(client):
    return client.cookies[settings.CSRF_COOKIE_NAME].value


def test_second_visitor_gets_the_stored_page_with_their_own_token_and_nonce(
    django_assert_num_queries,
):
    product = ProductFactory(name="Cached serum")
    first, second = Client(), Client()
    one = first.get(product.get_absolute_url())
    with django_assert_num_queries(0):
        two = second.get(product.get_absolute_url())
    assert "X-Page-Cache" not in one and two["X-Page-Cache"] == "hit"
    assert "Cached serum" in two.content.decode()
    token_one = TOKEN.search(one.content.decode())[1]
    token_two = TOKEN.search(two.content.decode())[1]
    # Each page carries a token for its own visitor's CSRF cookie, never the other's.
    assert _unmask_cipher_token(token_one) == csrf_secret(first)
    assert _unmask_cipher_token(token_two) == csrf_secret(second)
    assert csrf_secret(first) != csrf_secret(second)
    assert csrf_secret(first) not in two.content.decode()
    # The nonce in the page is this response's nonce, and the CSP header allows exactly it.
    nonce_one = NONCE.search(one.content.decode())[1]
    nonce_two = NONCE.search(two.content.decode())[1]
    assert nonce_one != nonce_two
    assert f"'nonce-{nonce_two}'" in two["Content-Security-Policy"]
    assert "__cellwise_" not in two.content.decode()


def test_the_token_in_a_stored_page_passes_the_csrf_check():
    ProductFactory()
    Client().get(reverse("catalog:list"))
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(reverse("catalog:list"))
    assert page["X-Page-Cache"] == "hit"
    token = TOKEN.search(page.content.decode())[1]
    response = visitor.post(
        reverse("account_login"),
        {"username": "nobody", "password": "wrong", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 200  # a form error, not a 403 CSRF failure


def test_signed_in_pages_are_never_stored_nor_served_from_the_cache(owner_client, owner):
    owner_client.get(reverse("home"))
    anonymous = Client().get(reverse("home"))
    assert "Log out" not in anonymous.content.decode()
    assert owner.username not in anonymous.content.decode()
    again = owner_client.get(reverse("home"))
    assert "X-Page-Cache" not in again
    assert "Log out" in again.content.decode()
    assert "no-store" in again["Cache-Control"]


def test_a_visitor_with_a_session_bypasses_the_cache_both_ways():
    product = ProductFactory(name="Compared serum")
    Client().get(reverse("catalog:list"))  # stores the empty-comparison page
    comparing = Client()
    comparing.post(reverse("catalog:compare"), {"action": "add", "product": product.slug})
    mine = comparing.get(reverse("catalog:list"))
    assert "X-Page-Cache" not in mine
    assert mine.context["compare_count"] == 1
    theirs = Client().get(reverse("catalog:list"))
    assert theirs["X-Page-Cache"] == "hit"
    assert "Compare (1 of" in mine.content.decode()
    assert "Compare (0 of" in theirs.content.decode()


def test_full_page_and_htmx_fragment_are_stored_apart():
    ProductFactory()
    full = Client().get(reverse("catalog:list"))
    fragment = Client().get(reverse("catalog:list"), headers={"HX-Request": "true"})
    assert "<html" in full.content.decode() and "<html" not in fragment.content.decode()
    fragment_again = Client().get(reverse("catalog:list"), headers={"HX-Request": "true"})
    full_again = Client().get(reverse("catalog:list"))
    assert fragment_again["X-Page-Cache"] == full_again["X-Page-Cache"] == "hit"
    assert "<html" not in fragment_again.content.decode()
    assert "<html" in full_again.content.decode()
    assert "HX-Request" in full_again["Vary"]


def test_saving_content_drops_stored_pages():
    article = ArticleFactory(title="Old title")
    Client().get(article.get_absolute_url())
    article.title = "New title"
    article.save()
    html = Client().get(article.get_absolute_url()).content.decode()
    assert "New title" in html and "Old title" not in html


def test_an_admin_bulk_delete_drops_stored_pages(editor_client):
    product = ProductFactory(name="Soon deleted serum")
    assert "Soon deleted serum" in Client().get(reverse("catalog:list")).content.decode()
    response = editor_client.post(
        reverse("admin:catalog_product_changelist"),
        {"action": "delete_selected", "_selected_action": [product.pk], "post": "yes"},
    )
    assert response.status_code == 302
    after = Client().get(reverse("catalog:list"))
    assert "X-Page-Cache" not in after
    assert "Soon deleted serum" not in after.content.decode()


def test_an_admin_unpublish_action_shows_on_the_next_anonymous_request(editor_client):
    article = ArticleFactory(title="Soon hidden")
    assert Client().get(article.get_absolute_url()).status_code == 200
    assert Client().get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    response = editor_client.post(
        reverse("admin:guide_article_changelist"),
        {"action": "unpublish", "_selected_action": [article.pk]},
    )
    assert response.status_code == 302
    assert Client().get(article.get_absolute_url()).status_code == 404


def test_error_pages_are_not_stored():
    assert Client().get("/guide/no-such-article/").status_code == 404
    ArticleFactory(slug="no-such-article", title="Now it exists")
    assert "Now it exists" in Client().get("/guide/no-such-article/").content.decode()


def test_every_token_in_a_stored_catalog_page_belongs_to_the_visitor_served():
    ProductFactory.create_batch(3)
    first, second = Client(), Client()
    first.get(reverse("catalog:list"))
    page = second.get(reverse("catalog:list"))
    assert page["X-Page-Cache"] == "hit"
    html = page.content.decode()
    tokens = TOKEN.findall(html)
    assert len(tokens) >= 3  # one compare form per product
    assert {_unmask_cipher_token(t) for t in tokens} == {csrf_secret(second)}


def test_a_flash_message_is_never_hidden_by_a_stored_page(settings):
    """Log-out redirects home with a flash message; a stored home page must not swallow it."""
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.test import RequestFactory

    from config.messages import HostCookieStorage, messages_cookie_name

    settings.SESSION_COOKIE_SECURE = True  # production names: the cookie is __Host-messages
    Client().get(reverse("home"), secure=True)  # store the anonymous home page
    storage = HostCookieStorage(RequestFactory().get("/"))
    visitor = Client()
    visitor.cookies[messages_cookie_name()] = storage._encode(
        [Message(constants.INFO, "You are logged out.")]
    )
    response = visitor.get(reverse("home"), secure=True)
    assert response.get("X-Page-Cache") != "hit"
    assert "You are logged out." in response.content.decode()
