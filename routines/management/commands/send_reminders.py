"""Send due reminders by email. `--loop` keeps going until SIGTERM/SIGINT."""

import signal
import threading

from django.core.mail import mailers
from django.core.management.base import BaseCommand

from routines.reminders.sender import seconds_until_work, send_due


class Command(BaseCommand):
    help = "Send every due, unsent reminder (safe to run several at once)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running, pass after pass.")
        parser.add_argument(
            "--sleep",
            type=float,
            default=30.0,
            help="Longest wait between passes with --loop (shorter when a reminder falls due).",
        )

    def handle(self, *args, loop=False, sleep=30.0, **options):
        stop = threading.Event()
        if loop:
            # Finish the reminder in hand, then leave: never die between claim and send.
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stop.set())
        connection = mailers.default
        total = 0
        while True:
            sent = send_due(connection=connection, stop=stop)
            total += sent
            if sent:
                self.stdout.write(f"Sent {sent} reminder(s).")
            if not loop:
                break
            # Wake early for a reminder falling due or a crashed sender's lease running out.
            soon = seconds_until_work()
            if stop.wait(sleep if soon is None else min(sleep, max(0.5, soon))):
                break
        self.stdout.write(f"Stopped after sending {total} reminder(s).")
