import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# The header's and footer's links, by the name base.html uses for each.
NAV_URL_NAMES = {
    "home": "home",
    "guide": "guide:index",
    "catalog": "catalog:list",
    "search": "search",
    "today": "routines:today",
    "shelf": "routines:shelf",
    "notifications": "routines:notifications",
    "notifications_badge": "routines:notifications_badge",
    "settings": "accounts:settings",
    "login": "account_login",
    "signup": "account_signup",
    "logout": "account_logout",
}


@functools.cache
def _nav_urls(prefix: str, urlconf: str) -> dict[str, str]:
    return {key: reverse(name) for key, name in NAV_URL_NAMES.items()}


def nav_urls() -> dict[str, str]:
    """The links every page carries, reversed once per process (and script prefix) rather
    than a dozen times per page: they depend only on the URLconf."""
    return _nav_urls(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


def site(request):
    """Site-wide names for templates: the brand, the absolute base URL for canonical links
    and the header's links (`nav`)."""
    return {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, "nav": nav_urls()}
