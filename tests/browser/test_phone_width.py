"""Phone width with real names: an 80-character routine name typed without spaces wraps
instead of widening the page, and an ordinary step name is never split inside a word."""

import datetime as dt

import pytest

from routines.models import Routine, Step
from tests.browser.conftest import PHONE
from tests.browser.layout_checks import layout_problems
from tests.browser.site_checks import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_NAME = "Mynightroutineafterthelaserappointmentwiththereparativeserumandthecream"[:80]


START = dt.date.today() - dt.timedelta(days=3)


def morning_basics(user):
    routine = Routine.objects.create(user=user, name="Morning basics", period="am")
    for position, (name, kind) in enumerate(
        [("Gentle cleanser", "cleanser"), ("Light moisturiser", "moisturiser")]
    ):
        Step.objects.create(
            routine=routine, position=position, custom_name=name, kind=kind, start_date=START
        )
    return routine


def problems_on(browser, live_server, user, password, width, urls) -> list[str]:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    log_in(page, live_server.url, user.email, password)
    report = []
    for url in urls:
        page.goto(live_server.url + url)
        report += [f"{url}: {p}" for p in layout_problems(page)]
    context.close()
    return report


@pytest.mark.parametrize("width", [320, PHONE["width"]])
def test_a_long_unbroken_routine_name_wraps_instead_of_widening(
    browser, live_server, password, width
):
    user = UserFactory(password=password)
    routine = Routine.objects.create(user=user, name=LONG_NAME, period="pm")
    Step.objects.create(
        routine=routine, custom_name=LONG_NAME, kind="moisturiser", start_date=START
    )
    urls = ("/routines/", "/routines/list/", f"/routines/{routine.pk}/")
    report = problems_on(browser, live_server, user, password, width, urls)
    assert report == [], "\n".join(report)


@pytest.mark.parametrize("width", [320, PHONE["width"]])
def test_an_unticked_step_keeps_its_words_whole(browser, live_server, password, width):
    user = UserFactory(password=password)
    morning_basics(user)
    report = problems_on(browser, live_server, user, password, width, ["/routines/"])
    assert report == [], "\n".join(report)
