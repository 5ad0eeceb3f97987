import datetime as dt
import html as htmllib

import pytest
import time_machine
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from routines.dayplan.holds import PATCH_TESTING_MESSAGE
from routines.dayplan.selectors import load_plan
from routines.models import CheckIn, Profile, SkinLog, Step
from routines.tracking.selectors import STREAK_WINDOW_DAYS, build_today
from tests.conftest import SESSION_QUERIES
from tests.factories import UserFactory
from tests.routines.factories import CheckInFactory, RoutineFactory, StepFactory
from tests.routines.safety.factories import PatchTestFactory, ProcedureFactory

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 25)
YESTERDAY = dt.date(2026, 11, 24)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def evening(owner):
    return RoutineFactory(user=owner, name="Evening", period="pm")


def check(client, step, status="done", day=TODAY, htmx=False):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        reverse("routines:step_check", args=[step.pk]),
        {"status": status, "day": day.isoformat()},
        headers=headers,
    )


def page(response):
    return htmllib.unescape(response.content.decode())


# build_today


def test_build_today_lists_due_steps_with_their_marks(owner, evening):
    daily = StepFactory(routine=evening, custom_name="Cleanser")
    other = StepFactory(
        routine=evening, custom_name="Retinoid", schedule="every_other_day", start_date=YESTERDAY
    )
    CheckInFactory(step=daily, date=TODAY)
    view = build_today(owner, NOW)
    (section,) = view.sections
    assert [e.step for e in section.entries] == [daily]
    assert section.entries[0].status == "done"
    assert section.resting == [other]
    assert view.due_count == 1 and view.all_done


def test_today_is_the_users_local_date(owner, evening):
    owner.profile.timezone = "Pacific/Kiritimati"  # UTC+14: already the 26th
    owner.profile.save()
    assert build_today(owner, NOW).today == dt.date(2026, 11, 26)


def test_blocked_steps_show_the_message_instead_of_a_checkbox(owner, evening):
    StepFactory(routine=evening, custom_name="New serum")
    test = PatchTestFactory(user=owner, product_name="New serum", started_at=NOW)
    view = build_today(owner, NOW)
    blocker = view.entries[0].blocker
    assert blocker.kind == "testing" and blocker.message == PATCH_TESTING_MESSAGE
    assert blocker.link == reverse("routines:patch_test", args=[test.pk])
    assert view.due_count == 0


def test_blocked_step_renders_without_a_tick(owner_client, owner, evening):
    step = StepFactory(routine=evening, custom_name="New serum", kind="retinoid")
    ProcedureFactory(user=owner, date=TODAY - dt.timedelta(days=1), recovery_days=7)
    html = page(owner_client.get(reverse("routines:today")))
    assert "Paused for recovery (day 2 of 7); back on 1 Dec." in html
    assert reverse("routines:step_check", args=[step.pk]) not in html
    response = check(owner_client, step)
    assert not CheckIn.objects.exists()
    assert response.status_code == 302


def test_streak_counts_days_with_every_step_done(owner, evening):
    step = StepFactory(routine=evening, start_date=TODAY - dt.timedelta(days=30))
    for offset in range(1, 6):
        CheckInFactory(step=step, date=TODAY - dt.timedelta(days=offset))
    assert build_today(owner, NOW).streak == 5
    CheckInFactory(step=step, date=TODAY)
    assert build_today(owner, NOW).streak == 6


@pytest.mark.parametrize("days", [20, 21, 22, 40, 364])
def test_streak_reaches_past_the_first_look_back(owner, evening, days):
    """Runs of any length inside the look-back window are counted in full."""
    step = StepFactory(routine=evening, start_date=TODAY - dt.timedelta(days=500))
    CheckIn.objects.bulk_create(
        CheckIn(user=owner, step=step, date=TODAY - dt.timedelta(days=d))
        for d in range(1, days + 1)
    )
    view = build_today(owner, NOW)
    assert view.streak == days
    assert not view.streak_capped


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    schedules=st.lists(st.sampled_from(["daily", "every_other_day"]), min_size=1, max_size=3),
    started=st.integers(0, 60),
    missed=st.sets(st.tuples(st.integers(0, 60), st.integers(0, 2)), max_size=4),
)
def test_streak_read_in_two_parts_is_the_streak_over_the_whole_window(schedules, started, missed):
    """Reading three weeks first and the rest only while unbroken gives the day plan's
    streak over every check-in, wherever the run breaks (inside, at or past the first
    look-back) and whenever the routine began."""
    user = UserFactory()
    routine = RoutineFactory(user=user, period="pm")
    start = TODAY - dt.timedelta(days=started)
    steps = [StepFactory(routine=routine, schedule=s, start_date=start) for s in schedules]
    CheckIn.objects.bulk_create(
        CheckIn(user=user, step=step, date=TODAY - dt.timedelta(days=offset))
        for offset in range(started + 1)
        for index, step in enumerate(steps)
        if (offset, index) not in missed
    )
    data = load_plan(user, Profile.for_user(user).zone)
    done = set(CheckIn.objects.filter(user=user).values_list("date", "step_id"))
    expected, _ = data.streak(done, TODAY, limit_days=STREAK_WINDOW_DAYS)
    assert build_today(user, NOW).streak == expected


def test_streak_longer_than_the_window_is_shown_as_capped(owner, evening):
    step = StepFactory(routine=evening, start_date=TODAY - dt.timedelta(days=500))
    CheckIn.objects.bulk_create(
        CheckIn(user=owner, step=step, date=TODAY - dt.timedelta(days=d)) for d in range(450)
    )
    view = build_today(owner, NOW)
    assert view.streak == STREAK_WINDOW_DAYS
    assert view.streak_capped


def test_expectations_for_recent_biologic(owner, evening):
    StepFactory(
        routine=evening,
        kind="biologic",
        custom_name="Serum",
        start_date=TODAY - dt.timedelta(days=40),
    )
    StepFactory(routine=evening, kind="moisturiser", start_date=TODAY)
    (item,) = build_today(owner, NOW).expectations
    assert item.expectation.phase == "medium"


# views


def test_anonymous_is_sent_to_log_in(anon_client):
    response = anon_client.get(reverse("routines:today"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_empty_today_offers_starters(owner_client):
    html = page(owner_client.get(reverse("routines:today")))
    assert "Set up your first routine" in html
    assert reverse("routines:starter_copy", args=["sensitive-minimal"]) in html


def test_today_shows_checklist_and_streak(owner_client, evening):
    StepFactory(routine=evening, custom_name="Gentle cleanser")
    response = owner_client.get(reverse("routines:today"))
    html = page(response)
    assert "Gentle cleanser" in html
    assert "in a row" in html
    assert "HX-Request" in response["Vary"]


def test_tick_without_js_redirects_back_with_a_message(owner_client, owner, evening):
    step = StepFactory(routine=evening, custom_name="Cleanser")
    response = check(owner_client, step)
    assert response.status_code == 302
    assert CheckIn.objects.get().status == "done"
    html = page(owner_client.get(response["Location"]))
    assert "Cleanser: marked done." in html
    assert 'aria-pressed="true"' in html


def test_tick_with_htmx_returns_the_checklist_fragment(owner_client, evening):
    step = StepFactory(routine=evening, custom_name="Cleanser")
    response = check(owner_client, step, htmx=True)
    html = page(response)
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="checklist"')
    assert 'hx-swap-oob="innerHTML"' in html
    assert "data-focus-after-swap" in html
    assert "1 of 1" in html


def test_untick(owner_client, evening):
    step = StepFactory(routine=evening)
    CheckInFactory(step=step, date=TODAY)
    check(owner_client, step, status="clear", htmx=True)
    assert not CheckIn.objects.exists()


def test_skip_then_done_switches_the_mark(owner_client, evening):
    step = StepFactory(routine=evening)
    check(owner_client, step, status="skipped")
    check(owner_client, step, status="done")
    assert CheckIn.objects.get().status == "done"


def test_duplicate_check_in_is_refused_with_a_message(owner_client, evening):
    step = StepFactory(routine=evening, custom_name="Cleanser")
    check(owner_client, step)
    response = check(owner_client, step, htmx=True)
    assert "already marked done" in page(response)
    assert CheckIn.objects.count() == 1
    response = check(owner_client, step)
    assert "already marked done" in page(owner_client.get(response["Location"]))


def test_future_check_in_is_refused(owner_client, evening):
    step = StepFactory(routine=evening)
    response = check(owner_client, step, day=TODAY + dt.timedelta(days=1), htmx=True)
    assert "hasn't happened yet" in page(response)
    assert not CheckIn.objects.exists()


def test_days_beyond_the_correction_window_are_refused(owner_client, evening):
    # Any day from the routine's start, at most 60 days back, can be corrected now.
    step = StepFactory(routine=evening)
    response = check(owner_client, step, day=TODAY - dt.timedelta(days=61), htmx=True)
    assert "Only days from 26 September 2026 to today" in page(response)
    assert not CheckIn.objects.exists()
    check(owner_client, step, day=TODAY - dt.timedelta(days=60))
    assert CheckIn.objects.get().date == TODAY - dt.timedelta(days=60)


def test_yesterday_can_be_ticked(owner_client, evening):
    step = StepFactory(routine=evening)
    response = check(owner_client, step, day=YESTERDAY)
    assert response["Location"].endswith("?day=2026-11-24")
    assert CheckIn.objects.get().date == YESTERDAY


def test_unscheduled_step_is_refused(owner_client, evening):
    step = StepFactory(routine=evening, schedule="weekdays", weekdays="0")  # Mondays; 25th is a Wed
    response = check(owner_client, step, htmx=True)
    assert "not scheduled" in page(response)
    assert not CheckIn.objects.exists()


def test_bad_status_is_refused(owner_client, evening):
    step = StepFactory(routine=evening)
    response = check(owner_client, step, status="maybe", htmx=True)
    assert "Choose done or skipped" in page(response)
    assert not CheckIn.objects.exists()


def test_other_users_step_is_404(other_client, evening):
    step = StepFactory(routine=evening)
    assert check(other_client, step).status_code == 404
    assert not CheckIn.objects.exists()


def test_check_requires_login(anon_client, evening):
    step = StepFactory(routine=evening)
    response = check(anon_client, step)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_skin_log_saves_and_replaces(owner_client, owner, evening):
    url = reverse("routines:skin_log")
    data = {"day": TODAY.isoformat(), "redness": 2, "dryness": 1, "irritation": 0, "note": "ok"}
    response = owner_client.post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 200 and 'id="skin-log"' in page(response)
    data["redness"] = 1
    data["revision"] = 1  # the form now carries the saved log's revision
    owner_client.post(url, data)
    log = SkinLog.objects.get()
    assert (log.user, log.date, log.redness, log.dryness) == (owner, TODAY, 1, 1)


def test_skin_log_rejects_a_future_day_and_bad_scores(owner_client, evening):
    url = reverse("routines:skin_log")
    data = {"day": "2026-11-26", "redness": 9, "dryness": 1, "irritation": 0}
    response = owner_client.post(url, data)
    assert response.status_code == 400
    html = page(response)
    assert "hasn't happened yet" in html
    assert "Select a valid choice" in html
    response = owner_client.post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "hasn't happened yet" in page(response)
    assert not SkinLog.objects.exists()


def test_yesterday_view(owner_client, evening):
    StepFactory(routine=evening, custom_name="Cleanser")
    html = page(owner_client.get(reverse("routines:today") + "?day=yesterday"))
    assert "Yesterday" in html and 'value="2026-11-24"' in html


def _fill(owner, steps, days, ticked):
    routine = RoutineFactory(user=owner, period="pm")
    made = StepFactory.create_batch(
        steps, routine=routine, start_date=TODAY - dt.timedelta(days=days)
    )
    CheckIn.objects.bulk_create(
        CheckIn(user=owner, step=s, date=TODAY - dt.timedelta(days=d))
        for s in made[:ticked]
        for d in range(days)
    )
    return made


@pytest.mark.parametrize(
    "steps,days,ticked,streak_queries",
    [
        (1, 1, 1, 1),  # a streak that breaks at once
        (50, 700, 1, 1),  # two years of history, broken today: three weeks are read
        (1, 30, 1, 2),  # a streak unbroken back to the routine's start
        (3, 700, 3, 2),  # unbroken for the whole look-back window
    ],
)
def test_today_query_count_is_constant(
    owner_client, owner, django_assert_num_queries, steps, days, ticked, streak_queries
):
    made = _fill(owner, steps, days, ticked)
    made[0].kind = Step.Kind.BIOLOGIC
    made[0].save()
    # user, profile, routines, the day plan (steps, versions, patch tests, procedures),
    # the last three weeks of marks (the day's marks and the streak's first look-back), the
    # rest of the streak's window only while still unbroken, skin log, shelf items, whether
    # the address is verified (the "no emails until you confirm" notice), and the session
    # read (SESSION_QUERIES)
    with django_assert_num_queries(10 + streak_queries + SESSION_QUERIES):
        response = owner_client.get(reverse("routines:today"))
    assert response.status_code == 200


def test_nonsense_date_is_refused(owner_client, evening):
    step = StepFactory(routine=evening)
    response = owner_client.post(
        reverse("routines:step_check", args=[step.pk]),
        {"status": "done", "day": "2026-02-30"},
        headers={"HX-Request": "true"},
    )
    assert "not a real day" in page(response)
    assert not CheckIn.objects.exists()


def test_step_in_a_switched_off_routine_cannot_be_ticked(owner_client, owner):
    routine = RoutineFactory(user=owner, is_active=False)
    step = StepFactory(routine=routine, custom_name="Old serum")
    response = check(owner_client, step, htmx=True)
    assert "switched off" in page(response)
    assert not CheckIn.objects.exists()


def test_routine_without_steps_points_to_the_editor(owner_client, evening):
    html = page(owner_client.get(reverse("routines:today")))
    assert "No steps yet." in html
    assert reverse("routines:routine_detail", args=[evening.pk]) in html


@pytest.mark.parametrize("back", [0, 5, 20, 21, 30, 59])
def test_a_days_marks_are_its_own_inside_and_past_the_first_look_back(owner, evening, back):
    """The day's marks come from the streak's three-week read or, further back, their own
    query: either way they are that day's and no other's."""
    step = StepFactory(routine=evening, start_date=TODAY - dt.timedelta(days=90))
    day = TODAY - dt.timedelta(days=back)
    CheckInFactory(step=step, date=day, status="skipped")
    CheckInFactory(step=step, date=day - dt.timedelta(days=1), status="done")
    CheckInFactory(step=step, date=day + dt.timedelta(days=1), status="done")
    view = build_today(owner, NOW, day=day)
    assert [e.status for e in view.entries] == ["skipped"]
