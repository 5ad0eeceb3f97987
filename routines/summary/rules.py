"""Skin-log trend for the printable summary: weekly averages and a plain-words direction.

Pure functions over (date, redness, dryness, irritation) tuples; no ORM.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

MEASURES = ("redness", "dryness", "irritation")
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class WeekAverage:
    week_start: date
    days_logged: int
    redness: Decimal
    dryness: Decimal
    irritation: Decimal


def _average(values: list[int]) -> Decimal:
    return (Decimal(sum(values)) / len(values)).quantize(TENTH, ROUND_HALF_UP)


def weekly_averages(logs: list[tuple[date, int, int, int]], start: date) -> list[WeekAverage]:
    """Average scores per 7-day block counted from `start`; blocks with no logs are left out."""
    weeks: dict[int, list[tuple[int, int, int]]] = {}
    for day, redness, dryness, irritation in logs:
        if day < start:
            continue
        weeks.setdefault((day - start).days // 7, []).append((redness, dryness, irritation))
    result = []
    for index in sorted(weeks):
        scores = weeks[index]
        result.append(
            WeekAverage(
                week_start=start + timedelta(days=7 * index),
                days_logged=len(scores),
                redness=_average([s[0] for s in scores]),
                dryness=_average([s[1] for s in scores]),
                irritation=_average([s[2] for s in scores]),
            )
        )
    return result


def direction(weeks: list[WeekAverage], measure: str) -> str:
    """“lower”, “higher” or “about the same” from the first to the last logged week.

    A change under half a point on the 0–3 scale counts as about the same.
    """
    if len(weeks) < 2:
        return "not enough logs to tell"
    first, last = getattr(weeks[0], measure), getattr(weeks[-1], measure)
    if last - first <= Decimal("-0.5"):
        return "lower"
    if last - first >= Decimal("0.5"):
        return "higher"
    return "about the same"
