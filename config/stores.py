"""The shared store behind the cache, the session cache and the login-throttle counters.

Several workers on several hosts must see one state, so nothing lives in a worker's memory
or in files under var/ (config/checks.py warns when it would):
- REDIS_URL set: Django's RedisCache (config/rediscache.py; counters are atomic there);
- otherwise, with DEBUG off: Django's DatabaseCache in the one database (its table comes from
  `manage.py createcachetable`, run after migrate; the test runner makes it itself);
- DEBUG on (`make run`, one process): local memory.
"""

from django.core.exceptions import ImproperlyConfigured

LOCMEM = "django.core.cache.backends.locmem.LocMemCache"


def shared_store(redis_url: str, *, debug: bool) -> dict:
    """The cache backend every host shares, chosen by the environment."""
    if redis_url:
        if not redis_url.startswith(("redis://", "rediss://", "unix://")):
            raise ImproperlyConfigured(
                f"REDIS_URL must start with redis://, rediss:// or unix://; got {redis_url!r}."
            )
        return {"BACKEND": "config.rediscache.RedisCache", "LOCATION": redis_url}
    if debug:
        return {"BACKEND": LOCMEM}
    return {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "cellwise_cache",
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }


def caches_for(redis_url: str, *, debug: bool, render_entries: int = 5000) -> dict:
    """Django's CACHES: three aliases, two of them on the shared store. `render_entries`
    bounds the per-process render cache; 0 turns it off (bench/run.sh's run with no cache)."""
    store = shared_store(redis_url, debug=debug)
    caches = {
        # Pages (Django's cache framework, config/publicpages.py), the content version, sessions.
        "default": {**store, "KEY_PREFIX": "cw"},
        # Login-failure counters (accounts/throttle.py): the same store, their own key prefix;
        # every counter is written with its own window's expiry.
        "throttle": {**store, "KEY_PREFIX": "throttle"},
        # Rendered Markdown of guide rows (guide/models.py), keyed by each row's updated_at:
        # derived from the database and never stale, so every process may keep its own copy.
        "render": (
            {
                "BACKEND": LOCMEM,
                "LOCATION": "cellwise-render",
                "OPTIONS": {"MAX_ENTRIES": render_entries},
            }
            if render_entries > 0
            else {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
        ),
    }
    if store["BACKEND"] == LOCMEM:
        caches["default"]["LOCATION"] = "cellwise-default"
        caches["throttle"]["LOCATION"] = "cellwise-throttle"
    return caches
