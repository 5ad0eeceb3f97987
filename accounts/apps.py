from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Sign-up, throttled log-in and password flows. No models: settings live in routines."""

    name = "accounts"
