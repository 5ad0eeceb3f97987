"""Security headers on every page; production cookies; private pages never cached."""

import pytest
from django.urls import reverse

from tests.security.access import ACCESS, ADMIN_FAMILY

PAGES = sorted(key for key in ACCESS if key != ADMIN_FAMILY)
ONE_YEAR = 365 * 24 * 60 * 60


def csp_directives(header: str) -> dict[str, list[str]]:
    result = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            result[words[0]] = words[1:]
    return result


def assert_security_headers(response, url):
    csp = response.headers.get("Content-Security-Policy")
    assert csp, f"no CSP on {url}"
    directives = csp_directives(csp)
    assert directives["default-src"] == ["'none'"], csp
    assert directives["frame-ancestors"] == ["'none'"], csp
    assert directives["object-src"] == ["'none'"], csp
    assert directives["base-uri"] == ["'none'"], csp
    for name, sources in directives.items():
        for source in sources:
            assert not source.startswith("'unsafe-"), (url, name, source)
            assert source not in ("*", "http:", "https:"), (url, name, source)
            if name in ("script-src", "style-src", "connect-src", "form-action"):
                assert source == "'self'" or source.startswith("'nonce-"), (url, name, source)
    assert response.headers["X-Content-Type-Options"] == "nosniff", url
    assert response.headers["X-Frame-Options"] == "DENY", url
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin", url
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin", url
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin", url
    hsts = response.headers.get("Strict-Transport-Security", "")
    assert f"max-age={ONE_YEAR}" in hsts, (url, hsts)
    assert "includeSubDomains" in hsts


@pytest.mark.django_db
@pytest.mark.parametrize("key", PAGES)
def test_every_page_sends_the_security_headers(key, world, clients):
    url = reverse(key, kwargs=ACCESS[key].kwargs(world))
    for role in ("anon", "owner"):
        # secure=True: HSTS is only sent over HTTPS (production runs with DEBUG off, as here).
        response = clients[role].get(url, secure=True)
        assert_security_headers(response, f"{role} {url}")
        if role == "owner":
            cache_control = response.headers.get("Cache-Control", "")
            assert "no-store" in cache_control and "private" in cache_control, (url, cache_control)


@pytest.mark.django_db
def test_admin_and_static_and_errors_send_the_headers_too(clients):
    for url in (reverse("admin:index"), reverse("admin:login"), "/static/css/site.css", "/nope/"):
        assert_security_headers(clients["editor"].get(url, secure=True), url)


def test_collected_static_files_send_the_headers_too(settings, tmp_path):
    """In production WhiteNoise answers /static/ itself, before most middleware runs."""
    from django.core.management import call_command
    from django.test import Client

    settings.STATIC_ROOT = tmp_path / "static"
    call_command("collectstatic", interactive=False, verbosity=0)
    response = Client().get("/static/css/site.css", secure=True)  # a new handler: sees the files
    assert response.status_code == 200
    assert response.streaming  # served from the file by WhiteNoise, not by a Django view
    assert_security_headers(response, "collected /static/css/site.css")


def test_hsts_only_in_production(settings):
    assert not settings.DEBUG, "the suite runs with production settings"
    assert settings.SECURE_HSTS_SECONDS == ONE_YEAR


def parse_set_cookie(response):
    """{name: Morsel} of the cookies a response sets."""
    return dict(response.cookies.items())


@pytest.mark.django_db
def test_production_cookies_from_a_real_login(client, owner, password):
    page = client.get(reverse("account_login"), secure=True)
    csrf = parse_set_cookie(page)["__Host-csrftoken"]
    response = client.post(
        reverse("account_login"),
        {"login": owner.email, "password": password},
        secure=True,
    )
    assert response.status_code == 302
    session = parse_set_cookie(response)["__Host-sessionid"]
    for morsel in (csrf, session):
        # __Host- cookies must be Secure, for path "/", with no Domain attribute.
        assert morsel["secure"] is True
        assert morsel["path"] == "/"
        assert not morsel["domain"]
        assert morsel["samesite"] == "Lax"
        assert morsel["httponly"] is True, morsel.key
    set_cookie = response.serialize_headers().decode()
    assert "sessionid=" not in set_cookie.replace("__Host-sessionid=", "")


@pytest.mark.django_db
def test_signed_out_public_pages_may_be_cached(client):
    """The no-store rule is for signed-in pages; public pages keep their normal caching."""
    response = client.get(reverse("guide:index"))
    assert "no-store" not in response.headers.get("Cache-Control", "")


@pytest.mark.django_db
def test_every_cookie_the_site_sets_is_a_host_cookie(client, other_user, password, world):
    """Session, CSRF and flash-message cookies: all __Host-, Secure, HttpOnly. Signed in as
    the user without a second factor (the world gives the owner a passkey)."""
    seen = {}
    responses = [
        client.get(reverse("account_login"), secure=True),
        client.post(
            reverse("account_login"), {"login": other_user.email, "password": password}, secure=True
        ),
        client.post(
            reverse("routines:routine_create"), {"name": "Morning", "period": "am"}, secure=True
        ),
        client.post(reverse("account_logout"), secure=True),
    ]
    for response in responses:
        assert response.status_code in (200, 302)
        # Deletions (empty value, Max-Age=0) carry no data; their flags do not matter.
        seen.update({k: m for k, m in parse_set_cookie(response).items() if m.value})
    assert {"__Host-sessionid", "__Host-csrftoken", "__Host-messages"} <= set(seen)
    for name, morsel in seen.items():
        assert name.startswith("__Host-"), name
        assert morsel["secure"] is True and morsel["httponly"] is True, name
