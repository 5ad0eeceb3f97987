"""A mail backend for multi-process tests: one line per message, appended to a shared file."""

import os

from django.core.mail.backends.base import BaseEmailBackend


class AppendingBackend(BaseEmailBackend):
    """Writes "<reminder id> <recipient> <pid>" per message to $SENDER_LOG (O_APPEND is atomic)."""

    def send_messages(self, messages):
        fd = os.open(os.environ["SENDER_LOG"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            for message in messages:
                reminder_id = message.extra_headers["X-Cellwise-Reminder"]
                line = f"{reminder_id} {message.to[0]} {os.getpid()}\n"
                os.write(fd, line.encode())
        finally:
            os.close(fd)
        return len(messages)
