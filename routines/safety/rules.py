"""Pure safety rules: patch-test timing and gating, recovery windows, quiet hours.

No ORM here. Functions take plain values (datetimes, dates, zones, small records) and
`now` as an argument, so tests can pin every edge (48 h exactly, DST gaps) without a
database. services in routines/safety_services.py feed them rows and store the answers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from catalog.ingredient_roles import HARSH_ROLES

UTC = dt.UTC

# Patch tests: the read window is elapsed time from the start, not calendar days.
PATCH_READ_AFTER = dt.timedelta(hours=48)
PATCH_LAST_CALL_AFTER = dt.timedelta(hours=72)

# Procedures: the site's own defaults inside the usual 1–2 week recovery the source gives
# (the per-procedure split is our choice, not the source's); the clinician's word wins.
RECOVERY_DEFAULT_DAYS = {
    "microneedling": 7,
    "fractional_laser": 14,
    "chemical_peel": 7,
    "other": 7,
}
_DEFAULT_NAMES = {
    "microneedling": "microneedling",
    "fractional_laser": "fractional laser",
    "chemical_peel": "chemical peel",
    "other": "other procedures",
}
RECOVERY_DEFAULTS_NOTE = (
    "Your clinician's instructions come first. If you leave the length empty, we fill in "
    "this site's default ("
    + ", ".join(f"{_DEFAULT_NAMES[k]} {d} days" for k, d in RECOVERY_DEFAULT_DAYS.items())
    + "), chosen within the usual one to two weeks; it is not medical advice."
)
RECOVERY_MIN_DAYS = 1
RECOVERY_MAX_DAYS = 28
# A procedure more than this far ahead is almost certainly a typo (wrong year).
PROCEDURE_MAX_DAYS_AHEAD = 365

# Step kinds, and ingredient roles, the user's own routine pauses while skin recovers: the
# catalog's "too harsh for freshly treated skin" (its cautions, find my fit), one set.
PAUSED_DURING_RECOVERY = HARSH_ROLES

RECOVERY_GUIDANCE = (
    "Your clinician's aftercare comes first: where it differs from this, do what they said. "
    "Otherwise cleanse gently, then apply a reparative biologic serum, then seal with an "
    "occlusive; in the morning finish with a mineral sunscreen. Leave retinoids and acids "
    "out until the window closes."
)
RETURN_TO_MAINTENANCE = (
    "Your recovery window has closed. If your clinician gave you their own date or plan, "
    "follow that. Otherwise bring paused steps back gradually, one at a time, and return to "
    "your usual maintenance routine."
)


# ---------------------------------------------------------------- patch tests


def patch_read_at(started_at: dt.datetime) -> dt.datetime:
    """The moment a patch test may first be read (48 h elapsed)."""
    # In UTC: adding to a zone-aware local time would be wall-clock arithmetic.
    return started_at.astimezone(UTC) + PATCH_READ_AFTER


def patch_last_call_at(started_at: dt.datetime) -> dt.datetime:
    """The end of the observation window (72 h elapsed)."""
    return started_at.astimezone(UTC) + PATCH_LAST_CALL_AFTER


def is_early_read(started_at: dt.datetime, now: dt.datetime) -> bool:
    """True when fewer than 48 hours have passed since the test started."""
    return now < patch_read_at(started_at)


def patch_phase(started_at: dt.datetime, now: dt.datetime) -> str:
    """'waiting' before 48 h, 'ready' from 48 h to 72 h, 'overdue' after 72 h."""
    if now < patch_read_at(started_at):
        return "waiting"
    if now <= patch_last_call_at(started_at):
        return "ready"
    return "overdue"


BLOCKER_LABELS = {
    "testing": "Patch test running",
    "stopped": "Stopped after a reaction",
    "paused": "Paused during recovery",
}


@dataclass(frozen=True)
class Blocker:
    """Why a step cannot be done on a day: kind is 'testing', 'stopped' or 'paused'.

    The one blocker type: Today, the editor, the advice rules and check-ins all read it.
    `link` says where to read more; `source_pk` is the patch test or procedure behind it.
    """

    kind: str
    message: str
    link: str = ""
    source_pk: int | None = None

    @property
    def label(self) -> str:
        return BLOCKER_LABELS[self.kind]


# ---------------------------------------------------------------- recovery windows


@dataclass(frozen=True)
class Window:
    """Recovery days [start, end): the procedure day is day 1; `end` is the resume day."""

    start: dt.date
    end: dt.date
    source_pks: tuple[int, ...] = ()

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    @property
    def length(self) -> int:
        return (self.end - self.start).days

    def contains(self, day: dt.date) -> bool:
        return self.start <= day < self.end

    def day_number(self, day: dt.date) -> int:
        """1-based day within the window."""
        return (day - self.start).days + 1


def recovery_window(pk: int, date: dt.date, days: int) -> Window:
    """One procedure's window: `days` local days starting on the procedure day."""
    return Window(date, date + dt.timedelta(days=days), (pk,))


def merge_windows(windows: list[Window]) -> list[Window]:
    """Merge overlapping or back-to-back windows into continuous ones, in date order."""
    merged: list[Window] = []
    for window in sorted(windows, key=lambda w: (w.start, w.end)):
        if merged and window.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = Window(
                last.start, max(last.end, window.end), last.source_pks + window.source_pks
            )
        else:
            merged.append(window)
    return merged


def window_on(windows: list[Window], day: dt.date) -> Window | None:
    """The merged window open on `day`, if any."""
    for window in merge_windows(windows):
        if window.contains(day):
            return window
    return None


def is_paused_during_recovery(step_kind: str, roles: frozenset[str] = frozenset()) -> bool:
    """Retinoid and exfoliant steps, by the kind the user chose or by what the product's
    ingredients are (its classes: a toner with glycolic acid, a cream with retinol)."""
    return step_kind in PAUSED_DURING_RECOVERY or bool(roles & PAUSED_DURING_RECOVERY)


def validate_recovery_days(days: int | None) -> str | None:
    """An error message for an out-of-range recovery length, else None."""
    if days is None or not RECOVERY_MIN_DAYS <= days <= RECOVERY_MAX_DAYS:
        return (
            f"Choose a recovery length between {RECOVERY_MIN_DAYS} and {RECOVERY_MAX_DAYS} "
            "days. Your clinician's instructions are the best guide."
        )
    return None


# A procedure more than this long before the account's first data has no window to track.
PROCEDURE_MAX_DAYS_BEFORE_DATA = 365


def earliest_procedure_date(first_data: dt.date) -> dt.date:
    """The earliest procedure date accepted: one year before the account's first data."""
    return first_data - dt.timedelta(days=PROCEDURE_MAX_DAYS_BEFORE_DATA)


def validate_procedure_date(
    date: dt.date, today: dt.date, first_data: dt.date | None = None
) -> str | None:
    """An error message for a procedure date too far ahead, or more than a year before the
    account's first data (a mistyped year such as 1900), else None."""
    if date > today + dt.timedelta(days=PROCEDURE_MAX_DAYS_AHEAD):
        return "That date is more than a year away. Check the year and try again."
    earliest = earliest_procedure_date(first_data or today)
    if date < earliest:
        return (
            f"That date is before {earliest:%-d %B %Y}, more than a year before your first "
            "record here. Check the year and try again."
        )
    return None


# ---------------------------------------------------------------- local times


def local_datetime(day: dt.date, at: dt.time, zone: ZoneInfo) -> dt.datetime:
    """The UTC instant the user's clock reads `at` on `day`.

    In a spring-forward gap the wall time does not exist: we use the same elapsed
    offset before the gap (02:30 becomes 03:30). In a fall-back overlap the first
    occurrence wins (fold=0).
    """
    # PEP 495: with fold=0 a wall time in a gap is read with the offset from before
    # the transition, which lands after the gap; in an overlap it is the first pass.
    return dt.datetime.combine(day, at, tzinfo=zone).replace(fold=0).astimezone(UTC)


def next_local_time(at: dt.time, zone: ZoneInfo, after: dt.datetime) -> dt.datetime:
    """The first instant at or after `after` when the user's clock reads `at`."""
    day = after.astimezone(zone).date()
    for offset in range(3):
        candidate = local_datetime(day + dt.timedelta(days=offset), at, zone)
        if candidate >= after:
            return candidate
    raise AssertionError("unreachable: a day always has the wall time or its gap shift")


QUIET_START = dt.time(21, 0)
QUIET_END = dt.time(7, 0)


def is_quiet(moment: dt.datetime, zone: ZoneInfo) -> bool:
    """True between 21:00 and 07:00 on the user's clock."""
    local = moment.astimezone(zone).time()
    return local >= QUIET_START or local < QUIET_END


def after_quiet_hours(due: dt.datetime, zone: ZoneInfo, reminder_hour: int) -> dt.datetime:
    """A due time that falls at night moves to the user's next preferred hour."""
    if not is_quiet(due, zone):
        return due
    return next_local_time(dt.time(reminder_hour), zone, due)
