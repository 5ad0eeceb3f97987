from django.utils.functional import SimpleLazyObject


def email_status(request):
    """`email_verified` for the "no emails until you confirm" notice; read only when a page
    shows it, so other pages pay nothing."""

    def verified() -> bool:
        from accounts.selectors import has_verified_email

        user = getattr(request, "user", None)
        return bool(user and user.is_authenticated and has_verified_email(user))

    return {"email_verified": SimpleLazyObject(verified)}
