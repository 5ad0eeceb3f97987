"""Safety reads: patch-test gates, recovery windows, and which steps are blocked today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse

from routines.models import PatchTest, Procedure
from routines.ownproducts.selectors import ingredients_for
from routines.safety import rules as safety
from routines.safety.rules import Blocker


def _record(test: PatchTest) -> safety.PatchRecord:
    return safety.PatchRecord(
        pk=test.pk,
        started_at=test.started_at,
        result=test.result,
        abandoned=test.abandoned_at is not None,
        mild_decision=test.mild_decision,
        overridden=test.overridden_at is not None,
    )


def product_key(product_id: int | None, name: str) -> str:
    """Tests and steps match on the catalog product, or on the typed name."""
    return f"p{product_id}" if product_id else "n" + name.strip().casefold()


def gates_for_user(user) -> dict[str, safety.Blocker]:
    """product_key → Blocker for every gated product of the user (one query)."""
    by_key: dict[str, list[safety.PatchRecord]] = {}
    for test in PatchTest.objects.filter(user=user):
        by_key.setdefault(product_key(test.product_id, test.product_name), []).append(_record(test))
    gates = {}
    for key, records in by_key.items():
        blocker = safety.product_gate(records)
        if blocker is not None:
            gates[key] = safety.Blocker(
                blocker.kind,
                blocker.message,
                link=reverse("routines:patch_test", args=[blocker.source_pk]),
                source_pk=blocker.source_pk,
            )
    return gates


def recovery_windows(user) -> list[safety.Window]:
    """The user's merged recovery windows, oldest first (one query)."""
    windows = [
        safety.recovery_window(p.pk, p.date, p.recovery_days)
        for p in Procedure.objects.filter(user=user).only("pk", "date", "recovery_days")
    ]
    return safety.merge_windows(windows)


def step_blockers(user, steps, local_date: dt.date, *, ingredients=None) -> dict[int, Blocker]:
    """step id → Blocker for steps that are stopped, under test or paused today.

    Used by Today, the editor, advice and check-ins. Two queries, whatever the number of
    steps; while a recovery window is open, up to five more read what each product contains
    (routines.ownproducts.selectors.ingredients_for; pass `ingredients` if already loaded).
    """
    steps = list(steps)
    gates = gates_for_user(user)
    window = safety.window_on(recovery_windows(user), local_date)
    if window is not None and ingredients is None:
        ingredients = ingredients_for(user, steps)
    blockers: dict[int, safety.Blocker] = {}
    for step in steps:
        gate = gates.get(product_key(step.product_id, step.custom_name))
        if gate is None and window is not None:
            roles = ingredients.roles(step)
            gate = safety.recovery_blocker(step.kind, window, local_date, roles)
            if gate is not None:
                gate = safety.Blocker(
                    gate.kind,
                    gate.message,
                    link=reverse("routines:procedures"),
                    source_pk=gate.source_pk,
                )
        if gate is not None:
            blockers[step.pk] = gate
    return blockers


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
    for window in recovery_windows(user):
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
