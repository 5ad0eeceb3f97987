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
before sessions, CSRF, log-in and URL routing, none of which a stored page needs: split as
Django's site-wide cache splits ``FetchFromCacheMiddleware`` from ``UpdateCacheMiddleware``,
except that only ``@public_page`` views ever store. A miss goes on to the view as before.

Content edits show at once on every host: the cache key carries the *public content version*,
a value in the shared cache that the admin's save paths (``PublicContentAdmin``) and the
commands that load content replace once their transaction commits. Old pages are then
never looked up again and expire on their own. A lost version key is replaced by a new
random one, never by a fixed default, so losing it only costs a miss.
"""

import secrets
import time
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.middleware.cache import CacheMiddleware
from django.utils.cache import (
    add_never_cache_headers,
    patch_cache_control,
    patch_response_headers,
    patch_vary_headers,
    set_response_etag,
)

from config.messages import messages_cookie_name

VERSION_KEY = "public-content-version"
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


def page_cache(get_response) -> CacheMiddleware:
    """Django's cache middleware for public pages, keyed by the current content version."""
    return CacheMiddleware(
        get_response,
        page_timeout=settings.PAGE_CACHE_SECONDS,
        key_prefix=f"page.{public_version()}",
        cache_alias="default",
    )


class PublicPageMiddleware:
    """Serve a stored public page to an anonymous reader before the rest of the stack runs.

    Goes below WhiteNoise and above SessionMiddleware. The outer middleware (security
    headers, CSP, ETag and 304) still sees every response, stored or not.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.PAGE_CACHE_SECONDS > 0 and is_anonymous_reader(request):
            stored = page_cache(self.get_response).process_request(request)
            if stored is not None:
                patch_vary_headers(stored, ("Cookie",))
                return stored
        return self.get_response(request)


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
        # Looks up once more (a miss in PublicPageMiddleware, or a stack without it), then
        # renders and stores.
        response = page_cache(render_for_everyone)(request)
        # Outside the key (every reader here has no session cookie), but on every copy, hit
        # or miss: a browser or proxy must not hand this page to the same visitor once
        # they have signed in.
        patch_vary_headers(response, ("Cookie",))
        return response

    return wrapper
