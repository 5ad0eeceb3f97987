"""Every way a page can POST carries a CSRF token; pages that cannot POST set no CSRF cookie.

Signed-in pages put the token in ``<body hx-headers>`` for every htmx request. Anonymous
pages do not (base.html): each POST form carries its own ``csrfmiddlewaretoken`` field,
which htmx sends with the form too. This walks the whole page inventory.
"""

from html.parser import HTMLParser

import pytest
from django.conf import settings

from tests.quality.pages import ANONYMOUS, client_for, pages

UNSAFE_HX = ("hx-post", "hx-put", "hx-patch", "hx-delete")


class _PostPaths(HTMLParser):
    """Collects POST forms and htmx writers, and whether each can send a token."""

    def __init__(self):
        super().__init__()
        self.body_header = False
        self.forms: list[dict] = []  # the open forms, innermost last
        self.problems: list[str] = []
        self.post_paths = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "body":
            self.body_header = "X-CSRFToken" in (attrs.get("hx-headers") or "")
        if tag == "form":
            posts = (attrs.get("method") or "get").lower() == "post" or any(
                name in attrs for name in UNSAFE_HX
            )
            self.forms.append({"posts": posts, "token": False, "where": self.getpos()})
            self.post_paths += posts
        elif tag == "input" and attrs.get("name") == "csrfmiddlewaretoken" and self.forms:
            self.forms[-1]["token"] = bool(attrs.get("value"))
        elif any(name in attrs for name in UNSAFE_HX):
            self.post_paths += 1
            if not self.forms and not self.body_header:
                self.problems.append(
                    f"<{tag}> with an htmx write outside a form, line {self.getpos()[0]}"
                )

    def handle_endtag(self, tag):
        if tag == "form" and self.forms:
            form = self.forms.pop()
            if form["posts"] and not (form["token"] or self.body_header):
                self.problems.append(f"POST form without a token, line {form['where'][0]}")


@pytest.mark.django_db
def test_every_post_path_carries_a_token_and_readers_get_no_csrf_cookie(world):
    clients = {}
    problems, readers = [], 0
    for page in pages(world):
        client = clients.setdefault(page.who, client_for(page.who, world))
        if page.who == ANONYMOUS:
            client.cookies.pop(settings.CSRF_COOKIE_NAME, None)  # as on a first visit
        response = client.get(page.url, follow=True)
        parser = _PostPaths()
        parser.feed(response.content.decode())
        problems += [f"{page.label} ({page.who}): {p}" for p in parser.problems]
        if page.who != ANONYMOUS and not page.url.startswith("/admin/"):  # admin: own layout
            assert parser.body_header, f"{page.label}: signed-in pages send the htmx header"
        elif parser.post_paths == 0:
            readers += 1
            assert settings.CSRF_COOKIE_NAME not in response.cookies, (
                f"{page.label} cannot POST but set a CSRF cookie"
            )
    assert problems == []
    assert readers >= 5, "the guide pages and home have no form that posts"
