"""The sender at scale (routines/reminders/sender.py): batches, one SMTP connection a batch,
a stable Message-ID, sent-mark and next nudge in one transaction, a short renewed lease."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, connections

from routines.models import Profile, Reminder
from routines.reminders import sender
from tests.factories import UserFactory
from tests.routines.safety.factories import PatchTestFactory, ReminderFactory

DUE = dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC)
LATER = DUE + dt.timedelta(minutes=1)

pytestmark = pytest.mark.django_db


class CountingBackend(EmailBackend):
    """locmem that behaves like the SMTP backend about connections, and counts them:
    send_messages() on a closed backend opens a connection for that call only."""

    opened = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_open = False

    def open(self):
        if self.is_open:
            return False
        CountingBackend.opened.append(0)
        self.is_open = True
        return True

    def close(self):
        self.is_open = False

    def send_messages(self, messages):
        new = self.open()
        CountingBackend.opened[-1] += len(messages)
        try:
            return super().send_messages(messages)
        finally:
            if new:
                self.close()


@pytest.fixture(autouse=True)
def mailer(settings):
    CountingBackend.opened = []
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.CountingBackend"}}
    settings.SITE_URL = "https://cellwise.example"


# Late enough that every row make_due() writes is due (one a second from DUE), and less
# than an hour late: rows older than that are a backlog after downtime and collapse to one
# per user and kind (services.collapse_backlog, tested in tests/routines/dayplan/).
SEND_AT = DUE + dt.timedelta(minutes=10)


def make_due(count, *, users=5, due=DUE):
    people = UserFactory.create_batch(users)
    tests = [PatchTestFactory(user=u, started_at=due - dt.timedelta(hours=48)) for u in people]
    return Reminder.objects.bulk_create(
        [
            Reminder(
                user=people[i % users],
                patch_test=tests[i % users],
                kind="patch_read",
                due_at=due + dt.timedelta(seconds=i),
            )
            for i in range(count)
        ]
    )


def test_one_smtp_connection_per_batch(settings):
    make_due(sender.BATCH + 50)
    assert sender.send_due(now=SEND_AT) == sender.BATCH + 50
    assert CountingBackend.opened == [sender.BATCH, 50]
    assert Reminder.objects.filter(sent_at=None).count() == 0


def test_batches_are_claimed_oldest_first_and_queries_do_not_grow_per_reminder(
    django_assert_max_num_queries,
):
    make_due(20)
    # The backlog check (1), claim (2 + savepoint), load (1), per reminder the routine
    # lookups the message needs are on the loaded rows; sent-marks in groups of MARK_EVERY.
    # 20 reminders stay well below one query each.
    with django_assert_max_num_queries(13):
        assert sender.send_due(now=SEND_AT) == 20
    sent = [m.extra_headers["X-Cellwise-Reminder"] for m in mail.outbox]
    assert sent == [
        str(pk) for pk in Reminder.objects.order_by("due_at").values_list("pk", flat=True)
    ]


def test_message_id_is_stable_per_reminder_and_differs_between_reminders():
    first, second = make_due(2)
    sender.send_one(first.pk, now=LATER)
    [email] = mail.outbox
    assert email.message()["Message-ID"] == sender.message_id(first)
    # A retry after a crash builds the same id again; another reminder never shares it.
    first.refresh_from_db()
    assert sender.build_email(first).message()["Message-ID"] == email.message()["Message-ID"]
    assert sender.message_id(second) != sender.message_id(first)
    assert sender.message_id(first).endswith("@cellwise.example>")


def test_sent_mark_and_next_nudge_are_one_transaction(owner, monkeypatch):
    Profile.objects.filter(user=owner).update(am_nudge_at=dt.time(8, 0))
    nudge = Reminder.objects.create(user=owner, kind="routine_nudge", period="am", due_at=DUE)

    def broken(*args, **kwargs):
        raise RuntimeError("database went away while scheduling")

    monkeypatch.setattr(sender, "schedule_next_nudge", broken)
    with pytest.raises(RuntimeError):
        sender.send_one(nudge.pk, now=LATER)
    nudge.refresh_from_db()
    assert nudge.sent_at is None  # not marked sent without its next nudge
    monkeypatch.undo()
    assert sender.send_due(now=LATER + dt.timedelta(minutes=5)) == 1
    nudge.refresh_from_db()
    assert nudge.sent_at is not None
    queued = Reminder.objects.get(user=owner, kind="routine_nudge", sent_at=None)
    assert queued.due_at > nudge.due_at


def test_a_slow_batch_renews_its_lease_so_no_second_sender_steps_in(settings, monkeypatch):
    settings.REMINDER_CLAIM_LEASE_SECONDS = 3
    rows = make_due(4)
    ids = sender.claim_batch(LATER)
    assert sorted(ids) == sorted(r.pk for r in rows)
    clock = [0.0]
    monkeypatch.setattr(sender.time, "monotonic", lambda: clock[0])
    stolen = []

    class SlowBackend(EmailBackend):
        def send_messages(self, messages):
            clock[0] += 2.0  # each message takes two seconds of a three-second lease
            # Meanwhile another sender looks for work at the matching moment.
            stolen.extend(sender.claim_batch(LATER + dt.timedelta(seconds=clock[0])))
            return super().send_messages(messages)

    assert sender.send_batch(ids, LATER, connection=SlowBackend()) == 4
    assert stolen == []
    assert len(mail.outbox) == 4


def test_a_crashed_senders_batch_is_taken_over_once_its_lease_runs_out(settings):
    settings.REMINDER_CLAIM_LEASE_SECONDS = 20
    make_due(3)
    assert len(sender.claim_batch(LATER)) == 3  # ... and the sender dies
    assert sender.send_due(now=LATER + dt.timedelta(seconds=19)) == 0
    assert sender.seconds_until_work(LATER + dt.timedelta(seconds=19)) == pytest.approx(1.0)
    assert sender.send_due(now=LATER + dt.timedelta(seconds=21)) == 3
    assert len({m.extra_headers["X-Cellwise-Reminder"] for m in mail.outbox}) == 3


def test_seconds_until_work_points_at_the_next_due_reminder():
    make_due(1, due=DUE + dt.timedelta(minutes=10))
    assert sender.seconds_until_work(DUE) == pytest.approx(600.0)
    Reminder.objects.all().delete()
    assert sender.seconds_until_work(DUE) is None


def test_sigterm_gives_the_rest_of_the_batch_back_at_once():
    make_due(5)
    ids = sender.claim_batch(LATER)
    stop = threading.Event()

    class StopAfterTwo(EmailBackend):
        def send_messages(self, messages):
            count = super().send_messages(messages)
            if len(mail.outbox) == 2:
                stop.set()
            return count

    assert sender.send_batch(ids, LATER, connection=StopAfterTwo(), stop=stop) == 2
    assert Reminder.objects.filter(sent_at=None, claimed_at=None).count() == 3
    assert sender.send_due(now=LATER) == 3  # another sender takes them straight away


def test_an_unreachable_smtp_server_ends_the_pass_and_keeps_the_claims(settings):
    make_due(3)

    class Down(EmailBackend):
        def open(self):
            raise ConnectionRefusedError("connection refused")

    assert sender.send_due(now=LATER, connection=Down()) == 0
    assert Reminder.objects.filter(sent_at=None, claimed_at=LATER).count() == 3
    later = LATER + sender.claim_lease() + dt.timedelta(seconds=1)
    assert sender.send_due(now=later) == 3


@pytest.mark.django_db(transaction=True)
def test_postgresql_claims_skip_rows_another_sender_has_locked():
    if connection.vendor != "postgresql":
        pytest.skip(
            "SELECT … FOR UPDATE SKIP LOCKED is the PostgreSQL claim; SQLite "
            "serialises writers instead (tests/routines/reminders/test_concurrency.py)"
        )
    rows = make_due(3)
    locked = rows[0].pk
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute("SELECT id FROM routines_reminder WHERE id = %s FOR UPDATE", [locked])
            # Without SKIP LOCKED this would wait for the other transaction.
            ids = sender.claim_batch(LATER)
            cursor.execute("ROLLBACK")
    finally:
        other.close()
    assert sorted(ids) == sorted(r.pk for r in rows[1:])
    assert sender.claim_batch(LATER) == [locked]


def test_wire_bytes_is_the_same_email_as_djangos_serialisation(owner):
    import email
    import email.policy

    test = PatchTestFactory(
        user=owner, product_name="Sérum «Cellule» 10 %", started_at=DUE - dt.timedelta(hours=48)
    )
    reminder = ReminderFactory(user=owner, patch_test=test, due_at=DUE)
    built = sender.build_email(reminder)
    ours = email.message_from_bytes(built.wire_bytes(), policy=email.policy.default)
    django = email.message_from_bytes(
        built.message(policy=email.policy.SMTP).as_bytes(), policy=email.policy.default
    )
    for header in (
        "Subject",
        "From",
        "To",
        "Message-ID",
        "List-Unsubscribe",
        "List-Unsubscribe-Post",
        "X-Cellwise-Reminder",
    ):
        assert str(ours[header]) == str(django[header]), header
    assert "Sérum «Cellule» 10 %" in str(ours["Subject"])
    assert ours.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in ours.iter_parts()] == ["text/plain", "text/html"]
    assert [p.get_content() for p in ours.iter_parts()] == [
        p.get_content() for p in django.iter_parts()
    ]
    assert ours["Date"] is not None and not ours.defects
    assert all(len(line) <= 998 for line in built.wire_bytes().split(b"\r\n"))


def test_wire_bytes_refuses_header_injection(owner):
    reminder = ReminderFactory(user=owner)
    built = sender.build_email(reminder)
    built.subject = "Hello\r\nBcc: victim@example.com"
    with pytest.raises(ValueError, match="newlines"):
        built.wire_bytes()
