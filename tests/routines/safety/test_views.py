"""Every safety URL: owner works, another user gets 404, anonymous users log in first."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.cautions import IRRITATED_PATCH
from routines.dayplan.holds import PATCH_REACTED_MESSAGE
from routines.models import PatchTest, Procedure, Profile, Reminder
from tests.catalog.factories import ProductFactory
from tests.routines.factories import RoutineFactory, StepFactory
from tests.routines.safety.factories import (
    PatchTestFactory,
    ProcedureFactory,
    ReminderFactory,
)

UTC = dt.UTC
NOW = dt.datetime(2026, 3, 4, 12, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def test_row(owner):
    return PatchTestFactory(user=owner, started_at=NOW - dt.timedelta(hours=50))


@pytest.fixture
def procedure(owner):
    return ProcedureFactory(user=owner, date=dt.date(2026, 3, 1))


@pytest.fixture
def reminder(owner, test_row):
    return ReminderFactory(user=owner, patch_test=test_row, due_at=NOW - dt.timedelta(hours=1))


def object_urls(test_row, procedure, reminder):
    t, p, r = test_row.pk, procedure.pk, reminder.pk
    return [
        ("get", f"/routines/patch-tests/{t}/"),
        ("post", f"/routines/patch-tests/{t}/result/"),
        ("post", f"/routines/patch-tests/{t}/override/"),
        ("post", f"/routines/patch-tests/{t}/abandon/"),
        ("get", f"/routines/procedures/{p}/edit/"),
        ("post", f"/routines/procedures/{p}/edit/"),
        ("post", f"/routines/procedures/{p}/delete/"),
        ("post", f"/routines/notifications/{r}/dismiss/"),
    ]


LIST_URLS = [
    ("get", "/routines/patch-tests/"),
    ("get", "/routines/procedures/"),
    ("get", "/routines/notifications/"),
    ("get", "/routines/notifications/badge/"),
    ("post", "/routines/notifications/read-all/"),
    ("get", "/routines/reminders/"),
    ("post", "/routines/calendar/regenerate/"),
]


def test_anonymous_users_are_sent_to_log_in(client, test_row, procedure, reminder):
    for method, url in object_urls(test_row, procedure, reminder) + LIST_URLS:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url


def test_other_users_get_404_and_change_nothing(other_client, test_row, procedure, reminder):
    for method, url in object_urls(test_row, procedure, reminder):
        data = {"result": "reaction", "confirm": "on", "decision": "use", "recovery_days": "3"}
        response = (
            getattr(other_client, method)(url, data)
            if method == "post"
            else (other_client.get(url))
        )
        assert response.status_code == 404, url
    test_row.refresh_from_db()
    assert test_row.result == "" and test_row.abandoned_at is None
    assert test_row.overridden_at is None
    assert Procedure.objects.get(pk=procedure.pk).recovery_days == 7
    assert Reminder.objects.get(pk=reminder.pk).dismissed_at is None


def test_owner_pages_render(owner_client, test_row, procedure, reminder):
    for url in [
        "/routines/patch-tests/",
        f"/routines/patch-tests/{test_row.pk}/",
        "/routines/procedures/",
        f"/routines/procedures/{procedure.pk}/edit/",
        "/routines/notifications/",
        "/routines/reminders/",
    ]:
        assert owner_client.get(url).status_code == 200, url


def test_start_patch_test_defaults_to_now_in_the_users_zone(owner_client, owner):
    Profile.objects.filter(user=owner).update(timezone="America/New_York")
    response = owner_client.get("/routines/patch-tests/")
    assert b'value="2026-03-04T07:00"' in response.content  # 12:00 UTC is 07:00 EST
    product = ProductFactory()
    response = owner_client.post(
        "/routines/patch-tests/",
        {"product": product.pk, "site": "behind_ear", "started_at": "2026-03-04T07:00"},
    )
    test = PatchTest.objects.get()
    assert response.status_code == 302
    assert test.started_at == NOW  # stored in UTC
    assert test.product_name == str(product)
    assert Reminder.objects.filter(patch_test=test).count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"site": "inner_forearm", "started_at": "2026-03-04T10:00"}, b"Choose a product"),
        (
            {"product_name": "X", "site": "inner_forearm", "started_at": "2026-03-05T10:00"},
            b"in the future",
        ),
        ({"product_name": "X", "site": "nose", "started_at": "2026-03-04T10:00"}, b"valid choice"),
    ],
)
def test_bad_patch_test_input_is_explained_and_saves_nothing(owner_client, data, message):
    response = owner_client.post("/routines/patch-tests/", data)
    assert response.status_code == 400
    assert message in response.content
    assert not PatchTest.objects.exists() and not Reminder.objects.exists()


def test_a_catalog_product_and_a_typed_name_ask_which_one(owner_client):
    product = ProductFactory()
    data = {"product": product.pk, "product_name": "Rosehip oil", "site": "inner_forearm"}
    response = owner_client.post(
        "/routines/patch-tests/", {**data, "started_at": "2026-03-04T10:00"}
    )
    assert response.status_code == 400
    assert not PatchTest.objects.exists()
    html = response.content.decode()
    # The message sits with the typed name, and says what to do.
    field = html[html.index('id="id_product_name_error"') - 400 : html.index('name="product_name"')]
    assert "Keep one" in field and "Rosehip oil" in field
    # Typing the catalog product's own name is no conflict.
    response = owner_client.post(
        "/routines/patch-tests/",
        {**data, "product_name": str(product).upper(), "started_at": "2026-03-04T10:00"},
    )
    assert response.status_code == 302
    assert PatchTest.objects.get().product_name == str(product)


def test_the_form_asks_for_one_of_catalog_product_or_name(owner_client):
    html = owner_client.get("/routines/patch-tests/").content.decode()
    assert "<legend>What are you testing?</legend>" in html


def test_a_48h_read_then_a_72h_read_pass_the_test(owner_client, test_row, reminder):
    # Two reads, each on its own: the first (50 h) leaves the test running.
    response = owner_client.post(
        f"/routines/patch-tests/{test_row.pk}/result/", {"result": "none", "notes": "calm"}
    )
    assert response.status_code == 302
    test_row.refresh_from_db()
    assert test_row.result == "" and not test_row.early_read
    assert b"Passed." not in owner_client.get(f"/routines/patch-tests/{test_row.pk}/").content
    with time_machine.travel(NOW + dt.timedelta(hours=23), tick=False):
        owner_client.post(f"/routines/patch-tests/{test_row.pk}/result/", {"result": "none"})
        page = owner_client.get(f"/routines/patch-tests/{test_row.pk}/")
    test_row.refresh_from_db()
    assert test_row.result == "none" and test_row.reads.count() == 2
    assert b"Passed." in page.content


def test_early_read_needs_confirmation(owner_client, owner):
    test = PatchTestFactory(user=owner, started_at=NOW - dt.timedelta(hours=10))
    url = f"/routines/patch-tests/{test.pk}/result/"
    response = owner_client.post(url, {"result": "none"})
    assert response.status_code == 400
    assert b"less than 48 hours" in response.content
    test.refresh_from_db()
    assert test.result == ""
    response = owner_client.post(url, {"result": "none", "confirm_early": "on"})
    assert response.status_code == 302
    test.refresh_from_db()
    # Recorded as an early read; the test runs on until its 72-hour read.
    assert test.result == "" and test.early_read and test.reads.count() == 1


def test_reaction_or_mild_redness_keeps_it_off_the_face(owner_client, owner):
    # The guide: an irritated patch means not using the product on the face. Mild redness
    # is no longer a "use it, less often" choice.
    for result in ("reaction", "mild"):
        test = PatchTestFactory(user=owner, started_at=NOW - dt.timedelta(hours=50))
        owner_client.post(f"/routines/patch-tests/{test.pk}/result/", {"result": result})
        page = owner_client.get(f"/routines/patch-tests/{test.pk}/").content.decode()
        assert "Keep it off your face." in page and PATCH_REACTED_MESSAGE in page
        assert "less often" not in page and "decision" not in page
        test.refresh_from_db()
        assert test.result == result


def test_a_test_that_showed_irritation_takes_no_more_reads(owner_client, test_row):
    url = f"/routines/patch-tests/{test_row.pk}/result/"
    owner_client.post(url, {"result": "mild"})
    response = owner_client.post(url, {"result": "none"}, follow=True)
    assert PATCH_REACTED_MESSAGE in response.content.decode()
    assert test_row.reads.count() == 1


def test_override_needs_the_box_ticked(owner_client, test_row):
    url = f"/routines/patch-tests/{test_row.pk}/override/"
    assert owner_client.post(url, {}).status_code == 400
    test_row.refresh_from_db()
    assert test_row.overridden_at is None
    assert owner_client.post(url, {"confirm": "on"}).status_code == 302
    test_row.refresh_from_db()
    assert test_row.overridden_at == NOW


def test_abandon_and_result_after_abandon_is_refused(owner_client, test_row, reminder):
    owner_client.post(f"/routines/patch-tests/{test_row.pk}/abandon/")
    test_row.refresh_from_db()
    assert test_row.abandoned_at == NOW
    assert not Reminder.objects.filter(patch_test=test_row, sent_at=None).exists()
    response = owner_client.post(
        f"/routines/patch-tests/{test_row.pk}/result/", {"result": "none"}, follow=True
    )
    assert b"This test was abandoned" in response.content
    test_row.refresh_from_db()
    assert test_row.result == ""


def test_log_procedure_uses_kind_default(owner_client, owner):
    response = owner_client.post(
        "/routines/procedures/", {"kind": "fractional_laser", "date": "2026-03-04"}
    )
    assert response.status_code == 302
    procedure = Procedure.objects.get()
    assert procedure.recovery_days == 14
    page = owner_client.get("/routines/procedures/")
    assert b"Recovery mode: day 1 of 14" in page.content


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"kind": "microneedling", "date": "2026-03-04", "recovery_days": "0"},
            b"between 1 and 28",
        ),
        (
            {"kind": "microneedling", "date": "2026-03-04", "recovery_days": "99"},
            b"between 1 and 28",
        ),
        ({"kind": "microneedling", "date": "2027-06-01"}, b"more than a year away"),
        # Not before the account's first year of data (the owner joined on 4 March 2026).
        ({"kind": "microneedling", "date": "1900-01-01"}, b"before 4 March 2025"),
        ({"kind": "microneedling", "date": "2025-03-03"}, b"before 4 March 2025"),
        ({"kind": "facelift", "date": "2026-03-04"}, b"valid choice"),
    ],
)
def test_bad_procedure_input_is_explained_and_saves_nothing(owner_client, data, message):
    response = owner_client.post("/routines/procedures/", data)
    assert response.status_code == 400
    assert message in response.content
    assert not Procedure.objects.exists() and not Reminder.objects.exists()


def test_a_procedure_within_a_year_before_the_first_data_is_accepted(owner_client, owner):
    StepFactory(routine=RoutineFactory(user=owner), start_date=dt.date(2025, 6, 1))
    response = owner_client.post(
        "/routines/procedures/", {"kind": "microneedling", "date": "2024-06-01"}
    )
    assert response.status_code == 302  # a year before the first step's start
    assert Procedure.objects.get().date == dt.date(2024, 6, 1)


def test_bad_edit_changes_nothing(owner_client, procedure):
    response = owner_client.post(
        f"/routines/procedures/{procedure.pk}/edit/",
        {"kind": "microneedling", "date": "2026-03-01", "recovery_days": "99"},
    )
    assert response.status_code == 400
    assert b"between 1 and 28" in response.content
    procedure.refresh_from_db()
    assert procedure.recovery_days == 7


def test_edit_and_delete_procedure(owner_client, procedure):
    response = owner_client.post(
        f"/routines/procedures/{procedure.pk}/edit/",
        {"kind": "chemical_peel", "date": "2026-03-02", "recovery_days": "10"},
    )
    assert response.status_code == 302
    procedure.refresh_from_db()
    assert (procedure.kind, procedure.recovery_days) == ("chemical_peel", 10)
    assert Reminder.objects.get(kind="recovery_ends").due_at == dt.datetime(
        2026, 3, 12, 8, 0, tzinfo=UTC
    )
    owner_client.post(f"/routines/procedures/{procedure.pk}/delete/")
    assert not Procedure.objects.exists() and not Reminder.objects.exists()


def test_badge_counts_due_unread_reminders(owner_client, owner, reminder):
    ReminderFactory(user=owner, due_at=NOW + dt.timedelta(hours=1))  # not due yet
    page = owner_client.get("/routines/procedures/")
    assert b'hx-get="/routines/notifications/badge/"' in page.content
    assert b'href="/routines/notifications/"' in page.content  # works without JS too
    badge = owner_client.get("/routines/notifications/badge/", headers={"HX-Request": "true"})
    assert b">1<" in badge.content
    assert "HX-Request" in badge["Vary"]


def test_badge_poll_changes_nothing_while_the_count_shown_is_right(owner_client, owner, reminder):
    page = owner_client.get("/routines/procedures/")
    assert b'hx-include="#notif-shown"' in page.content
    assert b'name="shown" value="0"' in page.content  # the page itself runs no count query
    url, htmx = "/routines/notifications/badge/", {"HX-Request": "true"}
    changed = owner_client.get(url, {"shown": "0"}, headers=htmx)
    assert changed.status_code == 200 and b">1<" in changed.content
    assert b'name="shown" value="1"' in changed.content  # the next poll sends the new count
    same = owner_client.get(url, {"shown": "1"}, headers=htmx)
    assert same.status_code == 204 and same.content == b""
    reminder.read_at = NOW
    reminder.save()
    cleared = owner_client.get(url, {"shown": "1"}, headers=htmx)
    assert cleared.status_code == 200 and b"unread-badge" not in cleared.content
    assert owner_client.get(url, {"shown": "junk"}, headers=htmx).status_code == 200


def test_dismiss_and_mark_all_read(owner_client, owner, reminder):
    second = ReminderFactory(user=owner, due_at=NOW - dt.timedelta(hours=2))
    owner_client.post("/routines/notifications/read-all/")
    assert Reminder.objects.filter(read_at=None).count() == 0
    owner_client.post(f"/routines/notifications/{second.pk}/dismiss/")
    page = owner_client.get("/routines/notifications/")
    assert page.content.count(b"Dismiss<") == 1


def test_regenerate_calendar_token_kills_old_url(owner_client, owner, client):
    # The address is created by a POST (a page view never writes).
    owner_client.post("/routines/calendar/regenerate/")
    old = Profile.objects.get(user=owner).calendar_token
    assert client.get(f"/routines/calendar/{old}.ics").status_code == 200
    owner_client.post("/routines/calendar/regenerate/")
    new = Profile.objects.get(user=owner).calendar_token
    assert new != old
    assert client.get(f"/routines/calendar/{old}.ics").status_code == 404
    assert client.get(f"/routines/calendar/{new}.ics").status_code == 200
    assert client.get("/routines/calendar/wrong-token.ics").status_code == 404


def test_nudge_settings_validate(owner_client, owner):
    response = owner_client.post("/routines/reminders/", {"am_nudge_at": "25:99"})
    assert response.status_code == 400
    assert Profile.objects.get(user=owner).am_nudge_at is None
    owner_client.post("/routines/reminders/", {"am_nudge_at": "07:30", "pm_nudge_at": ""})
    assert Profile.objects.get(user=owner).am_nudge_at == dt.time(7, 30)
    assert Reminder.objects.filter(kind="routine_nudge").count() == 1


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("/routines/patch-tests/", lambda user, n: PatchTestFactory.create_batch(n, user=user)),
        ("/routines/procedures/", lambda user, n: ProcedureFactory.create_batch(n, user=user)),
        (
            "/routines/notifications/",
            lambda user, n: (
                ReminderFactory.create_batch(n, user=user, due_at=NOW - dt.timedelta(hours=1))
                + ReminderFactory.create_batch(
                    n,
                    user=user,
                    kind="routine_nudge",
                    patch_test=None,
                    period="am",
                    due_at=NOW - dt.timedelta(hours=2),
                )
            ),
        ),
    ],
)
def test_list_query_count_is_constant(owner_client, owner, url, make, django_assert_num_queries):
    make(owner, 1)
    owner_client.get(url)  # warm the session and profile
    with CaptureQueriesContext(connection) as one:
        owner_client.get(url)
    make(owner, 49)
    with django_assert_num_queries(len(one.captured_queries)):
        assert owner_client.get(url).status_code == 200


def test_one_voice_on_safety_guide_cautions_and_patch_test_flow_match(owner_client, owner):
    """The guide, a product's caution and every patch-test page say the same sentences."""
    from catalog.cautions import PATCH_TEST_STEPS, product_cautions
    from catalog.models import Product
    from guide.models import Article
    from guide.rendering import plain_text

    guide = " ".join(plain_text(Article.objects.get(slug="how-to-use").body).split())
    product = Product.objects.get(slug="angela-caglia-cell-forte-serum")
    caution = next(c for c in product_cautions(product) if c.kind == "patch_test").text
    listing = owner_client.get("/routines/patch-tests/").content.decode()
    reaction = PatchTestFactory(user=owner, started_at=NOW - dt.timedelta(hours=50))
    owner_client.post(f"/routines/patch-tests/{reaction.pk}/result/", {"result": "reaction"})
    reaction_page = owner_client.get(f"/routines/patch-tests/{reaction.pk}/").content.decode()
    for sentence in (PATCH_TEST_STEPS, IRRITATED_PATCH):
        assert sentence in guide and sentence in caution
    assert PATCH_TEST_STEPS in listing
    assert IRRITATED_PATCH in reaction_page
