"""Logging helpers for config/settings.py's LOGGING."""

import logging


class ClientErrorsInOneLine(logging.Filter):
    """Drop the traceback from a request log record whose response was a 4xx.

    Django logs an ordinary 403 (PermissionDenied) or 400 (SuspiciousOperation) with the
    exception attached, so the console showed a full traceback for what is a normal
    answer; real errors (5xx, or records without a status) keep theirs.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if record.exc_info and isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
