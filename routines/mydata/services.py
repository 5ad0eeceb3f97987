"""Account deletion: every row the user owns, their sessions and the user, in one transaction."""

from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

from routines.mydata.selectors import owned_models
from routines.photos.services import remove_all_files_after_commit


@dataclass(frozen=True)
class DeletedCount:
    label: str
    count: int


def _end_sessions(user_id: int) -> int:
    """Delete every unexpired session signed in as this user (sessions have no user column),
    from the database and, once that is committed, from the session cache."""
    doomed = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) == str(user_id)
    ]
    Session.objects.filter(pk__in=doomed).delete()
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if hasattr(store, "cache_key_prefix"):
        cached = [store.cache_key_prefix + key for key in doomed]
        cache = caches[settings.SESSION_CACHE_ALIAS]
        transaction.on_commit(lambda: cache.delete_many(cached))
    return len(doomed)


def delete_account(user) -> tuple[list[DeletedCount], int]:
    """Delete the user and everything they own; returns what was deleted and sessions ended.

    Owned rows are deleted explicitly, deepest first, so a table that points at the user
    with SET_NULL or PROTECT is emptied too rather than left behind or blocking.
    """
    owned = owned_models()
    counts: list[DeletedCount] = []
    with transaction.atomic():
        # Count first (cascades would otherwise fold child rows into their parent's count).
        for entry in owned:
            n = entry.rows_for(user).count()
            if n:
                meta = entry.model._meta
                label = meta.verbose_name if n == 1 else meta.verbose_name_plural
                counts.append(DeletedCount(str(label), n))
        # Photo files go from storage once the rows' deletion is committed.
        remove_all_files_after_commit(user)
        for entry in sorted(owned, key=lambda o: o.user_path.count("__"), reverse=True):
            entry.rows_for(user).delete()
        sessions = _end_sessions(user.pk)
        user.delete()
    return counts, sessions
