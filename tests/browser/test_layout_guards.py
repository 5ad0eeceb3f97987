"""Layout guards: every page of the inventory (tests/quality/pages.py), at 320, 375 and
1280 px, with the longest names and texts a person can type (tests/quality/long_data.py):
nothing wider than the viewport, no text clipped by its box, no word broken inside unless
it is wider than its box (tests/browser/layout_checks.py says exactly what each means).

One browser, one context per visitor, each page loaded once and measured at the three
widths (narrow first: scripts that open panels on wide screens then run as on a phone).
"""

import pytest

from tests.browser.layout_checks import layout_problems
from tests.browser.tour import tour
from tests.quality.long_data import lengthen
from tests.quality.pages import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 375, 1280)
HEIGHT = 800


@pytest.fixture
def long_world(transactional_db):
    world = build_world()
    lengthen(world)
    return world


def test_every_page_fits_every_width_with_long_user_text(browser, live_server, long_world):
    def visit(page, row):
        problems = []
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            problems += [f"{width} px: {p}" for p in layout_problems(page)]
        page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
        return problems

    narrow = {"width": WIDTHS[0], "height": HEIGHT}
    report = tour(browser, live_server.url, long_world, visit, narrow)
    assert report == [], f"{len(report)} layout problems:\n" + "\n".join(report)
