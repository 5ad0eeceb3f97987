"""Sending reminders: claim one row with a guarded UPDATE, email it, mark it sent.

`send_one()` is the unit the tests call; the management command only loops over it.
Exactly-once under normal operation: the claim is an UPDATE guarded on
`sent_at IS NULL AND (claimed_at IS NULL OR claimed_at < stale)`, which matches for
exactly one worker (PostgreSQL row locks; SQLite IMMEDIATE transactions serialise
writers). A sender that dies after claiming leaves a claim that goes stale after
CLAIM_TIMEOUT and is then retried by another pass.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, mailers
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.selectors import verified_email_for
from routines import safety
from routines.models import Reminder, Routine, Step

log = logging.getLogger("cellwise.reminders")

CLAIM_TIMEOUT = dt.timedelta(minutes=10)
UNSUBSCRIBE_SALT = "routines.reminders.unsubscribe"
Kind = Reminder.Kind


def unsubscribe_token(user_id: int) -> str:
    return signing.dumps(user_id, salt=UNSUBSCRIBE_SALT)


def user_from_unsubscribe_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def due_ids(now: dt.datetime, limit: int = 500) -> list[int]:
    """Ids of due, unsent, unclaimed (or stale-claimed) reminders, oldest first."""
    return list(
        Reminder.objects.filter(sent_at=None, due_at__lte=now)
        .filter(Q(claimed_at=None) | Q(claimed_at__lt=now - CLAIM_TIMEOUT))
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def claim(pk: int, now: dt.datetime) -> bool:
    """True for exactly one caller per reminder (until the claim goes stale)."""
    # due_at is re-checked: a service may have moved the reminder since it was listed.
    return (
        Reminder.objects.filter(pk=pk, sent_at=None, due_at__lte=now)
        .filter(Q(claimed_at=None) | Q(claimed_at__lt=now - CLAIM_TIMEOUT))
        .update(claimed_at=now)
        == 1
    )


@dataclass
class Message:
    subject: str
    lines: list[str]
    path: str
    action: str


def _local(moment: dt.datetime, zone) -> str:
    local = moment.astimezone(zone)
    return f"{local:%a %-d %b at %H:%M} ({zone.key})"


def routine_step_names(user, period: str) -> list[str]:
    steps = (
        Step.objects.filter(routine__user=user, routine__is_active=True, routine__period=period)
        .select_related("product__brand")
        .order_by("routine__name", "position", "pk")
    )
    return [step.name for step in steps]


def build_message(
    reminder: Reminder, zone, step_names: dict[str, list[str]] | None = None
) -> Message:
    """Subject, body lines and link for one reminder, times in the user's zone.

    `step_names` (period → names) lets a list page name routine steps without a query
    per nudge.
    """
    kind = reminder.kind
    if kind in (Kind.SHELF_EXPIRES_SOON, Kind.SHELF_EXPIRES, Kind.SHELF_REORDER):
        name = reminder.shelf_item.name
        path = reverse("routines:shelf")
        if kind == Kind.SHELF_EXPIRES_SOON:
            return Message(
                f"{name} expires in two weeks",
                [
                    f"Your {name} reaches its expiry date in 14 days.",
                    "Plan to finish it or replace it.",
                ],
                path,
                "Open my shelf",
            )
        if kind == Kind.SHELF_EXPIRES:
            return Message(
                f"{name} expires today",
                [
                    f"Today is the expiry date of your {name}.",
                    "Mark it finished or discarded on your shelf.",
                ],
                path,
                "Open my shelf",
            )
        return Message(
            f"Time to reorder {name}",
            [f"At your current schedule, your {name} runs out in about two weeks."],
            path,
            "Open my shelf",
        )
    if kind in (Kind.PATCH_TEST_READ, Kind.PATCH_TEST_LAST_CALL):
        test = reminder.patch_test
        path = reverse("routines:patch_test", args=[test.pk])
        started = _local(test.started_at, zone)
        ends = _local(safety.patch_last_call_at(test.started_at), zone)
        if kind == Kind.PATCH_TEST_READ:
            return Message(
                f"Time to read your patch test of {test.product_name}",
                [
                    f"You started a patch test of {test.product_name} on {started}.",
                    "48 hours have passed: look at the patch and record what you see.",
                    f"The observation window closes on {ends}.",
                ],
                path,
                "Record the result",
            )
        return Message(
            f"Last call: patch test of {test.product_name}",
            [
                f"The 72-hour window for your patch test of {test.product_name} closes now "
                f"({ends}).",
                "This reminder is sent at the time the window closes, even at night, so "
                "the reading is not missed.",
            ],
            path,
            "Record the result",
        )
    if kind == Kind.RECOVERY_ENDS:
        return Message(
            "Your recovery window has ended",
            [safety.RETURN_TO_MAINTENANCE],
            reverse("routines:procedures"),
            "See your procedures",
        )
    if kind == Kind.STEP_RESUMES:
        return Message(
            f"{reminder.step.name} can come back into your routine",
            [
                f"{reminder.step.name} was paused while your skin recovered.",
                "Reintroduce it slowly; if your skin protests, space it out further.",
            ],
            reverse("routines:today"),
            "Open today's routine",
        )
    if step_names is not None:
        names = step_names.get(reminder.period, [])
    else:
        names = routine_step_names(reminder.user, reminder.period)
    label = "morning" if reminder.period == Routine.Period.AM else "evening"
    return Message(
        f"Your {label} routine",
        [f"Time for your {label} routine: " + (", ".join(names) or "no steps yet") + "."],
        reverse("routines:today"),
        "Open today's routine",
    )


def send_email(reminder: Reminder, *, to: str, connection=None) -> None:
    """Plain-text and HTML email with a one-click unsubscribe link, to a verified address."""
    user = reminder.user
    zone = user.profile.zone
    message = build_message(reminder, zone)
    base = settings.SITE_URL
    unsubscribe = base + reverse("routines:unsubscribe", args=[unsubscribe_token(user.pk)])
    context = {"message": message, "link": base + message.path, "unsubscribe": unsubscribe}
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=render_to_string("routines/safety/email/reminder.txt", context),
        to=[to],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "X-Cellwise-Reminder": str(reminder.pk),
        },
    )
    email.attach_alternative(
        render_to_string("routines/safety/email/reminder.html", context), "text/html"
    )
    (connection or mailers.default).send_messages([email])


def send_one(pk: int, *, now: dt.datetime | None = None, connection=None) -> bool:
    """Claim, send and mark one reminder. False when another sender has it."""
    from routines.safety_services import schedule_next_nudge

    now = now or timezone.now()
    if not claim(pk, now):
        return False
    reminder = Reminder.objects.select_related(
        "user__profile", "patch_test", "procedure", "step__product__brand"
    ).get(pk=pk)
    # Only to an address its owner has confirmed; the reminder still shows in the app.
    address = (
        verified_email_for(reminder.user) if reminder.user.profile.wants_email_reminders else None
    )
    wants_email = bool(address)
    if wants_email:
        send_email(reminder, to=address, connection=connection)
    Reminder.objects.filter(pk=pk).update(sent_at=timezone.now(), emailed=wants_email)
    if reminder.kind == Kind.ROUTINE_NUDGE:
        schedule_next_nudge(reminder.user, reminder.period, reminder.due_at)
    return True


def send_due(now: dt.datetime | None = None, *, connection=None, stop=None) -> int:
    """One pass: send every due reminder; returns how many this process sent."""
    sent = 0
    while True:
        now_ = now or timezone.now()
        ids = due_ids(now_)
        if not ids:
            return sent
        for pk in ids:
            if stop is not None and stop.is_set():
                return sent
            try:
                sent += send_one(pk, now=now_, connection=connection)
            except Exception:
                # Left claimed: the claim goes stale and a later pass retries it.
                log.exception("reminder_send_failed reminder_id=%s", pk)
