"""A signed-in user's own data, one module per feature; every model is importable from here.

App label "routines", table names and migrations are unchanged by the split.
"""

from routines.models.avoid import AvoidedIngredient, AvoidedIngredientQuerySet
from routines.models.editor import ProductOrNamed, Routine, Step, StepVersion
from routines.models.photos import ProgressPhoto
from routines.models.profile import (
    Profile,
    available_timezones,
    canonical_timezone,
    validate_timezone,
)
from routines.models.reminders import Reminder, ReminderQuerySet
from routines.models.safety import PatchRead, PatchTest, Procedure
from routines.models.shelf import ShelfItem
from routines.models.tracking import CheckIn, SkinLog

__all__ = [
    "AvoidedIngredient",
    "AvoidedIngredientQuerySet",
    "CheckIn",
    "PatchRead",
    "PatchTest",
    "Procedure",
    "ProductOrNamed",
    "ProgressPhoto",
    "Profile",
    "Reminder",
    "ReminderQuerySet",
    "Routine",
    "ShelfItem",
    "SkinLog",
    "Step",
    "StepVersion",
    "available_timezones",
    "canonical_timezone",
    "validate_timezone",
]
