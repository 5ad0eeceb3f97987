"""What to expect now from a product, by time since the user started it. Pure, no ORM.

The phases follow the results timeline in the guide: days to two weeks, four to twelve
weeks, three months and beyond. Between two and four weeks the early changes should be
there and the slower ones have not usually started, so that gap gets its own wording.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

TIMELINE_LINK = "/guide/results-timeline/"
# Products started longer ago than this are in a steady state: Today stops mentioning them.
SHOW_FOR_DAYS = 183


@dataclass(frozen=True)
class Expectation:
    phase: str  # early / settling / medium / long
    label: str
    text: str
    days: int
    link: str = TIMELINE_LINK

    @property
    def weeks(self) -> int:
        return self.days // 7

    @property
    def since_words(self) -> str:
        if self.days < 14:
            return f"day {self.days + 1}"
        return f"week {self.weeks + 1}"


PHASES = {
    "early": (
        "First days to two weeks",
        "Look for comfort changes: skin that holds water better, calmer redness and a "
        "smoother feel. Firmness and fine lines are not expected to move yet.",
    ),
    "settling": (
        "Two to four weeks",
        "The early comfort changes should be showing by now. Changes in firmness, fine "
        "lines and tone usually take a month or more, so keep going before judging them.",
    ),
    "medium": (
        "Four to twelve weeks",
        "This is when slower changes can appear: firmer-feeling skin, softer fine lines "
        "and a more even tone, as the skin rebuilds its support structure.",
    ),
    "long": (
        "Three months and beyond",
        "Gains from here are about keeping skin resilient and even. They last with steady "
        "use together with daily sun protection and well-proven actives.",
    ),
}


def phase_for(days: int) -> str:
    if days < 14:
        return "early"
    if days < 28:
        return "settling"
    if days < 84:
        return "medium"
    return "long"


def expectation_for(start_date: dt.date, today: dt.date) -> Expectation | None:
    """The phase for a product started on `start_date`; None if it starts in the future
    or was started so long ago that it is part of the furniture."""
    days = (today - start_date).days
    if days < 0 or days > SHOW_FOR_DAYS:
        return None
    phase = phase_for(days)
    label, text = PHASES[phase]
    return Expectation(phase=phase, label=label, text=text, days=days)
