"""Catalog and guide admin pages never show or delete a user's rows.

Deleting a product, brand or ingredient would cascade into users' routines, shelves and
avoid-lists (or null their links), and Django's delete confirmation lists those rows — user
ids, step names — to whoever opens it, asking no permission for models without an admin
page. Content that users' rows point at cannot be deleted from the admin at all: staff
unpublish it instead. Generic (Django's own deletion collector), so config imports no app.
"""

from django.contrib.admin.utils import NestedObjects
from django.db import router

# The apps whose rows are shared content; anything else reached by a delete is users' data.
CONTENT_APPS = frozenset({"catalog", "guide"})
USER_ROWS = "rows that belong to users (routines, shelves, avoid-lists): unpublish it instead"


class _Collector(NestedObjects):
    """Django's admin collector, joining what each related row points at (for its nested
    list) without the columns that model's manager leaves out (a product's search vector)."""

    def related_objects(self, related_model, related_fields, objs):
        queryset = super().related_objects(related_model, related_fields, objs)
        left_out = []
        for field in related_fields:
            names, deferred = field.related_model._default_manager.all().query.deferred_loading
            if deferred:
                left_out += [f"{field.name}__{name}" for name in names]
        return queryset.defer(*left_out) if left_out else queryset


def reaches_user_rows(objs) -> bool:
    """Would deleting `objs` delete, protect-block or rewrite a row outside the content apps?"""
    objs = list(objs)
    if not objs:
        return False
    collector = _Collector(using=router.db_for_write(type(objs[0])))
    collector.collect(objs)
    touched = {model for model, instances in collector.data.items() if instances}
    touched |= {qs.model for qs in collector.fast_deletes if qs.exists()}
    touched |= {
        field.model
        for (field, _value), batches in collector.field_updates.items()
        if any(_non_empty(batch) for batch in batches)
    }
    touched |= {type(obj) for obj in collector.protected}
    return any(model._meta.app_label not in CONTENT_APPS for model in touched)


def _non_empty(batch) -> bool:
    return batch.exists() if hasattr(batch, "exists") else bool(batch)


class UserRowsGuardMixin:
    """For content ModelAdmins: no delete page (403) for an object users' rows point at;
    the bulk delete refuses such a selection without listing what it would touch."""

    def has_delete_permission(self, request, obj=None):
        if obj is not None and reaches_user_rows([obj]):
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        if reaches_user_rows(objs):
            return [], {}, {USER_ROWS}, []
        return super().get_deleted_objects(objs, request)
