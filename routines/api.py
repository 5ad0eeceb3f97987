"""The one seam accounts uses to reach routines (docs/ARCHITECTURE.md).

Sign-up sets up the new user's Profile; account settings edit it and tell routines when
the time zone changed; the my-data pages export, summarise and delete what routines
holds. accounts imports these names from here and nothing else from routines (an
import-linter contract checks it).
"""

from routines.models import Profile, available_timezones, canonical_timezone
from routines.mydata.selectors import build_export_zip, export_filename
from routines.mydata.services import delete_account
from routines.reminders.services import set_up_new_profile, time_zone_changed
from routines.summary.selectors import build_summary

__all__ = [
    "Profile",
    "available_timezones",
    "canonical_timezone",
    "build_export_zip",
    "build_summary",
    "delete_account",
    "export_filename",
    "set_up_new_profile",
    "time_zone_changed",
]
