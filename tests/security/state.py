"""A snapshot of stored data, to prove a request changed nothing."""

from django.apps import apps

# Every field of every row is compared, except for shared content (catalog, guide, admin log,
# content types) and sessions, compared by row count: no form under test edits that content,
# and reading a page may refresh a session's expiry, which is not a change the user made.
COUNT_ONLY_APPS = ("catalog", "guide", "admin", "contenttypes", "sessions")
COUNT_ONLY_MODELS = ("auth.Permission",)


def snapshot() -> dict:
    state = {}
    for model in apps.get_models():
        manager = model._default_manager
        label = model._meta.label
        if model._meta.app_label in COUNT_ONLY_APPS or label in COUNT_ONLY_MODELS:
            state[label] = manager.count()
        else:
            state[label] = list(map(repr, manager.order_by("pk").values_list()))
    return state
