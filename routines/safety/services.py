"""Safety workflows: patch tests, procedures, gating and the reminders derived from them.

Every change to a patch test, a procedure, the user's time zone or nudge settings goes
through a function here, which then re-derives that user's pending reminders
(`sync_reminders`). Nothing is done in signals or `save()`.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from routines.dayplan import holds
from routines.dayplan.selectors import patch_facts
from routines.errors import ActionRefused
from routines.models import PatchRead, PatchTest, Procedure, Reminder
from routines.reminders.services import sync_reminders

Kind = Reminder.Kind


# ---------------------------------------------------------------- patch tests


def start_patch_test(
    user, *, product, product_name: str, site: str, started_at: dt.datetime, notes: str = ""
) -> PatchTest:
    """Record a new patch test and schedule its 48 h and 72 h reminders."""
    with transaction.atomic():
        test = PatchTest.objects.create(
            user=user,
            product=product,
            product_name=product_name or str(product),
            site=site,
            started_at=started_at,
            notes=notes,
        )
        sync_reminders(user)
    return test


def record_read(test: PatchTest, *, result: str, notes: str, now: dt.datetime) -> PatchRead:
    """Record one look at the patch, on its own row. The test's result follows its reads:
    irritation at any read (a late one after a pass included) holds the product for good;
    a clean read at 72 hours or later passes it; anything earlier leaves it running."""
    outcome = outcome_of(test)
    if test.abandoned_at is not None:
        raise ActionRefused("This test was abandoned; start a new one to test again.")
    if outcome == holds.REACTED:
        raise ActionRefused(holds.PATCH_REACTED_MESSAGE)
    if outcome == "passed" and result == PatchTest.Result.NONE:
        raise ActionRefused("This test already passed. Come back only if a late reaction appears.")
    with transaction.atomic():
        read = PatchRead.objects.create(test=test, read_at=now, result=result, notes=notes)
        if notes:
            test.notes = notes
        _summarise(test)
        test.save()
        sync_reminders(test.user)
    return read


def outcome_of(test: PatchTest) -> str:
    """ "running", "passed", "reacted" or "abandoned", from the test's reads."""
    return holds.patch_outcome(patch_facts(test, dt.UTC))


def _summarise(test: PatchTest) -> None:
    """Keep the test's own result columns in step with its reads (lists and the export
    show them): "" while running, "none" once passed, the irritation seen otherwise."""
    if hasattr(test, "_prefetched_objects_cache"):
        test._prefetched_objects_cache.pop("reads", None)
    reads = list(PatchRead.objects.filter(test=test).order_by("read_at", "pk"))
    irritated = [r for r in reads if r.result != PatchTest.Result.NONE]
    final = [r for r in reads if holds.read_slot(test.started_at, r.read_at) == "72h"]
    test.early_read = any(holds.read_slot(test.started_at, r.read_at) == "early" for r in reads)
    if irritated:
        worst = next((r for r in irritated if r.result == PatchTest.Result.REACTION), irritated[0])
        test.result, test.result_at = worst.result, worst.read_at
    elif final:
        test.result, test.result_at = PatchTest.Result.NONE, final[0].read_at
    else:
        test.result, test.result_at = "", None


def override_gate(test: PatchTest, now: dt.datetime) -> PatchTest:
    """The user confirmed using the product before reading the result."""
    test.overridden_at = now
    test.save(update_fields=["overridden_at"])
    return test


def abandon_patch_test(test: PatchTest, now: dt.datetime) -> PatchTest:
    """Stop a test without a result; its reminders are cancelled."""
    with transaction.atomic():
        test.abandoned_at = now
        test.save(update_fields=["abandoned_at"])
        sync_reminders(test.user)
    return test


# ---------------------------------------------------------------- procedures


def save_procedure(procedure: Procedure) -> Procedure:
    """Create or update a procedure and re-derive recovery reminders."""
    with transaction.atomic():
        procedure.save()
        sync_reminders(procedure.user)
    return procedure


def delete_procedure(procedure: Procedure) -> None:
    """Delete a procedure; its reminders cascade, the merged window is re-derived."""
    user = procedure.user
    with transaction.atomic():
        procedure.delete()
        sync_reminders(user)
