"""Pure rules for progress photos: limits, quota, alt text, the timeline position of a date.

Plain values in, plain values out; no ORM (docs/ARCHITECTURE.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from routines.tracking import rules as timeline

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The stated limits, as shown beside the upload form."""

    max_upload_bytes: int
    max_pixels: int
    quota_count: int
    quota_bytes: int

    @property
    def words(self) -> str:
        return (
            f"JPEG, PNG or WebP, up to {self.max_upload_bytes // MB} MB and "
            f"{self.max_pixels // 1_000_000} megapixels each."
        )

    @property
    def quota_words(self) -> str:
        return f"up to {self.quota_count} photos or {self.quota_bytes // MB} MB in all"


def upload_too_large(size: int, limits: Limits) -> str | None:
    """The message for a file over the upload limit, else None."""
    if size <= limits.max_upload_bytes:
        return None
    return (
        f"This file is {size / MB:.1f} MB; the limit is {limits.max_upload_bytes // MB} MB "
        "per photo."
    )


def quota_problem(
    *, used_count: int, used_bytes: int, new_count: int, new_bytes: int, limits: Limits
) -> str | None:
    """Why adding these photos would go over the user's quota, or None when they fit."""
    if used_count + new_count > limits.quota_count:
        left = max(limits.quota_count - used_count, 0)
        return (
            f"Your photo space is full: you can keep {limits.quota_words}, and there is "
            f"room for {left} more photo{'s' if left != 1 else ''}. Delete some older photos "
            "first."
        )
    if used_bytes + new_bytes > limits.quota_bytes:
        return (
            f"Your photo space is full: you can keep {limits.quota_words}, and these photos "
            f"need {(used_bytes + new_bytes - limits.quota_bytes) / MB:.1f} MB more. Delete "
            "some older photos first."
        )
    return None


def alt_text(*, angle_label: str, taken_on: dt.date, note: str) -> str:
    """What a screen reader says for a photo: its angle, date and the user's note."""
    text = f"{angle_label} photo of your skin, {taken_on.day} {taken_on:%B %Y}"
    note = note.strip()
    return f"{text}: {note}" if note else text


@dataclass(frozen=True)
class TimelineProduct:
    """A biologic product the user started, with its earliest start date."""

    name: str
    start_date: dt.date


@dataclass(frozen=True)
class TimelinePosition:
    product: str
    since_words: str  # "day 3", "week 6"
    phase_label: str  # "Four to twelve weeks"

    @property
    def words(self) -> str:
        return f"{self.since_words} of {self.product}"


def timeline_positions(
    taken_on: dt.date, products: Sequence[TimelineProduct]
) -> list[TimelinePosition]:
    """Where a photo taken on `taken_on` falls on each product's results timeline
    (products started after that day are left out): "day 3 of …", "week 6 of …"."""
    positions = []
    for product in products:
        days = (taken_on - product.start_date).days
        if days < 0:
            continue
        phase = timeline.phase_for(days)
        label, text = timeline.PHASES[phase]
        expectation = timeline.Expectation(phase=phase, label=label, text=text, days=days)
        positions.append(TimelinePosition(product.name, expectation.since_words, label))
    return positions


def days_between_words(before: dt.date, after: dt.date) -> str:
    """“12 days apart”, “5 weeks apart”, “the same day”."""
    days = abs((after - before).days)
    if days == 0:
        return "taken the same day"
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''} apart"
    return f"{days // 7} weeks apart"
