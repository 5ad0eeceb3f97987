"""No GET changes anything; every state change is a POST that needs the CSRF token."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.access import ACCESS, ADMIN_FAMILY, LOGIN
from tests.security.state import snapshot

# Django's reset link moves its token into a new session and redirects (so the token never
# leaks through Referer): the only GET allowed to create a row, and only a session.
MAY_START_SESSION = {"account_reset_password_from_key"}
PAGES = sorted(key for key in ACCESS if key != ADMIN_FAMILY)
POSTS = sorted(key for key, row in ACCESS.items() if row.post)


def url_for(key, world):
    return reverse(key, kwargs=ACCESS[key].kwargs(world))


@pytest.mark.django_db
@pytest.mark.parametrize("key", PAGES)
def test_get_changes_nothing(key, world, clients):
    url = url_for(key, world)
    before = snapshot()
    for role in ("owner", "anon", "other"):
        clients[role].get(url)
        clients[role].get(url, headers={"HX-Request": "true"})
        clients[role].head(url)
    after = snapshot()
    if key in MAY_START_SESSION:
        after["sessions.Session"] = before["sessions.Session"]
    assert after == before, f"GET {url} changed stored data"


def strict_client(key, owner):
    """A client that enforces CSRF like a browser, signed in when the view needs it."""
    strict = Client(enforce_csrf_checks=True)
    if ACCESS[key].anon == LOGIN:
        strict.force_login(owner)
    return strict


@pytest.mark.django_db
@pytest.mark.parametrize("key", POSTS)
def test_post_without_csrf_token_is_refused(key, world, owner):
    url = url_for(key, world)
    strict = strict_client(key, owner)
    before = snapshot()
    response = strict.post(url, ACCESS[key].post(world))
    assert response.status_code == 403, (url, response.status_code)
    htmx = strict.post(url, ACCESS[key].post(world), headers={"HX-Request": "true"})
    assert htmx.status_code == 403
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("key", POSTS)
def test_post_with_csrf_token_is_accepted(key, world, owner):
    """The refusals above come from CSRF, not from a bad body: with the token it works."""
    url = url_for(key, world)
    strict = strict_client(key, owner)
    signed_in = "_auth_user_id" in strict.session
    strict.get(reverse("accounts:settings" if signed_in else "account_login"))
    token_name = next(name for name in strict.cookies if "csrf" in name)
    data = {**ACCESS[key].post(world), "csrfmiddlewaretoken": strict.cookies[token_name].value}
    response = strict.post(url, data)
    assert response.status_code != 403, url
    assert response.status_code < 500
