from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Sign-up, throttled log-in and password flows. No models: settings live in routines."""

    name = "accounts"

    def ready(self):
        from allauth.account.signals import password_reset

        password_reset.connect(_trust_the_resetting_address, dispatch_uid="accounts.throttle")


def _trust_the_resetting_address(sender, request, user, **kwargs):
    """Whoever can read the account's email may log in from here even while the
    account-wide limit holds (accounts/throttle.py)."""
    from accounts import throttle

    if request is not None and user.email:
        throttle.trust(request, user.email)
