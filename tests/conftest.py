"""Test-only settings overrides and the small cast of users every test file shares."""

import os

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache

# Queries a signed-in request spends reading its session: one with database sessions (no
# REDIS_URL), none with cached_db sessions found in Redis.
SESSION_QUERIES = 0 if django_settings.SESSION_ENGINE.endswith("cached_db") else 1


@pytest.fixture(autouse=True)
def _test_settings(request, settings, django_db_blocker, tmp_path):
    """Serve static files without a collectstatic manifest; start every test with empty
    caches. The caches are the ones the environment picks (config/settings.py): Django's
    database cache, or Redis when REDIS_URL is set."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        # Progress photos go to this test's own folder, never to var/media/.
        "photos": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "photos")},
        },
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tasks (account mails) run inside the request, so a test sees mail.outbox at once;
    # tests/accounts/test_enumeration.py runs the site's background backend itself.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    yield
    # The database cache's table is not emptied by transactional tests' flush; Redis
    # outlives every test. A test without the database cannot have used the database cache.
    used_db = request.node.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    )
    with django_db_blocker.unblock():
        for cache in caches.all(initialized_only=True):
            if used_db or not isinstance(cache, DatabaseCache):
                cache.clear()


PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def owner(db):
    from tests.factories import UserFactory

    return UserFactory(password=PASSWORD)


@pytest.fixture
def other_user(db):
    from tests.factories import UserFactory

    return UserFactory(password=PASSWORD)


@pytest.fixture
def editor(db):
    from tests.factories import EditorFactory

    return EditorFactory(password=PASSWORD)


@pytest.fixture
def anon_client(client):
    return client


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def other_client(db, other_user):
    from django.test import Client

    c = Client()
    c.force_login(other_user)
    return c


@pytest.fixture
def editor_client(db, editor):
    from django.test import Client

    c = Client()
    c.force_login(editor)
    return c


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """SQLite's test database is a file, not shared memory: the live server's threads then
    each get their own connection, as in production, instead of sharing one (a page that
    loads several private images at once made that shared connection fail)."""
    for alias, db in django_settings.DATABASES.items():
        if db["ENGINE"].endswith("sqlite3"):
            db.setdefault("TEST", {})
            db["TEST"]["NAME"] = str(
                django_settings.BASE_DIR / "var" / f"test-{alias}-{os.getpid()}.sqlite3"
            )


@pytest.fixture
def redis_url():
    """REDIS_URL if its server answers; the test is skipped otherwise (CI sets it)."""
    import redis

    url = os.environ.get("REDIS_URL", "")
    try:
        if url:
            redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        url = ""
    if not url:
        pytest.skip("REDIS_URL is unset or its server does not answer (CI sets it)")
    return url
