"""Patch tests as the guide says: a 48-hour and a 72-hour read, each recorded on its own;
a late reaction after a pass; backdated tests get the reminders still ahead (and a
"read it now" where one is already due); any irritation holds the product for good."""

import datetime as dt
import html as htmllib

import pytest
import time_machine

from guide.models import Article
from routines.dayplan.holds import PATCH_IRRITATED_ADVICE, PATCH_REACTED_MESSAGE
from routines.models import PatchRead, PatchTest, Reminder
from routines.tracking.selectors import build_today
from tests.routines.safety.factories import (
    PatchTestFactory,
    SafetyRoutineFactory,
    SafetyStepFactory,
)

NOW = dt.datetime(2026, 3, 4, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def page(response):
    return htmllib.unescape(response.content.decode())


def start(client, hours_ago):
    started = (NOW - dt.timedelta(hours=hours_ago)).strftime("%Y-%m-%dT%H:%M")
    return client.post(
        "/routines/patch-tests/",
        {"product_name": "Cell serum", "site": "behind_ear", "started_at": started},
        follow=True,
    )


def read(client, test, result, **extra):
    return client.post(
        f"/routines/patch-tests/{test.pk}/result/", {"result": result, **extra}, follow=True
    )


def serum_step(owner):
    routine = SafetyRoutineFactory(user=owner)
    return SafetyStepFactory(routine=routine, kind="biologic", custom_name="Cell serum")


def is_held(owner):
    (entry,) = build_today(owner, dt.datetime.now(dt.UTC)).entries
    return entry.is_blocked


def test_a_new_test_gets_both_reads_ahead(owner_client, owner):
    response = start(owner_client, 0)
    assert "We'll remind you to read it in 48 hours" in page(response)
    test = PatchTest.objects.get()
    reminders = dict(Reminder.objects.filter(patch_test=test).values_list("kind", "due_at"))
    assert reminders["patch_read"] == NOW + dt.timedelta(hours=48)
    assert reminders["patch_last_call"] == NOW + dt.timedelta(hours=72)


def test_a_test_started_50_hours_ago_is_read_now_and_keeps_the_72_hour_read(owner_client, owner):
    response = start(owner_client, 50)
    assert "48 hours have passed: read it now" in page(response)
    test = PatchTest.objects.get()
    reminders = dict(Reminder.objects.filter(patch_test=test).values_list("kind", "due_at"))
    assert reminders["patch_read"] <= NOW  # due at once: in the notifications now
    assert reminders["patch_last_call"] == test.started_at + dt.timedelta(hours=72)
    notifications = page(owner_client.get("/routines/notifications/"))
    assert "Time to read your patch test of Cell serum" in notifications


def test_a_test_started_80_hours_ago_gets_one_read_it_now(owner_client, owner):
    response = start(owner_client, 80)
    assert "72 hours have passed: read it now" in page(response)
    test = PatchTest.objects.get()
    reminders = list(Reminder.objects.filter(patch_test=test).values_list("kind", "due_at"))
    assert reminders == [("patch_last_call", reminders[0][1])]
    assert reminders[0][1] <= NOW


def test_the_48_hour_read_alone_keeps_the_product_held(owner_client, owner, frozen):
    serum_step(owner)
    test = PatchTestFactory(user=owner, product_name="Cell serum", started_at=NOW)
    frozen.move_to(NOW + dt.timedelta(hours=49))
    response = read(owner_client, test, "none")
    assert "First read saved" in page(response)
    assert "72-hour read" in page(response)
    test.refresh_from_db()
    assert test.result == "" and PatchRead.objects.filter(test=test).count() == 1
    assert is_held(owner)
    # The 48-hour reminder is no longer needed; the 72-hour one still is.
    pending = set(
        Reminder.objects.filter(patch_test=test, sent_at=None).values_list("kind", flat=True)
    )
    assert pending == {"patch_last_call"}
    frozen.move_to(NOW + dt.timedelta(hours=73))
    response = read(owner_client, test, "none")
    assert "Passed." in page(response)
    test.refresh_from_db()
    assert test.result == "none" and PatchRead.objects.filter(test=test).count() == 2
    assert not is_held(owner)
    assert not Reminder.objects.filter(patch_test=test, sent_at=None).exists()


def test_a_late_reaction_after_a_pass_holds_the_product_again(owner_client, owner, frozen):
    serum_step(owner)
    test = PatchTestFactory(user=owner, product_name="Cell serum", started_at=NOW)
    frozen.move_to(NOW + dt.timedelta(hours=73))
    read(owner_client, test, "none")
    assert not is_held(owner)
    frozen.move_to(NOW + dt.timedelta(days=5))
    detail = page(owner_client.get(f"/routines/patch-tests/{test.pk}/"))
    assert "Record a late reaction" in detail
    response = read(owner_client, test, "none")
    assert "already passed" in page(response)
    response = read(owner_client, test, "reaction", notes="itchy on day 5")
    assert PATCH_REACTED_MESSAGE in page(response)
    test.refresh_from_db()
    assert test.result == "reaction"
    assert PatchRead.objects.filter(test=test).count() == 2
    assert is_held(owner)
    (entry,) = build_today(owner, dt.datetime.now(dt.UTC)).entries
    assert entry.blocker.message == PATCH_REACTED_MESSAGE


def test_mild_redness_holds_the_product_and_sends_you_to_a_clinician(owner_client, owner, frozen):
    serum_step(owner)
    test = PatchTestFactory(user=owner, product_name="Cell serum", started_at=NOW)
    frozen.move_to(NOW + dt.timedelta(hours=50))
    response = read(owner_client, test, "mild")
    html = page(response)
    assert PATCH_REACTED_MESSAGE in html
    assert "less often" not in html and "Use it, and watch" not in html
    assert is_held(owner)
    assert not Reminder.objects.filter(patch_test=test, sent_at=None).exists()


def test_the_guide_and_the_app_say_the_same_about_an_irritated_patch(db):
    article = Article.objects.get(slug="how-to-use")
    assert PATCH_IRRITATED_ADVICE in article.body
