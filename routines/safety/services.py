"""Safety workflows: patch tests, procedures, gating and the reminders derived from them.

Every change to a patch test, a procedure, the user's time zone or nudge settings goes
through a function here, which then re-derives that user's pending reminders
(`sync_reminders`). Nothing is done in signals or `save()`.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from routines.models import PatchTest, Procedure, Reminder
from routines.reminders.services import sync_reminders
from routines.safety import rules as safety

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


def record_result(test: PatchTest, *, result: str, notes: str, now: dt.datetime) -> PatchTest:
    """Store the reading; an early read (before 48 h) is flagged as such."""
    with transaction.atomic():
        test.result = result
        test.result_at = now
        test.early_read = safety.is_early_read(test.started_at, now)
        test.mild_decision = ""
        if notes:
            test.notes = notes
        test.save()
        sync_reminders(test.user)
    return test


def decide_after_mild(test: PatchTest, decision: str) -> PatchTest:
    """Record whether the user will use a product that caused mild redness or itch."""
    test.mild_decision = decision
    test.save(update_fields=["mild_decision"])
    return test


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
