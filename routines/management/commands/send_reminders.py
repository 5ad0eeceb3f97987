"""Send due reminders by email. `--loop` keeps going until SIGTERM/SIGINT."""

import signal
import threading

from django.core.mail import mailers
from django.core.management.base import BaseCommand

from routines.reminders.services import send_due


class Command(BaseCommand):
    help = "Send every due, unsent reminder (safe to run several at once)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running, pass after pass.")
        parser.add_argument(
            "--sleep", type=float, default=30.0, help="Seconds between passes with --loop."
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
            if not loop or stop.wait(sleep):
                break
        self.stdout.write(f"Stopped after sending {total} reminder(s).")
