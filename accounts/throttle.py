"""Login throttling: per-account and per-IP failure counters with a temporary cool-off.

Counters live in the shared "throttle" cache so every worker process sees them. The
same answer is given for known and unknown emails, so the throttle reveals nothing.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches


def _cache():
    return caches["throttle"]


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"login-fail:{kind}:{digest}"


def client_ip(request) -> str:
    # Behind a proxy, configure it to overwrite REMOTE_ADDR; we never trust X-Forwarded-For.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def is_locked_out(email: str, ip: str) -> bool:
    """True while either counter is at or past its limit (until the cool-off expires)."""
    cache = _cache()
    account = cache.get(_key("account", email), 0) if email else 0
    by_ip = cache.get(_key("ip", ip), 0)
    return account >= settings.LOGIN_FAILURES_PER_ACCOUNT or by_ip >= settings.LOGIN_FAILURES_PER_IP


def record_failure(email: str, ip: str) -> None:
    cache = _cache()
    timeout = settings.LOGIN_COOLOFF_SECONDS
    keys = [_key("ip", ip)] + ([_key("account", email)] if email else [])
    for key in keys:
        # add() starts the window; incr() keeps its original expiry.
        if not cache.add(key, 1, timeout):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout)


def reset(email: str) -> None:
    """A successful login clears that account's counter (not the IP's)."""
    if email:
        _cache().delete(_key("account", email))
