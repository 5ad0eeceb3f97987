"""After each kind of htmx swap the page still passes axe-core, and the change is announced:
text changes inside a live region that was already on the page (a region inserted with its
text already in it is not reliably read out, so it does not count)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, ConsoleWatcher
from tests.browser.site_checks import (
    announced,
    axe_available,
    axe_violations,
    log_in,
    use_axe,
    wait_for_htmx,
    watch_live_regions,
)
from tests.conftest import PASSWORD
from tests.quality.pages import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db):
    return build_world()


@pytest.fixture
def tour(browser, live_server):
    """Run `act` on a fresh page after watching live regions; report what was announced."""
    if not axe_available():
        pytest.skip("axe-core is missing from node_modules (make test runs npm ci)")
    context = browser.new_context(viewport=DESKTOP)
    use_axe(context)
    page = context.new_page()
    page.set_default_timeout(10_000)
    console = ConsoleWatcher(page)
    report = []

    def swap(label, act, says):
        watch_live_regions(page)
        act()
        try:
            page.wait_for_function(
                "(pattern) => (window.__announced || []).some(t => new RegExp(pattern).test(t))",
                arg=says,
                timeout=5_000,
            )
        except Exception:  # noqa: BLE001 - report every swap, then fail once
            report.append(f"{label}: nothing matching /{says}/ announced; got {announced(page)}")
        # Let htmx settle and the loading hint finish fading out (mid-fade text is faint).
        wait_for_htmx(page)
        page.wait_for_function("() => document.getAnimations().length === 0")
        report.extend(f"{label}: axe: {v}" for v in axe_violations(page))

    yield page, swap, report
    context.close()
    console.assert_clean()


def test_public_swaps_are_accessible_and_announced(tour, live_server, world):
    page, swap, report = tour
    base = live_server.url

    page.goto(base + "/catalog/")
    best_for = page.get_by_label("Best for")
    swap(
        "catalog filter",
        lambda: best_for.select_option(index=1),
        r"serums? match(es)? your filters",
    )

    page.goto(base + "/search/")
    box = page.get_by_role("searchbox")
    swap("live search", lambda: box.press_sequentially("exosome", delay=20), "results? for")

    page.goto(base + "/catalog/fit/")
    page.get_by_label(re.compile("Recovery after a procedure")).check()
    button = page.get_by_role("button", name="Show my matches")
    swap("find my fit", button.click, r"match(es)? for your answers")

    assert report == [], "\n".join(report)


def test_routine_swaps_are_accessible_and_announced(tour, live_server, world):
    page, swap, report = tour
    base = live_server.url
    log_in(page, base, world.owner.email, PASSWORD)

    page.goto(base + f"/routines/{world.evening.pk}/")
    search = page.get_by_label("Search serums by name or brand")
    swap("editor search", lambda: search.press_sequentially("serum", delay=20), "found for")
    add = page.locator("#search-results").get_by_role("button").first
    swap("editor add from catalog", add.click, "added at the end")
    up = page.get_by_role("button", name=re.compile("^Move .* up$")).last
    swap("editor move", up.click, "moved up")
    by_name = page.get_by_role("region", name="Add a product by name")
    by_name.get_by_label("Product name").fill("Night oil")
    by_name.get_by_label("Step kind").select_option("occlusive")
    add_step = page.get_by_role("button", name="Add step")
    swap("editor add by name", add_step.click, "Night oil added")
    row = page.locator(".step-row").last
    row.locator("summary").click()
    save = row.get_by_role("button", name=re.compile("^Save"))
    swap("editor schedule", save.click, "Schedule for .* saved")
    # Removing asks first: the link brings the confirmation in place (a page without JS).
    page.get_by_role("link", name="Remove Night oil").click()
    confirm = page.get_by_role("button", name="Remove it")
    expect(confirm).to_be_focused()
    swap("editor remove", confirm.click, "Night oil removed")

    page.goto(base + "/routines/")
    tick = page.locator('button.tick[aria-pressed="false"]').first
    swap("today tick", tick.click, "marked done")
    skip = page.get_by_role("button", name=re.compile("^Skip ")).first
    swap("today skip", skip.click, "marked skipped")
    page.get_by_role("group", name="Redness").get_by_label("Mild").check()
    save_log = page.get_by_role("button", name="Save skin log")
    swap("skin log", save_log.click, "Skin log saved")
    expect(page.locator("#skin-log")).to_contain_text("Saved for")

    assert report == [], "\n".join(report)
