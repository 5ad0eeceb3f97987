"""Safety reads: patch-test gates, recovery windows, and which steps are blocked today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Min
from django.urls import reverse

from routines.dayplan import holds
from routines.dayplan import rules as dayplan
from routines.dayplan import selectors as dayplan_selectors
from routines.models import PatchTest, Procedure, Profile, Step, product_key
from routines.ownproducts.selectors import ingredients_for
from routines.safety import rules as safety
from routines.safety.rules import Blocker


def hold_for_product_of(test: PatchTest, zone, today: dt.date):
    """The hold on `test`'s product today, from all the user's tests of it (two queries)."""
    key = product_key(test.product_id, test.product_name)
    tests = PatchTest.objects.filter(user_id=test.user_id).prefetch_related("reads")
    same = [t for t in tests if product_key(t.product_id, t.product_name) == key]
    return current_holds(same, zone, today).get(key)


def current_holds(tests, zone, today: dt.date) -> dict:
    """product_key → the hold the given patch tests put on that product today (the same
    holds the day plan uses). `tests` should come with their reads prefetched."""
    found: dict = {}
    for test in tests:
        for hold in holds.holds_from_test(dayplan_selectors.patch_facts(test, zone)):
            if not hold.contains(today):
                continue
            current = found.get(hold.product_key)
            if current is None or (hold.state == holds.REACTED and current.state != holds.REACTED):
                found[hold.product_key] = hold
    return found


def pausable_steps(user, steps) -> list[Step]:
    """Those of `steps` a recovery window pauses: retinoid and exfoliant steps by kind, and
    any step whose product contains one (safety.is_paused_during_recovery, the day plan's
    rule). Up to five queries read the products' ingredients."""
    steps = list(steps)
    if not steps:
        return []
    ingredients = ingredients_for(user, steps)
    return [s for s in steps if safety.is_paused_during_recovery(s.kind, ingredients.roles(s))]


def recovery_windows(user) -> list[safety.Window]:
    """The user's merged recovery windows, oldest first (one query)."""
    windows = [
        safety.recovery_window(p.pk, p.date, p.recovery_days)
        for p in Procedure.objects.filter(user=user).only("pk", "date", "recovery_days")
    ]
    return safety.merge_windows(windows)


@dataclass(frozen=True)
class RecoveryStatus:
    """What Today shows about recovery: an open window, or a recent return to maintenance."""

    open: bool
    day_number: int
    length: int
    resume_on: dt.date
    guidance: str


# Days after a window closes during which Today still says "back to maintenance".
RETURN_NOTICE_DAYS = 3


def recovery_status(user, local_date: dt.date) -> RecoveryStatus | None:
    """Today's recovery banner: "day N of M" with guidance, or the return-to-maintenance note."""
    return recovery_status_from(recovery_windows(user), local_date)


def recovery_status_from(windows, local_date: dt.date) -> RecoveryStatus | None:
    """`recovery_status` from merged windows already loaded (the day plan's)."""
    for window in windows:
        if window.contains(local_date):
            return RecoveryStatus(
                True,
                window.day_number(local_date),
                window.length,
                window.end,
                safety.RECOVERY_GUIDANCE,
            )
        if window.end <= local_date < window.end + dt.timedelta(days=RETURN_NOTICE_DAYS):
            return RecoveryStatus(
                False, window.length, window.length, window.end, safety.RETURN_TO_MAINTENANCE
            )
    return None


def editor_warning(
    user, step_kind: str, local_date: dt.date, roles: frozenset[str] = frozenset()
) -> str:
    """The routine editor's warning when a retinoid or exfoliant (by kind, or by what the
    product contains) is added during recovery."""
    if not safety.is_paused_during_recovery(step_kind, roles):
        return ""
    window = safety.window_on(recovery_windows(user), local_date)
    if window is None:
        return ""
    return (
        f"You are in a recovery window (day {window.day_number(local_date)} of "
        f"{window.length}). This step will stay paused until {window.end:%-d %B}; "
        "retinoids and acids should not go on freshly treated skin."
    )


def blocker_for(entry) -> Blocker | None:
    """The Blocker shown for a step the day plan holds or pauses (None otherwise)."""
    if entry.state == dayplan.HELD:
        kind = "stopped" if entry.cause == holds.REACTED else "testing"
        link = reverse("routines:patch_test", args=[entry.source_pk]) if entry.source_pk else ""
        return Blocker(kind=kind, message=entry.reason, link=link, source_pk=entry.source_pk)
    if entry.state == dayplan.PAUSED:
        return Blocker(
            kind="paused",
            message=entry.reason,
            link=reverse("routines:procedures"),
            source_pk=entry.source_pk,
        )
    return None


def step_blockers(user, steps: Iterable[Step], local_date: dt.date, *, data=None) -> dict:
    """Blockers for `steps` on `local_date`, keyed by step id, from the day plan.

    Patch tests hold a product until its 72-hour read passes (for good after any
    irritation) and open recovery windows pause retinoid/exfoliant steps: the same
    answer Today, the streak, History and the reminders get.
    """
    if data is None:
        data = dayplan_selectors.load_plan(user, Profile.for_user(user).zone)
    by_step = data.day(local_date).by_step()
    found = {}
    for step in steps:
        entry = by_step.get(step.pk)
        blocker = blocker_for(entry) if entry is not None else None
        if blocker is not None:
            found[step.pk] = blocker
    return found


def first_data_date(user) -> dt.date:
    """The day the account's own record begins: sign-up, or an earlier step start date."""
    joined = user.date_joined.date()
    first_step = Step.objects.filter(routine__user=user).aggregate(first=Min("start_date"))
    return min(d for d in (joined, first_step["first"]) if d is not None)
