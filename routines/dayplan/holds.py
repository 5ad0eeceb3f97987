"""Patch-test holds: the spans of local days a patch test keeps its product off the plan.

Pure rules, no ORM. The guide asks for a 48–72 hour observation: a product is held from
the day its test starts until a read at 72 hours or later shows no reaction; any read
that shows irritation (mild redness included: the guide says an irritated patch means
not using the product on the face) holds it for good, even after an earlier pass.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from catalog.cautions import IRRITATED_PATCH
from routines.safety import rules as safety

# One wording for an irritated patch, in the app and the guide: the shared sentence from
# catalog.cautions (the guide's patch-testing section says it word for word).
PATCH_IRRITATED_ADVICE = IRRITATED_PATCH
PATCH_REACTED_MESSAGE = f"Your patch test showed irritation. {IRRITATED_PATCH}"
PATCH_TESTING_MESSAGE = "Patch test running: not due until the 72-hour read shows no reaction."

TESTING = "testing"
REACTED = "reacted"


@dataclass(frozen=True)
class Hold:
    """A patch test keeps `product_key` off the list on days [start, end)."""

    product_key: str
    start: dt.date
    end: dt.date | None  # None: open-ended (a reaction, or a test still running)
    state: str  # TESTING or REACTED
    message: str
    source_pk: int
    changes_on: dt.date | None = None  # when a running test can next be read

    def contains(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class PatchRead:
    """One look at the patch: when, and what was seen ("none", "mild", "reaction")."""

    at: dt.datetime
    on: dt.date  # the user's local date of `at`
    result: str


@dataclass(frozen=True)
class PatchFacts:
    """What the plan needs to know about one patch test, times already localised."""

    pk: int
    product_key: str
    started_at: dt.datetime
    started_on: dt.date
    reads: tuple[PatchRead, ...] = ()
    abandoned_on: dt.date | None = None
    overridden_on: dt.date | None = None
    final_read_on: dt.date | None = None  # local date of started_at + 72 h


# The guide's 48–72 hour observation (timings live with the other safety rules).
patch_first_read_at = safety.patch_read_at
patch_final_read_at = safety.patch_last_call_at


def read_slot(started_at: dt.datetime, at: dt.datetime) -> str:
    """Which read a look at `at` counts as: "early" (<48 h), "48h" (48–72 h) or "72h"."""
    if at < patch_first_read_at(started_at):
        return "early"
    if at < patch_final_read_at(started_at):
        return "48h"
    return "72h"


def patch_outcome(test: PatchFacts) -> str:
    """ "reacted" if any read showed irritation, "passed" once a read at 72 h or later
    showed none, "abandoned", or "running"."""
    reads = sorted(test.reads, key=lambda r: r.at)
    if any(r.result != "none" for r in reads):
        return REACTED
    if any(read_slot(test.started_at, r.at) == "72h" for r in reads):
        return "passed"
    if test.abandoned_on is not None:
        return "abandoned"
    return "running"


def holds_from_test(test: PatchFacts) -> list[Hold]:
    """The spans of days one patch test keeps its product off the list.

    Running from the start day until the 72-hour read passes (or the test is abandoned,
    or the user chose to go ahead unread); from the first read that showed irritation on,
    held for good, including a late reaction recorded after a pass.
    """
    reads = sorted(test.reads, key=lambda r: r.at)
    reaction = next((r for r in reads if r.result != "none"), None)
    passed = next(
        (r for r in reads if r.result == "none" and read_slot(test.started_at, r.at) == "72h"),
        None,
    )
    released = [
        d
        for d in (
            passed.on if passed and (reaction is None or passed.at < reaction.at) else None,
            test.abandoned_on,
            test.overridden_on,
        )
        if d is not None
    ]
    testing_end = min(released) if released else None
    if reaction is not None and (testing_end is None or reaction.on < testing_end):
        testing_end = reaction.on
    holds = []
    if testing_end is None or testing_end > test.started_on:
        holds.append(
            Hold(
                test.product_key,
                test.started_on,
                testing_end,
                TESTING,
                PATCH_TESTING_MESSAGE,
                test.pk,
                changes_on=test.final_read_on,
            )
        )
    if reaction is not None:
        holds.append(
            Hold(test.product_key, reaction.on, None, REACTED, PATCH_REACTED_MESSAGE, test.pk)
        )
    return holds


def holds_from_tests(tests: Iterable[PatchFacts]) -> list[Hold]:
    return [hold for test in tests for hold in holds_from_test(test)]
