"""History as seen: the skin chart's score labels sit inside the picture at phone and
desktop widths, and today's mark is not the "partly done" one."""

import datetime as dt

import pytest
from django.utils import timezone

from routines.models import Routine, SkinLog, Step
from tests.browser.layout_checks import layout_problems
from tests.browser.site_checks import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_chart_labels_fit_and_today_has_its_own_mark(browser, live_server, password):
    user = UserFactory(password=password)  # time zone UTC
    today = timezone.now().astimezone(dt.UTC).date()
    routine = Routine.objects.create(user=user, name="Evening", period="pm")
    Step.objects.create(routine=routine, custom_name="Cleanser", kind="cleanser", start_date=today)
    SkinLog.objects.create(user=user, date=today, redness=2, dryness=3, irritation=1)
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    log_in(page, live_server.url, user.email, password)
    page.goto(f"{live_server.url}/routines/history/?month={today:%Y-%m}")
    problems = []
    for width in (320, 375, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        problems += [f"{width} px: {p}" for p in layout_problems(page) if "svg" in p]
    marks = page.evaluate(
        """() => [".cal-today .cal-mark", ".legend .cal-swatch.cal-partly"].map(
            selector => getComputedStyle(document.querySelector(selector)).backgroundImage)"""
    )
    context.close()
    assert problems == [], "\n".join(problems)
    assert marks[0] != marks[1], "today's mark looks like 'partly done'"
