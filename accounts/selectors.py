"""Reads about accounts that other parts of the site ask for."""

from allauth.account.models import EmailAddress


def verified_emails_for(user_ids) -> dict[int, str]:
    """Each user's verified address, primary first, in one query: the one rule for who may
    be emailed (verified_email_for asks it for one user; the batch reminder sender for many)."""
    found: dict[int, str] = {}
    rows = (
        EmailAddress.objects.filter(user_id__in=list(user_ids), verified=True)
        .order_by("user_id", "-primary", "pk")
        .values_list("user_id", "email")
    )
    for user_id, email in rows:
        found.setdefault(user_id, email)
    return found


def verified_email_for(user) -> str | None:
    """The address we may send this user email at: their primary one, once verified."""
    return verified_emails_for([user.pk]).get(user.pk)


def has_verified_email(user) -> bool:
    return verified_email_for(user) is not None
