"""Flash-message storage whose cookie follows the session cookie's rules.

Django's cookie storage always names its cookie "messages". In production (secure cookies)
it is "__Host-messages" instead, like the session and CSRF cookies, so it cannot be set by a
sibling subdomain or sent over plain HTTP. Secure, HttpOnly and SameSite already come from
the SESSION_COOKIE_* settings. Messages too big for the cookie go to the session, as before.
"""

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.messages.storage.session import SessionStorage


def messages_cookie_name() -> str:
    """The flash-message cookie's name under the current settings (the page cache reads it too)."""
    return "__Host-messages" if settings.SESSION_COOKIE_SECURE else "messages"


class HostCookieStorage(CookieStorage):
    @property
    def cookie_name(self):
        return messages_cookie_name()


class HostFallbackStorage(FallbackStorage):
    storage_classes = (HostCookieStorage, SessionStorage)
