"""Per-request helpers for routines views: the user's Profile and local date (one place)."""

import datetime as dt

from routines.models import Profile


def profile_for(request) -> Profile:
    """The user's settings, loaded once per request."""
    if not hasattr(request, "_routines_profile"):
        request._routines_profile = Profile.for_user(request.user)
    return request._routines_profile


def local_today(request) -> dt.date:
    """The signed-in user's own calendar date now (routines.schedule.local_today)."""
    return profile_for(request).local_today()
