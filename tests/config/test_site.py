from unittest import mock

from django.db import DatabaseError
from django.urls import reverse


def test_home_links_to_the_three_areas(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("guide:index", "catalog:list", "account_signup"):
        assert f'href="{reverse(name)}"' in html
    assert "not medical advice" in html


def test_security_headers(client, db):
    response = client.get(reverse("home"))
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    for directive in (
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "default-src 'none'",
    ):
        assert directive in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


def test_htmx_script_is_a_same_origin_file_without_a_nonce(client, db):
    """Scripts come only from 'self' (static files), so pages carry no per-request nonce."""
    response = client.get(reverse("home"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self';" in csp + ";" and "nonce" not in csp
    html = response.content.decode()
    assert '<script src="/static/django_htmx/htmx-2.min.js" defer></script>' in html
    assert "nonce" not in html


def test_signed_in_pages_are_not_cached(owner_client):
    response = owner_client.get(reverse("routines:today"))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_healthz_ok(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_healthz_reports_database_failure(client, db):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=DatabaseError("down")
    ):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503


def test_anonymous_routines_redirects_to_login(client, db):
    response = client.get(reverse("routines:today"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_robots_txt(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Sitemap:" in response.content.decode()
