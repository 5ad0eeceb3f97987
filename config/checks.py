"""System checks of our own: shared state must live on a shared engine in production."""

from django.conf import settings
from django.core import checks

# Stores that only one worker process (or one host) can see.
PER_PROCESS_CACHES = frozenset(
    {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.filebased.FileBasedCache",
        "django.core.cache.backends.dummy.DummyCache",
    }
)
CACHE_SESSION_ENGINES = frozenset(
    {
        "django.contrib.sessions.backends.cache",
        "django.contrib.sessions.backends.cached_db",
    }
)
SHARED_ALIASES = ("default", "throttle")


@checks.register(checks.Tags.caches)
def shared_state_check(app_configs, **kwargs):
    """Warn when DEBUG is off and the cache, counters or sessions are not shared."""
    if settings.DEBUG:
        return []  # `make run`: one process, local memory is fine
    found = []
    for alias in SHARED_ALIASES:
        backend = settings.CACHES.get(alias, {}).get("BACKEND", "")
        if backend in PER_PROCESS_CACHES:
            found.append(
                checks.Warning(
                    f"The {alias!r} cache uses {backend.rsplit('.', 1)[-1]}, which other "
                    "worker processes and hosts cannot see.",
                    hint="Set REDIS_URL, or leave it unset for Django's database cache "
                    "(run `manage.py createcachetable`).",
                    id="cellwise.W001",
                )
            )
    engine = settings.SESSION_ENGINE
    session_cache = settings.CACHES.get(settings.SESSION_CACHE_ALIAS, {}).get("BACKEND", "")
    if engine == "django.contrib.sessions.backends.file" or (
        engine in CACHE_SESSION_ENGINES and session_cache in PER_PROCESS_CACHES
    ):
        found.append(
            checks.Warning(
                f"Sessions ({engine.rsplit('.', 1)[-1]}) are kept where other worker "
                "processes and hosts cannot see them: signing out on one would not end "
                "the session on another.",
                hint="Use database sessions, or cached_db with REDIS_URL set.",
                id="cellwise.W002",
            )
        )
    return found
