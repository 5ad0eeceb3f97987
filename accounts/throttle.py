"""Login throttling without lock-out: fixed-window failure counters on the shared cache.

Three limits, each counted in a fixed window whose number is part of the cache key, so a
window never slides: it ends on the clock, however many typos came before.

| limit | default | stops |
|---|---|---|
| account + address | 10 per 15 minutes | guessing one account's password from one place |
| address | 50 per 15 minutes | one place trying many accounts (password spraying) |
| account | 100 per hour | one account guessed from many places (a botnet) |

Why an attacker elsewhere cannot keep the owner out of their own account: the first two
limits are keyed by the attacker's own address, so they only ever stop the attacker. The
account-wide limit counts failures from everywhere, but it is not applied at an address
from which the account signed in successfully in the last LOGIN_KNOWN_ADDRESS_DAYS (30)
days, or where its password was just reset. So while a botnet spends the account's 100
failures, the owner still signs in from home; at a new address they can reset the password
(the reset remembers that address) or wait for the hour to end. A fixed window lets at most
twice a limit through around a window boundary; that is the price of never sliding.

The client address is the peer address, or with TRUSTED_PROXY_COUNT = N (the number of
proxies in front of the app that append to X-Forwarded-For) the N-th entry from the right
of that header: what the outermost trusted proxy saw. Entries further left are chosen by
the client and ignored. IPv6 addresses count per /64, the block one subscriber gets.

Check and count are one step. `check()` counts the attempt *before* the password is
checked: `cache.add()` starts a window's counter and `cache.incr()` adds to it, and the
attempt goes ahead only if its own count is within the limit. Both calls are atomic on
Redis and in local memory; the database cache's `incr()` is a read then a write, so there
it runs under a short lock taken with `add()` (an INSERT guarded by the primary key). So
30 simultaneous tries against a limit of 10 check at most 10 passwords. A refused attempt
is taken back at once (it checks no password, so it is no failure); a successful sign-in
takes its attempt back with `clear()`.

API (any cache backend with an atomic add(): Redis, database, local memory):

    refusal = throttle.check(request, email)    # before the password is checked
    if refusal:                                  # -> 429, refusal.message, Retry-After
        ...
    elif password_ok:
        throttle.clear(request, email)           # takes the attempt back, trusts the address
    else:
        throttle.record_failure(request, email)  # the attempt stays counted

    throttle.trust(request, email)               # after a password reset from this address

django-allauth (accounts/adapter.py): `pre_authenticate` calls `check()` and raises with
`refusal.message`, `authentication_failed` calls `record_failure()`, a successful
`authenticate()` calls `clear()`, a completed password reset calls `trust()`, and
allauth's own "login_failed" rate limit is off (it is per email from everywhere, the
lock-out this module avoids).
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.utils.crypto import salted_hmac

log = logging.getLogger("cellwise.auth")

ACCOUNT_AND_ADDRESS = "account_and_address"
ADDRESS = "address"
ACCOUNT = "account"

# Counters outlive their window by this much, so none expires while it is still counted.
_GRACE_SECONDS = 60
_LOCK_SECONDS = 5
_LOCK_WAIT_SECONDS = 2.0
_RESERVATION = "_cellwise_login_attempt"
_REFUSED = "refused"
_SETTLED = "settled"


def _cache() -> BaseCache:
    return caches["throttle"]


# ---------------------------------------------------------------- the client's address


def client_ip(request) -> str:
    """The client's IP address: what the outermost trusted proxy saw, or the peer address."""
    peer = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    candidate = peer
    if count > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        # Fewer entries than trusted proxies: the request did not come through all of them,
        # so nothing in the header can be trusted.
        if len(hops) >= count:
            candidate = hops[-count]
    return _single(candidate) or _single(peer) or "unknown"


def client_address(request) -> str:
    """The address the throttle counts: client_ip(), IPv6 grouped by its /64."""
    ip = client_ip(request)
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return ip


def _single(value: str) -> str:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.9:51234"
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return ""
    if address.version == 6 and address.ipv4_mapped:
        return str(address.ipv4_mapped)
    return str(address)


# ---------------------------------------------------------------- limits and keys


@dataclass(frozen=True)
class _Limit:
    scope: str
    limit: int
    window: int  # seconds


def _limits() -> list[_Limit]:
    # The order is the order of checking: the narrowest first, so the message names the
    # most specific reason.
    return [
        _Limit(
            ACCOUNT_AND_ADDRESS,
            settings.LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS,
            settings.LOGIN_WINDOW_SECONDS,
        ),
        _Limit(ADDRESS, settings.LOGIN_FAILURES_PER_ADDRESS, settings.LOGIN_WINDOW_SECONDS),
        _Limit(ACCOUNT, settings.LOGIN_FAILURES_PER_ACCOUNT, settings.LOGIN_ACCOUNT_WINDOW_SECONDS),
    ]


def _digest(*parts: str) -> str:
    # Keyed hash: the shared store holds neither email addresses nor client addresses.
    return salted_hmac("accounts.throttle", "\x1f".join(parts), algorithm="sha256").hexdigest()[:32]


def _subject(scope: str, email: str, address: str) -> str | None:
    if scope == ADDRESS:
        return _digest(ADDRESS, address)
    if not email:
        return None
    if scope == ACCOUNT:
        return _digest(ACCOUNT, email)
    return _digest(ACCOUNT_AND_ADDRESS, email, address)


def _window(limit: _Limit, now: float) -> tuple[int, int]:
    """(window number, seconds until it ends)."""
    number = int(now // limit.window)
    return number, max(1, math.ceil((number + 1) * limit.window - now))


def _counter_key(limit: _Limit, subject: str, now: float) -> tuple[str, int]:
    number, remaining = _window(limit, now)
    return f"login:{limit.scope}:{limit.window}:{number}:{subject}", remaining


def _known_key(email: str, address: str) -> str:
    return f"login:known:{_digest('known', email, address)}"


def _normal_email(email: str) -> str:
    return (email or "").strip().lower()


# ---------------------------------------------------------------- atomic counting


def _incr_is_atomic(cache: BaseCache) -> bool:
    # Redis (INCRBY), local memory (a lock) and memcached override incr(); the database
    # and file caches inherit BaseCache's get-then-set.
    return type(cache).incr is not BaseCache.incr


@contextlib.contextmanager
def _lock(cache: BaseCache, key: str):
    """A short lock taken with add(), for backends whose incr() is a read then a write."""
    lock = f"{key}:lock"
    deadline = time.monotonic() + _LOCK_WAIT_SECONDS
    pause = 0.005
    while not cache.add(lock, 1, _LOCK_SECONDS):
        if time.monotonic() > deadline:
            # A holder that died leaves the lock for _LOCK_SECONDS at most; rather than
            # refuse a sign-in, count without it (at worst one attempt too many).
            log.warning("login_throttle_lock_timeout")
            yield
            return
        time.sleep(pause)
        pause = min(pause * 2, 0.05)
    try:
        yield
    finally:
        cache.delete(lock)


def _timeout(expires_at: float) -> int:
    return max(1, math.ceil(expires_at - time.time()))


def _add_one(cache: BaseCache, key: str, expires_at: float) -> int:
    """Add one to the counter and return its new value, atomically."""
    if _incr_is_atomic(cache):
        for _ in range(3):
            if cache.add(key, 1, _timeout(expires_at)):
                return 1
            try:
                return cache.incr(key)
            except ValueError:  # expired or cleared between add() and incr(): start again
                continue
        return 1
    # BaseCache.incr() would also reset the expiry to the cache's default timeout.
    with _lock(cache, key):
        value = (cache.get(key) or 0) + 1
        cache.set(key, value, _timeout(expires_at))
        return value


def _take_back(cache: BaseCache, key: str, expires_at: float) -> None:
    if _incr_is_atomic(cache):
        with contextlib.suppress(ValueError):
            cache.decr(key)
        return
    with _lock(cache, key):
        value = cache.get(key)
        if value:
            cache.set(key, value - 1, _timeout(expires_at))


# ---------------------------------------------------------------- the API


@dataclass(frozen=True)
class Refusal:
    """Why a sign-in attempt is refused, for whom, and for how long."""

    scope: str
    retry_after: int  # seconds until the window ends

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))

    @property
    def message(self) -> str:
        wait = f"about {self.minutes} minute{'s' if self.minutes != 1 else ''}"
        if self.scope == ACCOUNT_AND_ADDRESS:
            return (
                "Too many failed attempts to log in to this account from your network. "
                f"Logging in to it from here is paused for {wait}. "
                "You can reset your password meanwhile."
            )
        if self.scope == ADDRESS:
            return (
                "Too many failed attempts to log in from your network, to any account. "
                f"Logging in from here is paused for {wait}."
            )
        return (
            "Too many failed attempts to log in to this account from other places. "
            f"For {wait} it can only be logged in to from a network it was used on "
            "before. Resetting your password lets you in from here."
        )


def check(request, email: str) -> Refusal | None:
    """Count this attempt before its password is checked; a Refusal if over a limit.

    Call once per attempt. A refused attempt is not counted.
    """
    email = _normal_email(email)
    address = client_address(request)
    cache = _cache()
    now = time.time()
    known = None
    counted: list[tuple[str, float]] = []
    for limit in _limits():
        subject = _subject(limit.scope, email, address)
        if subject is None:
            continue
        key, remaining = _counter_key(limit, subject, now)
        expires_at = now + remaining + _GRACE_SECONDS
        count = _add_one(cache, key, expires_at)
        counted.append((key, expires_at))
        if count <= limit.limit:
            continue
        if limit.scope == ACCOUNT:
            if known is None:
                known = cache.get(_known_key(email, address)) is not None
            if known:
                continue  # the owner's own network: counted, never refused
        for taken in counted:
            _take_back(cache, *taken)
        setattr(request, _RESERVATION, _REFUSED)
        return Refusal(limit.scope, remaining)
    setattr(request, _RESERVATION, (email, counted))
    return None


def record_failure(request, email: str) -> None:
    """The password was wrong: the attempt `check()` counted stays counted.

    Without an earlier `check()` on this request, the failure is counted now.
    """
    reservation = getattr(request, _RESERVATION, None)
    if reservation is None or (
        isinstance(reservation, tuple) and reservation[0] != _normal_email(email)
    ):
        check(request, email)
    setattr(request, _RESERVATION, _SETTLED)


def clear(request, email: str) -> None:
    """Signed in: take the attempt back, forget this address's failures for the account,
    and remember the address as the owner's (the account-wide limit skips it)."""
    email = _normal_email(email)
    cache = _cache()
    reservation = getattr(request, _RESERVATION, None)
    setattr(request, _RESERVATION, _SETTLED)
    if isinstance(reservation, tuple) and reservation[0] == email:
        for taken in reservation[1]:
            _take_back(cache, *taken)
    if email:
        pair = _limits()[0]
        subject = _subject(pair.scope, email, client_address(request))
        cache.delete(_counter_key(pair, subject, time.time())[0])
        trust(request, email)


def trust(request, email: str) -> None:
    """Remember the request's address as one the account's owner uses."""
    email = _normal_email(email)
    if email:
        _cache().set(
            _known_key(email, client_address(request)),
            1,
            settings.LOGIN_KNOWN_ADDRESS_DAYS * 24 * 3600,
        )
