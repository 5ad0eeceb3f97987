"""Every page of the inventory (tests/quality/pages.py), as each kind of visitor sees it:
axe-core finds no WCAG 2.0–2.2 A/AA violation at desktop and 320 px widths, nothing scrolls
sideways at 320 px, every control is at least 24×24 px and shows a focus ring.

One browser context per role and one test per role, looping over that role's pages, keeps
this fast; the failure message lists every problem on every page at once.
"""

from importlib import import_module

import pytest
from django.conf import settings

from tests.browser.conftest import DESKTOP, ConsoleWatcher
from tests.browser.site_checks import (
    axe_available,
    axe_violations,
    horizontal_overflow,
    log_in,
    missing_focus_indicator,
    small_targets,
    use_axe,
)
from tests.conftest import PASSWORD
from tests.quality.pages import (
    ANONYMOUS,
    EDITOR,
    ROLES,
    build_world,
    pages,
    prepare_session,
    user_for,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 320, "height": 700}


@pytest.fixture
def world(transactional_db):
    return build_world()


def check_page(page, url: str, *, axe_narrow: bool = True) -> list[str]:
    """All the checks on one page; returns its problems."""
    problems = []
    response = page.goto(url)
    if response is None or response.status != 200:
        return [f"status {response.status if response else 'none'}"]
    page.set_viewport_size(DESKTOP)
    problems += [f"axe, desktop: {v}" for v in axe_violations(page)]
    problems += [f"focus: {p}" for p in missing_focus_indicator(page)]
    page.set_viewport_size(NARROW)
    problems += [f"320 px: {p}" for p in horizontal_overflow(page)]
    problems += [f"target size: {p}" for p in small_targets(page)]
    if axe_narrow:
        problems += [f"axe, 320 px: {v}" for v in axe_violations(page)]
    return problems


@pytest.mark.parametrize("who", ROLES)
def test_every_page_is_accessible(browser, live_server, world, who):
    if not axe_available():
        pytest.skip("axe-core is missing from node_modules (make test runs npm ci)")
    context = browser.new_context(viewport=DESKTOP)
    use_axe(context)
    page = context.new_page()
    page.set_default_timeout(10_000)
    console = ConsoleWatcher(page)
    if who != ANONYMOUS:
        log_in(page, live_server.url, user_for(who, world).email, PASSWORD)
        [cookie] = [c for c in context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME]
        # The configured engine, so a Redis session cache (cached_db) sees the change too.
        store = import_module(settings.SESSION_ENGINE).SessionStore
        session = store(session_key=cookie["value"])
        prepare_session(session, who, world)
        session.save()
    rows = [row for row in pages(world) if row.who == who]
    report = []
    for row in rows:
        # Django's admin has one layout at every width; our pages change at narrow widths.
        narrow = who != EDITOR
        for problem in check_page(page, live_server.url + row.url, axe_narrow=narrow):
            report.append(f"{row.label} ({row.url}): {problem}")
    context.close()
    assert rows
    assert report == [], f"{len(report)} problems on {who} pages:\n" + "\n".join(report)
    console.assert_clean()
