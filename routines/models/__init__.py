"""A signed-in user's own data, one module per feature; every model is importable from here.

App label "routines", table names and migrations are unchanged by the split.
"""

from routines.models.avoid import AvoidedIngredient, AvoidedIngredientQuerySet
from routines.models.editor import ProductOrNamed, Routine, Step
from routines.models.ownproducts import OwnProduct, OwnProductIngredient, own_product_key
from routines.models.photos import ProgressPhoto
from routines.models.profile import Profile, available_timezones, validate_timezone
from routines.models.reminders import Reminder, ReminderQuerySet
from routines.models.safety import PatchTest, Procedure
from routines.models.shelf import ShelfItem
from routines.models.tracking import CheckIn, SkinLog

__all__ = [
    "AvoidedIngredient",
    "AvoidedIngredientQuerySet",
    "CheckIn",
    "OwnProduct",
    "OwnProductIngredient",
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
    "available_timezones",
    "own_product_key",
    "validate_timezone",
]
