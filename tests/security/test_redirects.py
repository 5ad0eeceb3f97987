"""`next` parameters only ever lead to a path on this site, and never crash a view."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from config.redirects import safe_next


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        ("/routines/", "/routines/"),
        ("/catalog/?q=a%00b", "/catalog/?q=a%00b"),
        ("", None),
        (None, None),
        ("abc", None),  # redirect() would read it as a view name: NoReverseMatch, a 500
        ("a\x00b", None),
        ("/a\x00b", None),
        ("/a\r\nSet-Cookie: x=1", None),
        ("//evil.example/", None),
        ("/\\evil.example/", None),
        ("https://evil.example/", None),
        ("http://testserver/routines/", None),
        ("javascript:alert(1)", None),
    ],
)
def test_safe_next(candidate, expected):
    request = RequestFactory().get("/")
    assert safe_next(request, candidate) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["abc", "a\x00b", "//evil.example/", "https://evil.example/"])
def test_bad_next_falls_back(bad, owner_client, client):
    response = owner_client.get(reverse("account_login"), {"next": bad})
    assert response.status_code == 302 and response.url == reverse("routines:today")
