"""Template context for the header's notification badge."""

from django.utils.functional import SimpleLazyObject


def unread_reminders(request):
    """Unread reminder count for signed-in users: one COUNT query, only if a template uses it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count():
        from routines.safety_services import unread_count

        return unread_count(user)

    return {"unread_reminders": SimpleLazyObject(count)}
