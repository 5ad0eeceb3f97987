"""Refuse to serve with settings that are only safe for development."""

from django.core.exceptions import ImproperlyConfigured


def require_serving_settings(settings) -> None:
    """Raise with a clear message when the site is about to serve without its secrets."""
    problems = []
    try:
        secret_key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses to hand out an empty key
        secret_key = ""
    if not secret_key:
        problems.append(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value in production, "
            "or set DJANGO_DEBUG=1 for local development."
        )
    if not settings.DEBUG and not settings.ALLOWED_HOSTS:
        problems.append("DJANGO_ALLOWED_HOSTS must list the site's host names in production.")
    if problems:
        raise ImproperlyConfigured(" ".join(problems))
