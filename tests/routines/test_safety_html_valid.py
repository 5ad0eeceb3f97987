"""The safety pages are valid HTML according to the Nu HTML checker (vnu-jar from npm)."""

import datetime as dt
import json
import shutil
import subprocess

import pytest

from tests.guide.test_html_valid import VNU
from tests.routines.safety_factories import PatchTestFactory, ProcedureFactory, ReminderFactory


@pytest.mark.skipif(
    not VNU.exists() or not shutil.which("java"), reason="needs java and npm's vnu-jar"
)
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
    files = []
    for number, url in enumerate(pages):
        response = owner_client.get(url)
        assert response.status_code == 200, url
        path = tmp_path / f"page{number}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    result = subprocess.run(  # noqa: S603 - fixed arguments, local files
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    problems = [
        f"{pages[files.index(m['url'].removeprefix('file:'))]}: {m['message']}"
        for m in messages
        if "“hx-" not in m["message"]
    ]
    assert messages, "the checker ran (htmx attributes are always reported)"
    assert problems == []
