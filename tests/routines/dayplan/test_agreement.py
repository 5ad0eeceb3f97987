"""Every part that says what is due agrees with the day plan, over random routines,
schedules, patch tests, procedures and days (hypothesis, on the real database).

Each consumer is asked for its own view of one day: Today's checklist, History's cell,
the routine nudge (email and notification), the calendar feed's event and the printable
summary; the due-step names each gives must be the plan's open steps, period by period.
"""

import datetime as dt

import icalendar
import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from routines.dayplan.selectors import load_plan
from routines.models import CheckIn, PatchRead, PatchTest, Procedure, Reminder, Routine, Step
from routines.reminders.selectors import build_calendar, build_message
from routines.summary.selectors import build_summary
from routines.tracking.selectors import build_history, build_today
from tests.factories import UserFactory

ZONE = "Europe/Berlin"
BASE = dt.date(2026, 3, 1)
KINDS = ["cleanser", "retinoid", "exfoliant", "biologic", "moisturiser"]
SCHEDULES = ["daily", "every_other_day", "every_n_days", "weekdays", "alternate"]


@st.composite
def scenarios(draw):
    steps = []
    count = draw(st.integers(1, 6))
    for index in range(count):
        sched = draw(st.sampled_from(SCHEDULES))
        steps.append(
            {
                "period": draw(st.sampled_from(["am", "pm"])),
                "kind": draw(st.sampled_from(KINDS)),
                "schedule": sched,
                "interval_days": draw(st.integers(2, 4)),
                "weekdays": "".join(
                    sorted(draw(st.sets(st.sampled_from("0123456"), min_size=1, max_size=4)))
                ),
                "partner": draw(st.integers(0, count - 1)) if sched == "alternate" else None,
                "start": draw(st.integers(0, 20)),
                "ended": draw(st.none() | st.integers(1, 40)),
                "name": f"Product {chr(65 + index)}",
            }
        )
    tests = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "step": st.integers(0, count - 1),
                    "start_hours": st.integers(0, 24 * 30),
                    "reads": st.lists(
                        st.tuples(
                            st.integers(1, 24 * 8), st.sampled_from(["none", "none", "mild"])
                        ),
                        max_size=3,
                    ),
                }
            ),
            max_size=2,
        )
    )
    procedures = draw(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 14)), max_size=2))
    day = draw(st.integers(10, 34))
    return {"steps": steps, "tests": tests, "procedures": procedures, "day": day}


def build(scenario):
    user = UserFactory()
    profile = user.profile
    profile.timezone = ZONE
    profile.am_nudge_at = dt.time(7, 30)
    profile.pm_nudge_at = dt.time(20, 0)
    profile.save()
    routines = {
        period: Routine.objects.create(user=user, name=f"Routine {period}", period=period)
        for period in ("am", "pm")
    }
    rows = []
    for index, spec in enumerate(scenario["steps"]):
        rows.append(
            Step.objects.create(
                routine=routines[spec["period"]],
                position=index,
                custom_name=spec["name"],
                kind=spec["kind"],
                schedule="every_other_day" if spec["schedule"] == "alternate" else spec["schedule"],
                interval_days=spec["interval_days"] if spec["schedule"] == "every_n_days" else None,
                weekdays=spec["weekdays"] if spec["schedule"] == "weekdays" else "",
                start_date=BASE + dt.timedelta(days=spec["start"]),
                ended_on=(
                    BASE + dt.timedelta(days=spec["start"] + spec["ended"])
                    if spec["ended"]
                    else None
                ),
            )
        )
    for spec, row in zip(scenario["steps"], rows, strict=True):
        partner = rows[spec["partner"]] if spec["partner"] is not None else None
        if partner is not None and partner.pk != row.pk:
            row.schedule = "alternate"
            row.alternate_with = partner
            row.save()
    start = dt.datetime.combine(BASE, dt.time(9), tzinfo=dt.UTC)
    for spec in scenario["tests"]:
        step = rows[spec["step"]]
        test = PatchTest.objects.create(
            user=user,
            product_name=step.custom_name,
            started_at=start + dt.timedelta(hours=spec["start_hours"]),
        )
        for hours, result in spec["reads"]:
            PatchRead.objects.create(
                test=test, read_at=test.started_at + dt.timedelta(hours=hours), result=result
            )
    for offset, days in scenario["procedures"]:
        Procedure.objects.create(
            user=user,
            kind="microneedling",
            date=BASE + dt.timedelta(days=offset),
            recovery_days=days,
        )
    return user, profile


def names_after(prefix: str, line: str) -> set[str]:
    if not line.startswith(prefix):
        return set()
    return {name.strip() for name in line[len(prefix) :].rstrip(".").split(",") if name.strip()}


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(scenarios())
def test_today_history_streak_reminders_calendar_and_summary_agree(scenario):
    with transaction.atomic():
        user, profile = build(scenario)
        day = BASE + dt.timedelta(days=scenario["day"])
        zone = profile.zone
        # 06:00 on that day, local: both of the day's nudges are still to come.
        now = dt.datetime.combine(day, dt.time(6, 0), tzinfo=zone).astimezone(dt.UTC)
        plan = load_plan(user, zone).day(day)
        expected = {p: {e.step.name for e in plan.open(p)} for p in ("am", "pm")}

        # Today
        view = build_today(user, now, profile=profile)
        assert view.day == day
        today = {
            p: {
                e.step.name
                for s in view.sections
                if s.routine.period == p
                for e in s.entries
                if not e.is_blocked
            }
            for p in ("am", "pm")
        }
        assert today == expected

        # History's cell for that day
        context = build_history(user, day.replace(day=1), day, profile=profile)
        cell = next(d for week in context["weeks"] for d in week if d and d.date == day)
        assert set(cell.names) == expected["am"] | expected["pm"]
        assert cell.due == len(expected["am"] | expected["pm"])

        # The streak counts the day as complete once every open step is ticked.
        for pk in plan.open_ids():
            CheckIn.objects.create(user=user, step_id=pk, date=day)
        assert build_today(user, now, profile=profile).all_done == bool(plan.open_ids())

        # The routine nudges (email body and notification share build_message)
        for period, at in (("am", profile.am_nudge_at), ("pm", profile.pm_nudge_at)):
            due_at = dt.datetime.combine(day, at, tzinfo=zone).astimezone(dt.UTC)
            reminder = Reminder(user=user, kind="routine_nudge", period=period, due_at=due_at)
            message = build_message(reminder, zone)
            when = "this morning" if period == "am" else "this evening"
            assert names_after(f"Due {when}: ", message.lines[0]) == expected[period]

        # The calendar feed's event for that day
        feed = icalendar.Calendar.from_ical(build_calendar(profile, now=now, host="testserver"))
        for period in ("am", "pm"):
            uid_part = f"-{period}-{day:%Y%m%d}@"
            events = [e for e in feed.walk("VEVENT") if uid_part in str(e["UID"])]
            if not expected[period]:
                assert events == []
                continue
            (event,) = events
            assert event.walk("VALARM"), "routine events carry an alarm"
            when = "this morning" if period == "am" else "this evening"
            first_line = str(event["DESCRIPTION"]).splitlines()[0]
            assert names_after(f"Due {when}: ", first_line) == expected[period]

        # The printable summary's "due today"
        summary = build_summary(user, day - dt.timedelta(days=28), day, day)
        assert {e.step.name for e in summary["plan"].open()} == expected["am"] | expected["pm"]
        transaction.set_rollback(True)
