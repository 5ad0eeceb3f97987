"""The one seam accounts uses to reach routines (docs/ARCHITECTURE.md).

Account settings edit the user's Profile and tell routines when the time zone changed; the
my-data pages export, summarise and delete what routines holds. accounts imports these
names from here and nothing else from routines (an import-linter contract checks it).
"""

from routines.models import Profile, available_timezones
from routines.mydata.selectors import build_export_zip, export_filename
from routines.mydata.services import delete_account
from routines.reminders.services import time_zone_changed
from routines.summary.selectors import build_summary

__all__ = [
    "Profile",
    "available_timezones",
    "build_export_zip",
    "build_summary",
    "delete_account",
    "export_filename",
    "time_zone_changed",
]
