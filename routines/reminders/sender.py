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
  batch), written GROUP emails at a time before the replies are read (config.mail's
  `send_each`: one round trip a group, not one a message). Every message has a stable
  `Message-ID` built from the reminder's id and due time: if a sender dies after the SMTP
  server took a message but before marking it sent, the copy sent again carries the same
  Message-ID, which receiving systems use to drop it.
- **Mark.** The sent-marks and the next routine nudges are written in one transaction, for
  at most MARK_EVERY messages at a time (and at least every third of the lease), so a crash
  sends again at most those few and never loses one.

- **After downtime.** Before claiming, rows more than an hour late collapse to the newest
  per user and kind (the rest are marked sent, not emailed), and a routine nudge speaks
  for the latest day its time came and is emailed only if the day plan has something due
  and open then: one message per kind, not a burst of missed days.

`send_one()` is the single-reminder unit (claim, send, mark); `send_due()` is one pass of
the management command.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
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
from config.mail import WireEmail, send_group
from routines.dayplan.selectors import PlanData
from routines.models import Reminder
from routines.reminders.selectors import (
    build_message,
    claim_lease,
    claimable,
    nudge_email_wanted,
)
from routines.reminders.services import collapse_backlog, schedule_next_nudge, unsubscribe_token

log = logging.getLogger("cellwise.reminders")

BATCH = 200
MARK_EVERY = 50
GROUP = 25  # emails written to the SMTP server before reading its replies
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


def build_email(
    reminder: Reminder, *, to: str | None = None, plans: PlanData | None = None
) -> EmailMultiAlternatives:
    """Plain-text and HTML email with a one-click unsubscribe link, to `to` (the sender
    passes the owner's verified address; by default the account's address). `plans` is
    the owner's day plan when the caller has already loaded it."""
    user = reminder.user
    message = build_message(reminder, user.profile.zone, plans)
    base = settings.SITE_URL
    unsubscribe = base + reverse("routines:unsubscribe", args=[unsubscribe_token(user.pk)])
    context = {"message": message, "link": base + message.path, "unsubscribe": unsubscribe}
    email = WireEmail(
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


def send_email(
    reminder: Reminder, *, to: str | None = None, connection=None, plans: PlanData | None = None
) -> None:
    (connection or mailers.default).send_messages([build_email(reminder, to=to, plans=plans)])


def email_address(reminder: Reminder, verified: dict[int, str] | None = None) -> str | None:
    """Where this reminder is emailed: the owner's verified address, if they want email.
    None: no email (the reminder still shows in the app). `verified` is
    accounts.selectors.verified_emails_for of a batch, to look them up in one query."""
    if not reminder.user.profile.wants_email_reminders:
        return None
    if verified is not None:
        return verified.get(reminder.user_id)
    return verified_email_for(reminder.user)


def wants_email(
    reminder: Reminder, now: dt.datetime, verified: dict[int, str] | None = None
) -> tuple[str | None, PlanData | None]:
    """The address to email this reminder to (None: in the app only) and, for a routine
    nudge, the day plan it was judged by. A nudge with nothing due and open that morning
    or evening, or one long overdue, is not emailed."""
    address = email_address(reminder, verified)
    if not address or reminder.kind != Kind.ROUTINE_NUDGE:
        return address, None
    worth_it, plans = nudge_email_wanted(reminder, now)
    return (address if worth_it else None), plans


def mark_sent(
    done: list[tuple[Reminder, bool]], token: dt.datetime, *, now: dt.datetime | None = None
) -> int:
    """Sent-marks and the next routine nudges, in one transaction; how many were marked."""
    if not done:
        return 0
    sent_at = timezone.now()
    now = now or sent_at
    marked = 0
    nudges = [(r, e) for r, e in done if r.kind == Kind.ROUTINE_NUDGE]
    with transaction.atomic():
        for emailed in (True, False):
            pks = [r.pk for r, e in done if e is emailed and r.kind != Kind.ROUTINE_NUDGE]
            if pks:
                marked += Reminder.objects.filter(
                    pk__in=pks, claimed_at=token, sent_at=None
                ).update(sent_at=sent_at, emailed=emailed)
        for reminder, emailed in nudges:
            # One row each: a nudge's due_at may have moved to the day it spoke for.
            marked += Reminder.objects.filter(
                pk=reminder.pk, claimed_at=token, sent_at=None
            ).update(sent_at=sent_at, emailed=emailed, due_at=reminder.due_at)
            schedule_next_nudge(reminder.user, reminder.period, reminder.due_at, now=now)
    return marked


def send_one(pk: int, *, now: dt.datetime | None = None, connection=None) -> bool:
    """Claim, send and mark one reminder. False when another sender has it."""
    now = now or timezone.now()
    if not claim(pk, now):
        return False
    reminder = Reminder.objects.select_related(*RELATED).get(pk=pk)
    address, plans = wants_email(reminder, now)
    if address:
        send_email(reminder, to=address, connection=connection, plans=plans)
    mark_sent([(reminder, bool(address))], now, now=now)
    return True


class _Batch:
    """One claimed batch: its rows, the claim token, and the lease kept alive."""

    def __init__(self, ids: list[int], token: dt.datetime):
        self.now = token  # the pass's "now"; the token moves on as the lease is renewed
        self.token = token
        self.renewed = time.monotonic()
        self.reminders = list(
            Reminder.objects.select_related(*RELATED)
            .filter(pk__in=ids, claimed_at=token, sent_at=None)
            .order_by("due_at", "pk")
        )
        self.verified = verified_emails_for({r.user_id for r in self.reminders})

    def lease_due(self) -> bool:
        """True once a third of the lease has passed since the claim or the last renewal."""
        return time.monotonic() - self.renewed >= _third_of_lease()

    def keep_alive(self, unmarked: list[int]) -> set[int]:
        """Renew the lease of the rows not yet marked; the ids still held."""
        if not self.lease_due() or not unmarked:
            return set(unmarked)
        token = self.token + dt.timedelta(seconds=time.monotonic() - self.renewed)
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
    # A pipelining mailer takes GROUP at a time; any other, one (stop and lease per message).
    group_size = GROUP if hasattr(mailer, "send_each") else 1
    try:
        while pending and not (stop is not None and stop.is_set()):
            if batch.lease_due():  # (checked first: listing the rows each message is O(n²))
                held = batch.keep_alive([r.pk for r, _ in done] + [r.pk for r in pending])
                if any(r.pk not in held for r, _ in done):
                    log.warning("reminder_lease_lost")  # another sender took over: it resends
                    done = [(r, e) for r, e in done if r.pk in held]
                pending = [r for r in pending if r.pk in held]
                if not pending:
                    break
            group, pending = pending[:group_size], pending[group_size:]
            outgoing = []  # (reminder, email) for those with an address
            for reminder in group:
                address, plans = wants_email(reminder, batch.now, batch.verified)
                if address:
                    outgoing.append((reminder, build_email(reminder, to=address, plans=plans)))
                else:
                    done.append((reminder, False))  # shown in the app only
            if outgoing:
                if not opened:
                    try:
                        mailer.open()
                    except Exception as exc:
                        raise MailerUnavailable(str(exc)) from exc
                    opened = True
                try:
                    results = send_group(mailer, [email for _, email in outgoing])
                except Exception:
                    # Left claimed: when the lease runs out a later pass retries them.
                    log.exception(
                        "reminder_send_failed reminder_ids=%s", [r.pk for r, _ in outgoing]
                    )
                    mailer.close()
                    opened = False
                    continue
                for (reminder, _), taken in zip(outgoing, results, strict=True):
                    if taken:
                        done.append((reminder, True))
                    else:  # refused: left claimed, retried when the lease runs out
                        log.warning("reminder_refused reminder_id=%s", reminder.pk)
            if len(done) >= MARK_EVERY or time.monotonic() - last_mark > _third_of_lease():
                marked += mark_sent(done, batch.token, now=batch.now)
                done, last_mark = [], time.monotonic()
    finally:
        marked += mark_sent(done, batch.token, now=batch.now)
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
    collapse_backlog(now or timezone.now())  # once a pass: rows only fall an hour late slowly
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
