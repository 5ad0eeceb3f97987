"""The routine editor, steps, product search and starters. Private to their owner."""

from routines.editor.views.routines import (
    routine_create,
    routine_delete,
    routine_edit,
    routine_list,
    routine_restore,
    starter_copy,
    starter_list,
)
from routines.editor.views.steps import (
    product_search,
    routine_detail,
    step_add,
    step_edit,
    step_move,
    step_remove,
    step_restore,
)

__all__ = [
    "product_search",
    "routine_create",
    "routine_delete",
    "routine_detail",
    "routine_edit",
    "routine_list",
    "routine_restore",
    "starter_copy",
    "starter_list",
    "step_add",
    "step_edit",
    "step_move",
    "step_remove",
    "step_restore",
]
