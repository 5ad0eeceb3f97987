"""What the advice rules read and return: plain StepFacts, Advice, guide links, and the
day-sharing helpers both the layering and the pairing rules use. Pure, no ORM."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from routines import schedule

GUIDE_HOW_TO_USE = "/guide/how-to-use/"
LINK_ORDER = GUIDE_HOW_TO_USE + "#order-of-application"
LINK_PAIRING = GUIDE_HOW_TO_USE + "#pairing-with-other-actives"
LINK_FREQUENCY = GUIDE_HOW_TO_USE + "#frequency"
LINK_STORAGE = GUIDE_HOW_TO_USE + "#storage"

# Step kinds (mirrors Step.Kind values; ingredient roles share the retinoid/exfoliant names).
CLEANSER = "cleanser"
BIOLOGIC = "biologic"
HYDRATING = "hydrating"
ANTIOXIDANT = "antioxidant"
RETINOID = "retinoid"
EXFOLIANT = "exfoliant"
MOISTURISER = "moisturiser"
OCCLUSIVE = "occlusive"
SUNSCREEN = "sunscreen"

ACTIVE_KINDS = frozenset({BIOLOGIC, RETINOID, EXFOLIANT, ANTIOXIDANT})

# Thin to thick. Kinds not listed ("other") are left out of ordering rules.
TEXTURE_RANK = {
    CLEANSER: 0,
    BIOLOGIC: 1,
    HYDRATING: 2,
    ANTIOXIDANT: 2,
    RETINOID: 2,
    EXFOLIANT: 2,
    MOISTURISER: 3,
    OCCLUSIVE: 4,
    SUNSCREEN: 5,
}

NEW_PRODUCT_DAYS = 14  # "new" biologic: started less than about two weeks ago
TRACE_WINDOW_DAYS = 14  # two actives started this close together blur the cause of a reaction
TRACE_RECENT_DAYS = 28  # ...which only matters while the later one is still recent
LOOKAHEAD_DAYS = 28  # same-night conflicts are looked for over the next four weeks


@dataclass(frozen=True)
class StepFacts:
    """What the rules need to know about one step."""

    pk: int
    routine_id: int
    routine_name: str
    period: str  # "am" / "pm"
    position: int
    name: str
    kind: str
    start_date: dt.date
    schedule: str = schedule.DAILY
    interval_days: int | None = None
    weekdays: str = ""
    alternate_with: StepFacts | None = None
    roles: frozenset[str] = field(default_factory=frozenset)
    product_key: str = ""  # same product in two routines shares a key
    needs_refrigeration: bool = False

    @property
    def is_biologic(self) -> bool:
        return self.kind == BIOLOGIC

    @property
    def is_retinoid(self) -> bool:
        return self.kind == RETINOID or RETINOID in self.roles

    @property
    def is_exfoliant(self) -> bool:
        return self.kind == EXFOLIANT or EXFOLIANT in self.roles

    @property
    def is_active(self) -> bool:
        return self.kind in ACTIVE_KINDS or self.is_retinoid or self.is_exfoliant


@dataclass(frozen=True)
class Advice:
    rule: str
    routine_id: int
    step_id: int | None
    message: str
    reason: str
    link: str
    level: str = "caution"  # "caution" or "info"


def _by_routine(steps: list[StepFacts]) -> dict[int, list[StepFacts]]:
    grouped: dict[int, list[StepFacts]] = {}
    for step in sorted(steps, key=lambda s: (s.routine_id, s.position, s.pk)):
        grouped.setdefault(step.routine_id, []).append(step)
    return grouped


def _share_a_day(a: StepFacts, b: StepFacts, today: dt.date) -> bool:
    """Whether both steps are due on some day of the coming weeks (from when both run)."""
    if a.pk == b.pk:
        return False
    first = max(today, a.start_date, b.start_date)
    return any(
        schedule.is_scheduled(a, day) and schedule.is_scheduled(b, day)
        for day in schedule.days_between(first, first + dt.timedelta(days=LOOKAHEAD_DAYS - 1))
    )


def _same_night(a: StepFacts, b: StepFacts, today: dt.date) -> bool:
    return a.period == "pm" and b.period == "pm" and _share_a_day(a, b, today)
