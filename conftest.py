"""Environment for the test run, set before pytest-django imports config.settings.

DJANGO_SETTINGS_MODULE is set here (not in pyproject) so these defaults are in place
first: settings read the environment at import time and refuse to start without a
secret key when DEBUG is off, which is how the tests run.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault(
    "DJANGO_SECRET_KEY", "tests-only-secret-key-not-for-production-use-0123456789"
)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
# Playwright's sync API runs an event loop in the test thread; the ORM calls made by
# fixtures in that same thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    """Set Django up once the environment above is in place (pytest-django then takes over)."""
    import django

    django.setup()


# whitenoise warns at start-up when STATIC_ROOT is missing; tests serve from the finders.
os.makedirs(os.path.join(os.path.dirname(__file__), "var", "staticfiles"), exist_ok=True)
