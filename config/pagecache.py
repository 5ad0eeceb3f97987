"""Whole-page cache for anonymous readers, safe with per-request CSRF tokens and CSP nonces.

``@cache_anonymous_page`` serves a stored copy of a public GET page to visitors who carry
no session and no flash messages — the only visitors whose page is the same for everyone.
A signed-in user always has a session cookie, so their pages are never stored or served
from here; nor are the pages of anonymous visitors with a session (e.g. a compare list).

Two parts of every page are per request and must never travel between visitors:

* the CSRF token (base.html's ``hx-headers`` and any ``{% csrf_token %}``): before storing,
  every token that unmasks to the current visitor's CSRF secret is swapped for a
  placeholder; a cache hit fills in a fresh token for *that* visitor (setting their CSRF
  cookie exactly as a rendered page would);
* the CSP nonce: swapped for a placeholder the same way and refilled with the new
  request's nonce, which the CSP middleware then puts in the header.

A page is stored only if, after the swap, nothing that looks like a token of this visitor
is left (belt and braces), and only for 200 responses that set no cookie of their own.

Invalidation: every key carries a generation number kept in the same shared cache
(``caches["pages"]``, file based so all gunicorn workers see one state). It is bumped

* by ``save()``/``delete()`` of every public-content model (``InvalidatesCachedPages``
  mixin: guide articles, FAQ, glossary; catalog products, brands, concerns, ingredients),
  once at once and once again when the transaction commits;
* by any POST a staff user makes under /admin/ (``AdminEditsInvalidatePagesMiddleware``),
  which also covers bulk deletes, admin actions and many-to-many edits.

Writes that bypass both (``bulk_create``/``update()`` in a script) show after at most
``PAGE_CACHE_SECONDS`` (default 60).

Private pages (``@cache_private_page``, on the signed-in Today and History) are stored per
user, in each worker's own memory (``caches["private_pages"]``, never on disk), under a key
made of the user's id, the user's *stamp*, the public generation above, the view's own
extra part (the user's local date) and the request. The stamp is a random value kept in
the shared cache; ``WritesInvalidatePrivatePagesMiddleware`` replaces it after every
non-GET request a signed-in user makes (so after every change they make, in any worker),
and a missing stamp is replaced by a new one, never by a default, so a lost or expired
stamp can only cause a miss. The same CSRF-token and nonce swap as above applies, and
nothing is stored or served while a flash message is pending. Writes made outside a
request show after at most ``PRIVATE_PAGE_CACHE_SECONDS`` (default 120).
"""

import hashlib
import re
import secrets
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.urls import reverse

from config.messages import messages_cookie_name

CSRF_PLACEHOLDER = "__cellwise_csrf_token__"
NONCE_PLACEHOLDER = "__cellwise_csp_nonce__"
GENERATION_KEY = "pagecache:generation"
USER_STAMP_KEY = "pagecache:user-stamp:{}"
# Stamps and remembered facts only matter while stored private pages live (minutes); an
# expired one is replaced by a new random stamp, which only causes a miss. Kept short so the
# shared directory holds few of them.
USER_STAMP_SECONDS = 15 * 60
_TOKEN_LIKE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
_VARIANT_HEADERS = ("HX-Request", "HX-Boosted", "HX-History-Restore-Request", "HX-Target")


def _cache():
    return caches["pages"]


def _timeout() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 60)


def invalidate_all() -> None:
    """Make every stored page stale (a new generation; old entries expire on their own)."""
    cache = _cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, timeout=None)


class InvalidatesCachedPages:
    """Model mixin: saving or deleting a row makes every cached page stale (no signals)."""

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        _invalidate_now_and_on_commit()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        _invalidate_now_and_on_commit()
        return result


def _invalidate_now_and_on_commit() -> None:
    # Now, for this request; again at commit, so a page rendered from the old rows between
    # the two is not kept either.
    invalidate_all()
    transaction.on_commit(invalidate_all)


def _messages_pending(request) -> bool:
    # An emptied cookie (a client that keeps expired cookies) holds no message.
    return bool(request.COOKIES.get(messages_cookie_name()))


def _is_cacheable_request(request) -> bool:
    if request.method != "GET" or _timeout() <= 0:
        return False
    cookies = request.COOKIES
    # A pending flash message (in its cookie, or in a session) makes the page personal.
    if settings.SESSION_COOKIE_NAME in cookies or _messages_pending(request):
        return False
    return not request.user.is_authenticated


def _request_digest(request, *extra: str) -> str:
    parts = [*extra, request.scheme, request.get_host(), request.get_full_path()]
    parts += [request.headers.get(name, "") for name in _VARIANT_HEADERS]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _generation():
    return _cache().get(GENERATION_KEY, 0)


def _key(request) -> str:
    return f"pagecache:{_generation()}:{_request_digest(request)}"


def _template_of(request, response) -> str | None:
    """The page with this visitor's CSRF token(s) and nonce replaced by placeholders."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    if "private" in response.get("Cache-Control", "") or "no-store" in response.get(
        "Cache-Control", ""
    ):
        return None
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return None
    messages = getattr(request, "_messages", None)
    if messages is not None and getattr(messages, "added_new", False):
        return None
    text = response.content.decode(response.charset)
    secret = request.META.get("CSRF_COOKIE")
    if secret:
        text = _TOKEN_LIKE.sub(
            lambda m: CSRF_PLACEHOLDER if _unmask_cipher_token(m[0]) == secret else m[0], text
        )
        if secret in text:
            return None
    nonce = getattr(request, "_csp_nonce", None)
    if nonce:
        text = text.replace(str(nonce), NONCE_PLACEHOLDER)
    return text


def _fill(request, text: str) -> str:
    if CSRF_PLACEHOLDER in text:
        text = text.replace(CSRF_PLACEHOLDER, get_token(request))
    if NONCE_PLACEHOLDER in text:
        text = text.replace(NONCE_PLACEHOLDER, str(request._csp_nonce))
    return text


def _serve_or_store(cache, key, timeout, view, request, args, kwargs):
    stored = cache.get(key)
    if stored is not None:
        headers, text = stored
        response = HttpResponse(_fill(request, text), headers=headers)
        response["X-Page-Cache"] = "hit"
        return response
    response = view(request, *args, **kwargs)
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    text = _template_of(request, response)
    if text is not None:
        cache.set(key, (dict(response.items()), text), timeout=timeout)
    return response


def cache_anonymous_page(view):
    """Serve anonymous GETs of `view` from the shared page cache (see the module docstring)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _is_cacheable_request(request):
            return view(request, *args, **kwargs)
        return _serve_or_store(_cache(), _key(request), _timeout(), view, request, args, kwargs)

    return wrapper


# Private pages -----------------------------------------------------------------------


def _private_timeout() -> int:
    return getattr(settings, "PRIVATE_PAGE_CACHE_SECONDS", 120)


def user_pages_changed(user_id) -> None:
    """Make every stored private page of this user stale, in every worker."""
    _cache().set(USER_STAMP_KEY.format(user_id), secrets.token_hex(16), USER_STAMP_SECONDS)


def _user_stamp(user_id) -> str | None:
    key = USER_STAMP_KEY.format(user_id)
    stamp = _cache().get(key)
    if stamp is None:
        # Never a fixed default: pages stored under a stamp that was lost stay unreachable.
        _cache().add(key, secrets.token_hex(16), USER_STAMP_SECONDS)
        stamp = _cache().get(key)
    return stamp


def _is_private_cacheable(request) -> bool:
    if request.method != "GET" or _private_timeout() <= 0:
        return False
    if not request.user.is_authenticated or _messages_pending(request):
        return False
    return "_messages" not in request.session  # messages that did not fit in the cookie


def cache_private_page(key_extra):
    """Serve a signed-in user's GETs of the view from their own stored copy, if still
    current. ``key_extra(request)`` names what else the page depends on (their local date).
    Put it inside ``login_required``."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _is_private_cacheable(request):
                return view(request, *args, **kwargs)
            user_id = request.user.pk
            stamp = _user_stamp(user_id)
            if stamp is None:
                return view(request, *args, **kwargs)
            request._private_page_scope = f"{user_id}:{stamp}:{_generation()}"
            digest = _request_digest(request, request._private_page_scope, key_extra(request))
            key = f"private:{user_id}:{digest}"
            cache = caches["private_pages"]
            return _serve_or_store(cache, key, _private_timeout(), view, request, args, kwargs)

        return wrapper

    return decorator


def remembered(request, name: str, compute):
    """A small fact about the signed-in user (their time zone, say) that a ``key_extra``
    needs, kept in the shared cache under their current stamp and the public generation,
    so it is computed again after any change they make or any admin save. Outside
    ``cache_private_page`` it is simply computed."""
    scope = getattr(request, "_private_page_scope", None)
    if scope is None:
        return compute()
    key = f"pagecache:remembered:{scope}:{name}"
    value = _cache().get(key)
    if value is None:
        value = compute()
        _cache().set(key, value, USER_STAMP_SECONDS)
    return value


class WritesInvalidatePrivatePagesMiddleware:
    """Any non-GET request by a signed-in user (every change is a POST) makes their stored
    pages stale, after the view has committed and before the response leaves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
                user = getattr(request, "user", None)
                if user is not None and user.is_authenticated:
                    user_pages_changed(user.pk)


class AdminEditsInvalidatePagesMiddleware:
    """Any POST a staff user makes under /admin/ (save, delete, action) drops cached pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "POST" and request.path.startswith(reverse("admin:index")):
            user = getattr(request, "user", None)
            if user is not None and user.is_staff:
                invalidate_all()
        return response
