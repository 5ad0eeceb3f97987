"""The console log as a developer reads it: one line for an ordinary 403, a traceback only
for real errors, and each line printed once."""

import io
import logging

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.log import configure_logging


@pytest.fixture
def console(monkeypatch):
    """The site's LOGGING applied with its console handler writing into a buffer."""
    buffer = io.StringIO()
    monkeypatch.setattr("sys.stderr", buffer)
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
    yield buffer
    monkeypatch.undo()
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


@pytest.mark.parametrize("debug", [True, False])
def test_a_403_is_one_line_without_a_traceback(editor_client, settings, console, debug):
    settings.DEBUG = debug
    # A staff editor may not see user accounts: the admin raises PermissionDenied.
    response = editor_client.get(reverse("admin:auth_user_changelist"))
    assert response.status_code == 403
    lines = [line for line in console.getvalue().splitlines() if line.strip()]
    assert len([line for line in lines if "Forbidden (Permission denied)" in line]) == 1, lines
    assert "Traceback" not in console.getvalue()


def test_a_server_error_still_logs_its_traceback(console):
    try:
        raise RuntimeError("broken on purpose")
    except RuntimeError as error:
        logging.getLogger("django.request").error(
            "Internal Server Error: /x", exc_info=error, extra={"status_code": 500}
        )
    output = console.getvalue()
    assert "Traceback" in output and "broken on purpose" in output
