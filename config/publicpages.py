"""Pages that are the same for every anonymous reader, cached with Django's own tools.

``@public_page`` marks a GET view whose page carries nothing per request for a visitor
without a session: no CSRF token, no CSP nonce, no flash message (tests/quality walks them).

* A visitor with no session cookie and no pending message is an anonymous reader: the
  page comes from Django's cache framework (``CacheMiddleware`` on the shared ``default``
  cache, for ``PAGE_CACHE_SECONDS``) and is sent with ``Cache-Control: public,
  max-age=PUBLIC_PAGE_MAX_AGE``; ConditionalGetMiddleware adds the ETag and answers
  ``If-None-Match`` with 304.
* Anyone else (signed in, or with a session or message) gets the page rendered for them,
  marked ``private, no-store``, and nothing is stored.

``PublicPageMiddleware`` looks a stored page up as soon as static files are out of the way,
before sessions, CSRF and log-in, none of which a stored page needs: split as Django's
site-wide cache splits ``FetchFromCacheMiddleware`` from ``UpdateCacheMiddleware``. It
looks up only addresses that resolve to a ``@public_page`` view (the only views that
store), so other pages and ``/healthz`` never touch the cache. A miss goes on to the view,
which renders and stores through Django's ``CacheMiddleware``.

Content edits show at once on every host: each stored page carries the *public content
version* it was rendered at, a value in the shared cache that the admin's save paths
(``PublicContentAdmin``) and the commands that load content replace once their transaction
commits. A stored page whose version is not the current one is never served; the next
reader renders it again and stores it over the old copy. The lookup reads the page's
header list (Django's ``get_cache_key``), then the page and the version together in one
round trip. The version is read before the view renders, so a page rendered from rows
older than an edit carries the version from before it. A lost version key is replaced by
a new random one, never by a fixed default, so losing it only costs a miss.
"""

import secrets
import time
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.middleware.cache import CacheMiddleware
from django.urls import Resolver404, resolve
from django.utils.cache import (
    add_never_cache_headers,
    get_cache_key,
    get_max_age,
    patch_cache_control,
    patch_response_headers,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import parse_http_date_safe

from config.messages import messages_cookie_name

VERSION_KEY = "public-content-version"
# Django's cache key prefix for stored public pages (their header lists and the pages).
PAGE_KEY_PREFIX = "page"
# The page differs with these (a fragment for htmx, the whole page for a history restore),
# so they are part of the cache key and of Vary.
HTMX_HEADERS = ("HX-Request", "HX-Boosted", "HX-History-Restore-Request", "HX-Target")


def _new_version() -> str:
    return f"{time.time_ns():x}.{secrets.token_hex(4)}"


def public_version() -> str:
    """The current content version, from the shared cache (made on first use)."""
    cache = caches["default"]
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _new_version(), timeout=None)
        version = cache.get(VERSION_KEY)
    # A cache that keeps nothing (DummyCache) still never serves an old page.
    return version or _new_version()


def bump_public_version() -> None:
    """Make every cached public page stale on every host, now."""
    caches["default"].set(VERSION_KEY, _new_version(), timeout=None)


def public_content_changed() -> None:
    """Call after editing public content: the version changes when the edit commits, so a
    page rendered from the old rows before then is never stored under the new version."""
    transaction.on_commit(bump_public_version)


class PublicContentAdmin:
    """ModelAdmin mixin for public content: every admin save or delete bumps the version.

    Custom actions that write with ``update()`` call ``public_content_changed()`` themselves.
    """

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        public_content_changed()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        public_content_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        public_content_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        public_content_changed()


def is_anonymous_reader(request) -> bool:
    """A GET from a visitor without a session or a pending flash message."""
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and not cookies.get(messages_cookie_name())


def stored_page(request):
    """The stored copy of this page, if it was rendered at the current content version."""
    cache = caches["default"]
    key = get_cache_key(request, PAGE_KEY_PREFIX, "GET", cache=cache)
    if key is None:
        return None
    keys, head_key = [key, VERSION_KEY], None
    if request.method == "HEAD":
        # Django stores a HEAD's page under its own key; a GET's copy does for both.
        head_key = get_cache_key(request, PAGE_KEY_PREFIX, "HEAD", cache=cache)
        keys.append(head_key)
    found = cache.get_many(keys)
    page = found.get(key) or found.get(head_key)
    version = found.get(VERSION_KEY)
    if page is None or version is None or getattr(page, "public_version", None) != version:
        return None
    # As Django's FetchFromCacheMiddleware does: how old the copy is.
    max_age = get_max_age(page)
    expires = parse_http_date_safe(page["Expires"]) if page.has_header("Expires") else None
    if max_age is not None and expires is not None:
        page["Age"] = max(0, max_age - (expires - int(time.time())))
    return page


class PublicPageMiddleware:
    """Serve a stored public page to an anonymous reader before the rest of the stack runs.

    Goes below WhiteNoise and above SessionMiddleware. The outer middleware (security
    headers, CSP, ETag and 304) still sees every response, stored or not.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.PAGE_CACHE_SECONDS > 0
            and is_anonymous_reader(request)
            and _is_public_page(request.path_info)
        ):
            stored = stored_page(request)
            # What Django's fetch half tells its update half: store what the view renders.
            request._cache_update_cache = stored is None
            if stored is not None:
                patch_vary_headers(stored, ("Cookie",))
                return stored
        return self.get_response(request)


def _is_public_page(path: str) -> bool:
    """Whether `path` resolves to a ``@public_page`` view (20-50 µs here)."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return getattr(match.func, "is_public_page", False)


def _store(request, response, version: str):
    """Store `response` through Django's CacheMiddleware, marked with `version`."""
    response.public_version = version
    middleware = CacheMiddleware(
        lambda request: response,
        page_timeout=settings.PAGE_CACHE_SECONDS,
        key_prefix=PAGE_KEY_PREFIX,
        cache_alias="default",
    )
    return middleware.process_response(request, response)


def public_page(view):
    """Cache `view`'s page for anonymous readers (see the module docstring). Put it above
    every decorator that changes the response (Vary, say), below ``require_GET``."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_anonymous_reader(request):
            response = view(request, *args, **kwargs)
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
            return response

        def render_for_everyone(request):
            response = view(request, *args, **kwargs)
            patch_vary_headers(response, HTMX_HEADERS)
            if response.status_code == 200:
                patch_response_headers(response, settings.PUBLIC_PAGE_MAX_AGE)
                patch_cache_control(response, public=True)
                if not response.streaming:
                    # Stored with the page, so a hit is not hashed again on every request
                    # (ConditionalGetMiddleware only makes an ETag where there is none).
                    set_response_etag(response)
            return response

        if settings.PAGE_CACHE_SECONDS <= 0:
            response = render_for_everyone(request)
            patch_vary_headers(response, ("Cookie",))
            return response
        # Read before rendering: rows older than an edit go out under the older version.
        version = public_version()
        response = render_for_everyone(request)
        if getattr(request, "_cache_update_cache", False):  # a miss in PublicPageMiddleware
            response = _store(request, response, version)
        # Outside the key (every reader here has no session cookie), but on every copy, hit
        # or miss: a browser or proxy must not hand this page to the same visitor once
        # they have signed in.
        patch_vary_headers(response, ("Cookie",))
        return response

    # Read by PublicPageMiddleware; decorators above this one copy it (functools.wraps).
    wrapper.is_public_page = True
    return wrapper
