"""Pure rules for Today and History: the results timeline, the month calendar, the skin
chart and which days can be changed. No ORM: plain values in, plain values out.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from routines import schedule

DONE = "done"
PARTLY = "partly"
MISSED = "missed"
NOTHING = "nothing"
FUTURE = "future"
PENDING = "pending"  # today, not finished yet

STATUS_WORDS = {
    DONE: "all done",
    PARTLY: "partly done",
    MISSED: "missed",
    NOTHING: "nothing scheduled",
    FUTURE: "still to come",
    PENDING: "in progress",
}


def parse_month(value: str, today: dt.date) -> dt.date:
    """'2026-11' -> 1 Nov 2026; anything else (or a future month) -> this month."""
    try:
        year, month = (int(part) for part in value.split("-"))
        first = dt.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)
    if first > today or first.year < 2000:
        return today.replace(day=1)
    return first


def opening_month(today: dt.date, *, recorded_today: bool) -> dt.date:
    """The month History opens on when none is asked for: this month, except on the 1st
    with nothing recorded yet, when the new month holds only a day that is not over and
    the month just ended says more."""
    if today.day == 1 and not recorded_today:
        return (today - dt.timedelta(days=1)).replace(day=1)
    return today.replace(day=1)


def month_end(first: dt.date) -> dt.date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


@dataclass
class Day:
    date: dt.date
    status: str
    due: int = 0
    done: int = 0
    in_month: bool = True
    names: tuple[str, ...] = ()  # the steps due and open that day
    taken_out: tuple[str, ...] = ()  # held or paused that day, with the reason
    openable: bool = False  # within the days that may still be corrected

    @property
    def words(self) -> str:
        if self.status in (PARTLY, PENDING):
            text = f"{self.done} of {self.due} done"
        else:
            text = STATUS_WORDS[self.status]
        if self.names:
            text += ". Due: " + ", ".join(self.names)
        if self.taken_out:
            text += ". Not counted: " + ", ".join(self.taken_out)
        return text


def day_status(plan, marks, day: dt.date, today: dt.date, earliest: dt.date) -> Day:
    """Adherence for one day from its day plan and the day's marks."""
    openable = earliest <= day <= today
    if day > today or plan is None:
        return Day(day, FUTURE)
    entries = plan.open()
    names = tuple(e.step.name for e in entries)
    taken_out = tuple(f"{e.step.name} ({e.label.lower()})" for e in plan.taken_out())
    if not entries:
        return Day(day, NOTHING, taken_out=taken_out, openable=openable)
    done = sum(1 for e in entries if marks.get((day, e.step.pk)) == DONE)
    touched = sum(1 for e in entries if (day, e.step.pk) in marks)
    if done == len(entries):
        status = DONE
    elif day == today:
        status = PENDING
    elif touched:
        status = PARTLY
    else:
        status = MISSED
    return Day(
        day,
        status,
        due=len(entries),
        done=done,
        names=names,
        taken_out=taken_out,
        openable=openable,
    )


def month_calendar(plans, marks, first: dt.date, today: dt.date, earliest: dt.date):
    """Weeks (Monday first) of Day cells for the month starting `first`; None pads."""
    last = month_end(first)
    weeks = []
    week = [None] * first.weekday()
    for day in schedule.days_between(first, last):
        week.append(day_status(plans.get(day), marks, day, today, earliest))
        if len(week) == 7:
            weeks.append(week)
            week = []
    if week:
        weeks.append(week + [None] * (7 - len(week)))
    return weeks


# Chart -------------------------------------------------------------------------------

CHART_WIDTH = 640
CHART_HEIGHT = 200
PAD_LEFT = 84  # room for the widest score label ("Moderate") at the axis font size
PAD_RIGHT = 12
PAD_TOP = 12
PAD_BOTTOM = 28
SERIES = (("redness", "Redness"), ("dryness", "Dryness"), ("irritation", "Irritation"))
SCALE_WORDS = {0: "none", 1: "mild", 2: "moderate", 3: "strong"}


@dataclass
class Series:
    key: str
    label: str
    points: str  # "x,y x,y" for <polyline>
    dots: list[tuple[float, float, str]] = field(default_factory=list)  # x, y, title


@dataclass
class Chart:
    width: int
    height: int
    series: list[Series]
    y_ticks: list[tuple[float, str]]
    x_ticks: list[tuple[float, str]]
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    summary: str
    rows: list  # the logs, for the table alternative

    @property
    def has_data(self) -> bool:
        return bool(self.rows)


def skin_chart(logs, first: dt.date, last: dt.date) -> Chart:
    """Lines for redness, dryness and irritation (0-3) over the days first..last."""
    span = max((last - first).days, 1)
    plot_w = CHART_WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = CHART_HEIGHT - PAD_TOP - PAD_BOTTOM

    def x(day: dt.date) -> float:
        return round(PAD_LEFT + plot_w * (day - first).days / span, 1)

    def y(score: int) -> float:
        return round(PAD_TOP + plot_h * (3 - score) / 3, 1)

    logs = sorted(logs, key=lambda log: log.date)
    series = []
    for key, label in SERIES:
        dots = [
            (
                x(log.date),
                y(getattr(log, key)),
                f"{label} {SCALE_WORDS[getattr(log, key)]} on {log.date:%-d %b}",
            )
            for log in logs
        ]
        series.append(Series(key, label, " ".join(f"{a},{b}" for a, b, _ in dots), dots))
    x_ticks = []
    for day in schedule.days_between(first, last):
        if (day - first).days % 7 == 0:
            x_ticks.append((x(day), f"{day:%-d %b}"))
    return Chart(
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        series=series,
        y_ticks=[(y(score), SCALE_WORDS[score].capitalize()) for score in range(4)],
        x_ticks=x_ticks,
        plot_left=PAD_LEFT,
        plot_right=CHART_WIDTH - PAD_RIGHT,
        plot_top=PAD_TOP,
        plot_bottom=CHART_HEIGHT - PAD_BOTTOM,
        summary=chart_summary(logs),
        rows=logs,
    )


def chart_summary(logs) -> str:
    """One or two sentences a screen reader user gets instead of the picture."""
    if not logs:
        return "No skin logs this month."
    parts = [f"{len(logs)} skin log{'s' if len(logs) != 1 else ''} this month."]
    for key, label in SERIES:
        worst = max(logs, key=lambda log: (getattr(log, key), log.date))
        score = getattr(worst, key)
        if score:
            parts.append(f"Highest {label.lower()}: {SCALE_WORDS[score]} on {worst.date:%-d %b}.")
        else:
            parts.append(f"No {label.lower()} logged.")
    return " ".join(parts)


# Results timeline ----------------------------------------------------------------------

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
