"""The safety pages are valid HTML according to the Nu HTML checker (vnu-jar from npm)."""

import datetime as dt

import pytest

from tests.quality.checkers import invalid_html
from tests.routines.safety.factories import PatchTestFactory, ProcedureFactory, ReminderFactory


@pytest.mark.django_db
def test_safety_pages_are_valid_html(owner_client, owner, tmp_path):
    now = dt.datetime.now(dt.UTC)
    test = PatchTestFactory(user=owner, started_at=now - dt.timedelta(hours=50))
    mild = PatchTestFactory(user=owner, result="mild", result_at=now)
    procedure = ProcedureFactory(user=owner, date=now.date())
    ReminderFactory(user=owner, patch_test=test, due_at=now - dt.timedelta(hours=1))
    pages = [
        "/routines/patch-tests/",
        f"/routines/patch-tests/{test.pk}/",
        f"/routines/patch-tests/{mild.pk}/",
        "/routines/procedures/",
        f"/routines/procedures/{procedure.pk}/edit/",
        "/routines/notifications/",
        "/routines/reminders/",
        "/routines/",
    ]
    assert invalid_html(owner_client, pages, tmp_path) == []
