"""A snapshot of every stored row, to prove a request changed nothing."""

from django.apps import apps

# Sessions only by count: reading a page may refresh a session's expiry, which is not a
# change the user made.
COUNT_ONLY = {"sessions.Session"}


def snapshot() -> dict:
    state = {}
    for model in apps.get_models():
        manager = model._default_manager
        label = model._meta.label
        if label in COUNT_ONLY:
            state[label] = manager.count()
        else:
            state[label] = sorted(map(repr, manager.order_by("pk").values_list()))
    return state
