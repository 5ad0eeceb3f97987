"""Sending due reminders: batches claimed under a short lease, one SMTP connection a batch.

Any number of sender processes on any number of hosts share the work:

- **Claim.** A pass claims up to BATCH due rows at once. On PostgreSQL they are picked with
  `SELECT … FOR UPDATE SKIP LOCKED`, so senders never wait for each other or pick the same
  rows; on SQLite the pick and the UPDATE run in one IMMEDIATE transaction, which
  serialises writers. The UPDATE itself stays guarded on `sent_at IS NULL AND (claimed_at
  IS NULL OR claimed_at < now - lease)`, and the claim time it writes is the claim's token:
  every later write of this sender to the row checks it.
- **Lease.** A claim lasts REMINDER_CLAIM_LEASE_SECONDS (20). A sender that dies (`kill -9`,
  a lost host) holds its batch that long at most; then any sender's next pass takes it
  over, so a held "last call" goes out within a minute rather than ten. A live sender
  renews the lease on the rest of its batch as it goes, so a slow SMTP server never lets a
  second sender in.
- **Send.** One SMTP connection per batch (`mailers.default`, opened once, closed after the
  batch). Every message has a stable `Message-ID` built from the reminder's id and due
  time: if a sender dies after the SMTP server took a message but before marking it sent,
  the copy sent again carries the same Message-ID, which receiving systems use to drop it.
- **Mark.** The sent-marks and the next routine nudges are written in one transaction, for
  at most MARK_EVERY messages at a time (and at least every third of the lease), so a crash
  sends again at most those few and never loses one.

`send_one()` is the single-reminder unit (claim, send, mark); `send_due()` is one pass of
the management command.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import secrets
import time
from email.header import Header
from email.utils import formataddr, formatdate, make_msgid, parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import connection as db
from django.db import transaction
from django.db.models import Min
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.selectors import verified_email_for, verified_emails_for
from routines.models import Reminder
from routines.reminders.selectors import build_message, claim_lease, claimable
from routines.reminders.services import schedule_next_nudge, unsubscribe_token

log = logging.getLogger("cellwise.reminders")

BATCH = 200
MARK_EVERY = 50
Kind = Reminder.Kind
RELATED = ("user__profile", "patch_test", "procedure", "step__product__brand", "shelf_item")


class MailerUnavailable(Exception):
    """The SMTP server could not be reached: the pass ends, the batch waits for its lease."""


def claim(pk: int, now: dt.datetime) -> bool:
    """True for exactly one caller per reminder (until its lease runs out)."""
    # due_at is re-checked: a service may have moved the reminder since it was listed.
    return claimable(now).filter(pk=pk).update(claimed_at=now) == 1


def claim_batch(now: dt.datetime, limit: int = BATCH) -> list[int]:
    """Claim up to `limit` due reminders, oldest first; their ids (claimed_at = now)."""
    with transaction.atomic():
        picked = claimable(now).order_by("due_at", "pk")
        if db.features.has_select_for_update_skip_locked:
            picked = picked.select_for_update(skip_locked=True)
        ids = list(picked.values_list("pk", flat=True)[:limit])
        if not ids:
            return []
        updated = claimable(now).filter(pk__in=ids).update(claimed_at=now)
    if updated != len(ids):  # not expected: the rows were locked (or writers serialised)
        ids = list(
            Reminder.objects.filter(pk__in=ids, claimed_at=now, sent_at=None).values_list(
                "pk", flat=True
            )
        )
    return ids


def message_id(reminder: Reminder) -> str:
    """The same for every attempt at one reminder, different for every reminder."""
    domain = urlsplit(settings.SITE_URL).hostname or "cellwise.local"
    return f"<reminder.{reminder.pk}.{reminder.due_at:%Y%m%dT%H%M%SZ}@{domain}>"


class ReminderEmail(EmailMultiAlternatives):
    """Django's EmailMultiAlternatives, plus `wire_bytes()`: the same email as SMTP sends it,
    built directly. Django builds every message with the standard library's modern email
    API, which parses and refolds each header: about 10 ms a reminder here, most of a
    sender's time. A reminder is always the same shape (a text body, one HTML alternative,
    a few short headers), so it is written out with base64 parts and RFC 2047 headers at a
    small fraction of that. config/mail.py sends `wire_bytes()` when a message has it;
    every other backend (console, locmem in tests) uses Django's `message()` unchanged.
    tests/routines/reminders/test_sender_batches.py parses both and compares them."""

    def wire_bytes(self) -> bytes:
        boundary = f"=_{secrets.token_hex(16)}"
        headers = {
            "Subject": _header_text(str(self.subject)),
            "From": _address(str(self.extra_headers.get("From", self.from_email))),
            "To": ", ".join(_address(address) for address in self.to),
            "Date": formatdate(usegmt=True),
            "Message-ID": str(self.extra_headers.get("Message-ID") or make_msgid()),
            "MIME-Version": "1.0",
        }
        for name, value in self.extra_headers.items():
            if name.lower() not in {"from", "to", "cc", "bcc", "reply-to", "message-id"}:
                headers[name] = _header_text(str(value))
        parts = [(self.body, "text/plain"), *((c, m) for c, m in self.alternatives)]
        lines = []
        if len(parts) > 1:
            headers["Content-Type"] = f'multipart/alternative; boundary="{boundary}"'
        lines += [f"{name}: {value}" for name, value in headers.items()]
        for content, mimetype in parts:
            if len(parts) > 1:
                lines += ["", f"--{boundary}"]
            # Text in MIME has CRLF line breaks (RFC 2046), inside base64 too.
            text = str(content).replace("\r\n", "\n").replace("\n", "\r\n")
            encoded = base64.encodebytes(text.encode()).decode("ascii")
            lines += [
                f"Content-Type: {mimetype}; charset=utf-8",
                "Content-Transfer-Encoding: base64",
                "",
                encoded.rstrip("\n").replace("\n", "\r\n"),
            ]
        if len(parts) > 1:
            lines += ["", f"--{boundary}--"]
        return ("\r\n".join(lines) + "\r\n").encode("ascii")


def _header_text(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError("header values cannot contain newlines")
    if value.isascii():
        return value
    return Header(value, "utf-8").encode(linesep="\r\n")


def _address(value: str) -> str:
    name, address = parseaddr(value)
    if not address or "\n" in value or "\r" in value or not address.isascii():
        raise ValueError(f"not an address this sender can write: {value!r}")
    return formataddr((name, address), charset="utf-8")


def build_email(reminder: Reminder, *, to: str | None = None) -> EmailMultiAlternatives:
    """Plain-text and HTML email with a one-click unsubscribe link, to `to` (the sender
    passes the owner's verified address; by default the account's address)."""
    user = reminder.user
    message = build_message(reminder, user.profile.zone)
    base = settings.SITE_URL
    unsubscribe = base + reverse("routines:unsubscribe", args=[unsubscribe_token(user.pk)])
    context = {"message": message, "link": base + message.path, "unsubscribe": unsubscribe}
    email = ReminderEmail(
        subject=message.subject,
        body=render_to_string("routines/reminders/email/reminder.txt", context),
        to=[to or user.email],
        headers={
            "Message-ID": message_id(reminder),
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "X-Cellwise-Reminder": str(reminder.pk),
        },
    )
    email.attach_alternative(
        render_to_string("routines/reminders/email/reminder.html", context), "text/html"
    )
    return email


def send_email(reminder: Reminder, *, to: str | None = None, connection=None) -> None:
    (connection or mailers.default).send_messages([build_email(reminder, to=to)])


def email_address(reminder: Reminder, verified: dict[int, str] | None = None) -> str | None:
    """Where this reminder is emailed: the owner's verified address, if they want email.
    None: no email (the reminder still shows in the app). `verified` is
    accounts.selectors.verified_emails_for of a batch, to look them up in one query."""
    if not reminder.user.profile.wants_email_reminders:
        return None
    if verified is not None:
        return verified.get(reminder.user_id)
    return verified_email_for(reminder.user)


def mark_sent(done: list[tuple[Reminder, bool]], token: dt.datetime) -> int:
    """Sent-marks and the next routine nudges, in one transaction; how many were marked."""
    if not done:
        return 0
    sent_at = timezone.now()
    marked = 0
    with transaction.atomic():
        for emailed in (True, False):
            pks = [reminder.pk for reminder, e in done if e is emailed]
            if pks:
                marked += Reminder.objects.filter(
                    pk__in=pks, claimed_at=token, sent_at=None
                ).update(sent_at=sent_at, emailed=emailed)
        for reminder, _ in done:
            if reminder.kind == Kind.ROUTINE_NUDGE:
                schedule_next_nudge(reminder.user, reminder.period, reminder.due_at)
    return marked


def send_one(pk: int, *, now: dt.datetime | None = None, connection=None) -> bool:
    """Claim, send and mark one reminder. False when another sender has it."""
    now = now or timezone.now()
    if not claim(pk, now):
        return False
    reminder = Reminder.objects.select_related(*RELATED).get(pk=pk)
    address = email_address(reminder)
    if address:
        send_email(reminder, to=address, connection=connection)
    mark_sent([(reminder, bool(address))], now)
    return True


class _Batch:
    """One claimed batch: its rows, the claim token, and the lease kept alive."""

    def __init__(self, ids: list[int], token: dt.datetime):
        self.token = token
        self.renewed = time.monotonic()
        self.reminders = list(
            Reminder.objects.select_related(*RELATED)
            .filter(pk__in=ids, claimed_at=token, sent_at=None)
            .order_by("due_at", "pk")
        )
        self.verified = verified_emails_for({r.user_id for r in self.reminders})

    def keep_alive(self, unmarked: list[int]) -> set[int]:
        """Renew the lease of the rows not yet marked; the ids still held."""
        elapsed = time.monotonic() - self.renewed
        if elapsed < _third_of_lease() or not unmarked:
            return set(unmarked)
        token = self.token + dt.timedelta(seconds=elapsed)
        Reminder.objects.filter(pk__in=unmarked, claimed_at=self.token, sent_at=None).update(
            claimed_at=token
        )
        self.token, self.renewed = token, time.monotonic()
        return set(
            Reminder.objects.filter(pk__in=unmarked, claimed_at=token).values_list("pk", flat=True)
        )


def send_batch(ids: list[int], token: dt.datetime, *, connection=None, stop=None) -> int:
    """Send a claimed batch over one SMTP connection; how many reminders were marked sent."""
    batch = _Batch(ids, token)
    mailer = connection or mailers.default
    opened = False
    done: list[tuple[Reminder, bool]] = []  # sent, not yet marked
    marked = 0
    last_mark = time.monotonic()
    pending = list(batch.reminders)
    try:
        while pending and not (stop is not None and stop.is_set()):
            held = batch.keep_alive([r.pk for r, _ in done] + [r.pk for r in pending])
            if any(r.pk not in held for r, _ in done):
                log.warning("reminder_lease_lost")  # another sender took over: it resends
                done = [(r, e) for r, e in done if r.pk in held]
            reminder = pending.pop(0)
            if reminder.pk not in held:
                continue
            address = email_address(reminder, batch.verified)
            emailed = bool(address)
            if emailed:
                if not opened:
                    try:
                        mailer.open()
                    except Exception as exc:
                        raise MailerUnavailable(str(exc)) from exc
                    opened = True
                try:
                    mailer.send_messages([build_email(reminder, to=address)])
                except Exception:
                    # Left claimed: when the lease runs out a later pass retries it.
                    log.exception("reminder_send_failed reminder_id=%s", reminder.pk)
                    mailer.close()
                    opened = False
                    continue
            done.append((reminder, emailed))
            if len(done) >= MARK_EVERY or time.monotonic() - last_mark > _third_of_lease():
                marked += mark_sent(done, batch.token)
                done, last_mark = [], time.monotonic()
    finally:
        marked += mark_sent(done, batch.token)
        if opened:
            mailer.close()
        if pending and stop is not None and stop.is_set():
            # Stopped (SIGTERM): give the rest back so other senders take it at once.
            Reminder.objects.filter(
                pk__in=[r.pk for r in pending], claimed_at=batch.token, sent_at=None
            ).update(claimed_at=None)
    return marked


def _third_of_lease() -> float:
    return claim_lease().total_seconds() / 3


def send_due(now: dt.datetime | None = None, *, connection=None, stop=None) -> int:
    """One pass: send every due reminder, batch after batch; how many this process sent."""
    sent = 0
    while stop is None or not stop.is_set():
        now_ = now or timezone.now()
        ids = claim_batch(now_)
        if not ids:
            break
        try:
            sent += send_batch(ids, now_, connection=connection, stop=stop)
        except MailerUnavailable as exc:
            log.error("reminder_mailer_unavailable %s", exc)  # the batch waits for its lease
            break
    return sent


def seconds_until_work(now: dt.datetime | None = None) -> float | None:
    """Seconds until the next reminder falls due or a held lease runs out; None if neither."""
    now = now or timezone.now()
    unsent = Reminder.objects.filter(sent_at=None)
    next_due = unsent.filter(due_at__gt=now).aggregate(at=Min("due_at"))["at"]
    held = unsent.filter(due_at__lte=now, claimed_at__isnull=False).aggregate(at=Min("claimed_at"))[
        "at"
    ]
    moments = [m for m in (next_due, held and held + claim_lease()) if m is not None]
    if not moments:
        return None
    return max(0.0, (min(moments) - now).total_seconds())
