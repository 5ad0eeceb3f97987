import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from catalog.models import Product
from tests.catalog.factories import ConcernFactory, ProductFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page) -> list[str]:
    """axe-core's WCAG violations on the current page ([] when the npm tools are missing)."""
    if not AXE.exists():
        return []
    # evaluate() runs through DevTools, so the page's strict CSP does not block it.
    page.evaluate(AXE.read_text())
    return page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).join(", ")}`)"""
    )


@pytest.fixture
def catalog(db):
    Product.objects.all().delete()  # the seed migration's products may or may not be here
    recovery = ConcernFactory(slug="post-procedure", name="Post-procedure recovery")
    spots = ConcernFactory(slug="dark-spots", name="Dark spots")
    ProductFactory(name="Calm Repair", slug="calm-repair", concerns=[recovery], is_vegan=False)
    ProductFactory(
        name="Gentle Night",
        slug="gentle-night",
        concerns=[recovery],
        packaging=Product.Packaging.DUAL_CHAMBER,
    )
    ProductFactory(name="Spot Fader", slug="spot-fader", concerns=[spots])


def test_filter_open_compare(page_and_console, live_server, viewport, screenshot_dir, catalog):
    page, console = page_and_console
    page.goto(live_server.url + "/catalog/")
    expect(page.get_by_role("heading", name="Serum catalog")).to_be_visible()

    # On phones the filter panel starts collapsed; on desktop catalog.js opens it.
    best_for = page.get_by_label("Best for")
    if not best_for.is_visible():
        page.locator("summary", has_text="Filter and sort").click()
    best_for.select_option(label="Post-procedure recovery")
    expect(page).to_have_url(re.compile(r"concern=post-procedure"))
    expect(page.get_by_role("status").filter(has_text="2 serums match")).to_be_visible()
    expect(page.get_by_role("link", name="Spot Fader")).to_have_count(0)
    assert axe_violations(page) == []

    # By keyboard: "Add to compare" is a link to this page with the basket in the address,
    # keeping the filters; it lands back on the same card.
    page.get_by_role("link", name=re.compile("Add .*Calm Repair to compare")).focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"concern=post-procedure.*p=calm-repair#compare-toggle"))
    remove = page.get_by_role("link", name=re.compile("Remove .*Calm Repair"))
    expect(remove).to_be_visible()
    expect(remove).to_be_in_viewport()
    expect(page.get_by_role("link", name="Compare (1 of 4)")).to_be_visible()

    page.get_by_role("link", name="Gentle Night", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Gentle Night")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"Scorecard: \d+ of 12"))).to_be_visible()
    page.get_by_role("link", name=re.compile("Add .*Gentle Night to compare")).click()
    expect(page.get_by_role("link", name="Compare (2 of 4)")).to_be_visible()
    assert axe_violations(page) == []
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/detail-{viewport['width']}.png", full_page=True)

    page.get_by_role("link", name="Compare (2 of 4)").click()
    expect(page.get_by_role("heading", level=1, name="Compare serums")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/catalog/compare/\?p=calm-repair,gentle-night$"))
    table = page.get_by_role("table")
    expect(table.get_by_role("link", name="Calm Repair", exact=True)).to_be_visible()
    expect(table.get_by_role("link", name="Gentle Night", exact=True)).to_be_visible()
    expect(table.locator("tr.differs th", has_text=re.compile(r"^Packaging"))).to_have_count(1)
    assert axe_violations(page) == []
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/compare-{viewport['width']}.png", full_page=True)
    console.assert_clean()
