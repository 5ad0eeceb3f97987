"""A tour of the page inventory (tests/quality/pages.py) in one browser: one context per
kind of visitor, signed in as a person would, visiting each of their pages in turn.

Shared by the layout guards (test_layout_guards.py) and the screenshot command
(screenshots.py, `make screenshots`).
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import import_module

from django.conf import settings

from tests.browser.conftest import ConsoleWatcher
from tests.browser.site_checks import log_in
from tests.conftest import PASSWORD
from tests.quality.pages import ANONYMOUS, ROLES, Page, pages, prepare_session, user_for


@contextmanager
def visitor(browser, base_url: str, world, who: str, viewport: dict) -> Iterator:
    """A page signed in as `who` (anonymous: no cookie), its session prepared as the
    inventory expects; yields (page, console watcher)."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(10_000)
    console = ConsoleWatcher(page)
    try:
        if who != ANONYMOUS:
            log_in(page, base_url, user_for(who, world).email, PASSWORD)
            [cookie] = [c for c in context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME]
            store = import_module(settings.SESSION_ENGINE).SessionStore
            session = store(session_key=cookie["value"])
            prepare_session(session, who, world)
            session.save()
        yield page, console
    finally:
        context.close()


def tour(
    browser, base_url: str, world, visit: Callable[[object, Page], list[str]], viewport: dict
) -> list[str]:
    """Open every inventory page as its visitor and call `visit(page, row)` once it has
    loaded; returns the problems visit() reported, each prefixed with the page."""
    report: list[str] = []
    rows = pages(world)
    for who in ROLES:
        mine = [row for row in rows if row.who == who]
        with visitor(browser, base_url, world, who, viewport) as (page, console):
            for row in mine:
                response = page.goto(base_url + row.url)
                if response is None or response.status != 200:
                    status = response.status if response else "none"
                    report.append(f"{row.label} ({row.url}): status {status}")
                    continue
                report += [f"{row.label} ({row.url}): {p}" for p in visit(page, row)]
                # Console errors and CSP violations, told against the page that caused them.
                report += [f"{row.label} ({row.url}): {p}" for p in console.problems]
                console.problems.clear()
    return report
