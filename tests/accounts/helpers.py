"""Clients signed in the way allauth records it."""

import time

from django.test import Client


def mark_recently_authenticated(client, user, method="password"):
    """As after confirming the password just now: allauth's re-authentication gate lets the next
    request through (ACCOUNT_REAUTHENTICATION_TIMEOUT)."""
    session = client.session
    session["account_authentication_methods"] = [
        {"method": method, "at": time.time(), "reauthenticated": True}
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


def signed_in_client(user, *, fresh=True) -> Client:
    client = Client()
    client.force_login(user)
    if fresh:
        mark_recently_authenticated(client, user)
    return client
