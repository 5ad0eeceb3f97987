"""Per-user settings: time zone, reminder hour, nudges, calendar token."""

import datetime as dt
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from routines import schedule


def validate_timezone(value: str) -> None:
    """Accept only IANA zone names this machine knows (e.g. Europe/London)."""
    if value not in available_timezones():
        raise ValidationError(
            "“%(value)s” is not a time zone name we recognise. Use a name like Europe/London.",
            params={"value": value},
        )


_ZONES: frozenset[str] | None = None
_BY_LOWER: dict[str, str] = {}
# Names the tz database ships that are no place: "localtime" is whatever the server's clock
# is set to, "Factory" a placeholder.
_NOT_PLACES = {"localtime", "Factory"}


def available_timezones() -> frozenset[str]:
    """The IANA zone names a user may choose (e.g. Europe/London)."""
    global _ZONES
    if _ZONES is None:
        _ZONES = frozenset(zoneinfo.available_timezones() - _NOT_PLACES)
        _BY_LOWER.update({name.lower(): name for name in _ZONES})
    return _ZONES


def canonical_timezone(value: str) -> str | None:
    """The zone name as the tz database spells it, whatever the case typed ("europe/berlin"
    → "Europe/Berlin"); None when it is no zone we know."""
    available_timezones()
    return _BY_LOWER.get((value or "").strip().lower())


class Profile(models.Model):
    """Per-user settings: time zone and reminder preferences."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    timezone = models.CharField(
        "time zone", max_length=64, default="UTC", validators=[validate_timezone]
    )
    wants_email_reminders = models.BooleanField("send me reminder emails", default=True)
    reminder_hour = models.PositiveSmallIntegerField(
        "preferred hour for reminders",
        default=8,
        validators=[MinValueValidator(0), MaxValueValidator(23)],
        help_text="Local hour (0–23) at which reminders that can wait are sent.",
    )
    # Safety area: a private calendar feed and opt-in routine nudges (local wall times).
    calendar_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    am_nudge_at = models.TimeField("morning routine nudge", null=True, blank=True)
    pm_nudge_at = models.TimeField("evening routine nudge", null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(reminder_hour__gte=0, reminder_hour__lte=23),
                name="profile_reminder_hour_0_23",
            )
        ]

    def __str__(self):
        return f"Settings for user {self.user_id}"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def local_today(self, now: dt.datetime | None = None) -> dt.date:
        """The user's own calendar date at `now` (default: this moment)."""
        return schedule.local_today(self.zone, now or timezone.now())

    @classmethod
    def for_user(cls, user) -> "Profile":
        profile, _ = cls.objects.get_or_create(user=user)
        return profile
