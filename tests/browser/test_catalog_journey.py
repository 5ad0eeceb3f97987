import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from catalog.models import Product
from tests.browser.conftest import PHONE, ConsoleWatcher
from tests.browser.site_checks import announced, watch_live_regions
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


def test_a_fifth_serum_is_refused_beside_its_button_and_announced(browser, live_server, catalog):
    """With JavaScript the refusal appears in the live region beside the button used, and
    the page stays where it is; the message is announced each time the button is used."""
    for n in range(3):
        ProductFactory(name=f"Extra {n}", slug=f"extra-{n}")
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    console = ConsoleWatcher(page)
    four = "calm-repair,extra-0,extra-1,extra-2"
    page.goto(f"{live_server.url}/catalog/?p={four}")
    watch_live_regions(page)
    button = page.get_by_role("link", name=re.compile("Add .*Spot Fader to compare"))
    button.click()
    message = page.locator("#compare-limit-spot-fader")
    expect(message).to_have_text(re.compile(r"You can compare up to 4 serums\. Remove one"))
    expect(page).to_have_url(re.compile(rf"\?p={four}$"))  # nothing navigated
    box, text = button.bounding_box(), message.bounding_box()
    assert 0 <= text["y"] - (box["y"] + box["height"]) < 40, (box, text)  # right below it
    assert any("You can compare up to 4" in said for said in announced(page))
    # Used again: said again (a screen reader is told once per press).
    count = len(announced(page))
    button.click()
    page.wait_for_function(f"() => window.__announced.length > {count}")
    context.close()
    console.assert_clean()


def test_remove_from_compare_wraps_as_one_line_of_text(browser, live_server, catalog):
    """In a narrow button the words wrap like a sentence ("Remove from" / "compare"), not
    in two columns with a gap where the hidden product name sits.

    A .button is a flex container with a gap: the visible words on each side of the hidden
    name must be one flex item. Chromium happens to merge two bare text runs around an
    absolutely placed child into one item; other engines need not, so the label is one
    element."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/catalog/calm-repair/?p=calm-repair")
    button = page.get_by_role("link", name=re.compile("Remove .*Calm Repair from compare"))
    items = button.evaluate(
        """el => [...el.childNodes].filter(n => n.nodeType === 3 ? n.textContent.trim() :
            n.nodeType === 1 && getComputedStyle(n).position !== "absolute").length"""
    )
    assert items == 1, f"the label is {items} flex items"
    button.evaluate("el => { el.style.width = '9rem'; }")  # e.g. a larger text size
    words = button.evaluate(
        """el => {
            const out = {};
            const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
            for (let node; (node = walker.nextNode());) {
                if (node.parentElement.closest(".visually-hidden")) continue;
                for (const m of node.textContent.matchAll(/\\S+/g)) {
                    const range = document.createRange();
                    range.setStart(node, m.index);
                    range.setEnd(node, m.index + m[0].length);
                    const r = range.getBoundingClientRect();
                    out[m[0]] = {left: Math.round(r.left), top: Math.round(r.top)};
                }
            }
            return out;
        }"""
    )
    assert words["Remove"]["top"] == words["from"]["top"], words  # one line
    assert words["compare"]["top"] > words["from"]["top"], words  # wrapped below
    assert abs(words["compare"]["left"] - words["Remove"]["left"]) <= 2, words  # no column
    context.close()


def test_a_button_alone_in_its_paragraph_keeps_its_label_centred(browser, live_server, catalog):
    """The card's full-width "Add to compare" is the only link in its paragraph; the rule
    that gives lone links a 24 px box must not turn it into a left-aligned inline block."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/catalog/")
    offset = page.locator("#compare-button-calm-repair").evaluate(
        """el => {
            const b = el.getBoundingClientRect(), s = el.firstElementChild.getBoundingClientRect();
            return Math.abs((b.left + b.right) / 2 - (s.left + s.right) / 2);
        }"""
    )
    context.close()
    assert offset <= 2, f"the label sits {offset:.0f} px off the button's centre"
