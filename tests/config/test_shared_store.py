"""One shared store for cache, sessions and throttle counters, chosen by the environment,
and our system check that warns when production would keep them per process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core import checks
from django.core.cache import caches

from config.checks import shared_state_check

ROOT = Path(__file__).resolve().parents[2]
LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
REDIS = "config.rediscache.RedisCache"
DATABASE = "django.core.cache.backends.db.DatabaseCache"

READ_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    "caches": {a: c["BACKEND"] for a, c in settings.CACHES.items()},
    "locations": {a: c.get("LOCATION", "") for a, c in settings.CACHES.items()},
    "session_engine": settings.SESSION_ENGINE,
    "session_cache": settings.SESSION_CACHE_ALIAS,
}))
"""


def settings_with(**env) -> dict:
    """config.settings as a fresh process with this environment would read them."""
    environ = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_DEBUG"}} | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SECRET_KEY": "x" * 50,
        **env,
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", "import django; django.setup()\n" + READ_SETTINGS],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if result.returncode:
        return {"error": result.stderr}
    return json.loads(result.stdout)


def test_redis_url_puts_cache_sessions_and_counters_in_redis():
    read = settings_with(REDIS_URL="redis://127.0.0.1:6390/0")
    assert read["caches"]["default"] == REDIS and read["caches"]["throttle"] == REDIS
    assert read["locations"]["throttle"] == "redis://127.0.0.1:6390/0"
    assert read["session_engine"] == "django.contrib.sessions.backends.cached_db"
    assert read["caches"][read["session_cache"]] == REDIS


def test_without_redis_production_uses_the_database():
    read = settings_with()
    assert read["caches"]["default"] == DATABASE and read["caches"]["throttle"] == DATABASE
    assert read["session_engine"] == "django.contrib.sessions.backends.db"


def test_local_memory_only_for_the_one_process_development_server():
    read = settings_with(DJANGO_DEBUG="1")
    assert read["caches"]["default"] == LOCMEM and read["caches"]["throttle"] == LOCMEM
    assert read["session_engine"] == "django.contrib.sessions.backends.db"


def test_a_malformed_redis_url_fails_at_start_up_with_a_clear_message():
    read = settings_with(REDIS_URL="127.0.0.1:6379")
    assert "REDIS_URL must start with redis://" in read["error"]


def test_nothing_the_site_needs_lives_in_files():
    for alias, config in settings.CACHES.items():
        assert "FileBasedCache" not in config["BACKEND"], alias
    for name in ("THROTTLE_CACHE_DIR", "PAGE_CACHE_DIR", "SESSION_CACHE_DIR"):
        assert not hasattr(settings, name)


@pytest.mark.django_db
def test_the_throttle_counters_share_the_sites_store():
    """accounts/throttle.py uses the "throttle" alias: the same engine as the default
    cache, under its own key prefix, so counters are shared by every worker and host."""
    throttle, default = settings.CACHES["throttle"], settings.CACHES["default"]
    assert throttle["BACKEND"] == default["BACKEND"] != LOCMEM
    assert throttle.get("LOCATION") == default.get("LOCATION")
    assert throttle["KEY_PREFIX"] != default["KEY_PREFIX"]
    caches["throttle"].set("probe", 1)
    assert caches["default"].get("probe") is None
    assert caches["throttle"].incr("probe") == 2


def ids(found):
    return [message.id for message in found]


def test_the_check_is_quiet_with_the_shipped_production_settings():
    assert not settings.DEBUG
    assert shared_state_check(None) == []


@pytest.mark.parametrize(
    "backend",
    [LOCMEM, "django.core.cache.backends.filebased.FileBasedCache"],
)
def test_the_check_warns_when_production_caches_are_per_process(settings, backend):
    settings.CACHES = {**settings.CACHES, "throttle": {"BACKEND": backend, "LOCATION": "x"}}
    found = shared_state_check(None)
    assert ids(found) == ["cellwise.W001"]
    assert isinstance(found[0], checks.Warning)
    assert "'throttle'" in found[0].msg and "REDIS_URL" in found[0].hint


@pytest.mark.parametrize(
    ("engine", "session_cache"),
    [
        ("django.contrib.sessions.backends.cached_db", LOCMEM),
        ("django.contrib.sessions.backends.cache", LOCMEM),
        ("django.contrib.sessions.backends.file", None),
    ],
)
def test_the_check_warns_when_sessions_are_per_process(settings, engine, session_cache):
    settings.SESSION_ENGINE = engine
    if session_cache:
        settings.CACHES = {**settings.CACHES, "sessions": {"BACKEND": session_cache}}
        settings.SESSION_CACHE_ALIAS = "sessions"
    assert ids(shared_state_check(None)) == ["cellwise.W002"]


def test_the_check_accepts_anything_under_debug(settings):
    settings.DEBUG = True
    settings.CACHES = {"default": {"BACKEND": LOCMEM}, "throttle": {"BACKEND": LOCMEM}}
    assert shared_state_check(None) == []


def test_the_check_is_registered_with_djangos_checks(settings):
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": LOCMEM}}
    assert "cellwise.W001" in ids(checks.run_checks(tags=[checks.Tags.caches]))


def test_the_render_cache_is_per_process_and_can_be_turned_off():
    # Rendered Markdown is derived and never stale, so each process may keep its own copy;
    # RENDER_CACHE_ENTRIES=0 (the benchmark's run with no cache at all) keeps none.
    assert settings_with()["caches"]["render"] == LOCMEM
    off = settings_with(RENDER_CACHE_ENTRIES="0")["caches"]
    assert off["render"] == "django.core.cache.backends.dummy.DummyCache"
    assert off["default"] == settings_with()["caches"]["default"]
    assert "whole number" in settings_with(RENDER_CACHE_ENTRIES="lots")["error"]
