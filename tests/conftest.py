"""Test-only settings overrides and the small cast of users every test file shares."""

import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Serve static files without a collectstatic manifest and isolate the throttle cache."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "throttle"),
            "TIMEOUT": settings.LOGIN_COOLOFF_SECONDS,
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "pages"),
        },
        "sessions": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "sessions"),
        },
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tasks (account mails) run inside the request, so a test sees mail.outbox at once;
    # tests/accounts/test_enumeration.py runs the site's background backend itself.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    yield
    for cache in caches.all(initialized_only=True):
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
