import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page):
    """Serious or critical axe-core findings on the current page (skipped without npm's axe)."""
    if not AXE.exists():
        return []
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])})"
        for v in result
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def shipped_guide(transactional_db):
    """transaction=True flushes the tables, so load the shipped guide again for this test."""
    from guide.content import load_guide_content

    load_guide_content()


def test_read_jump_search_and_open(
    shipped_guide, page_and_console, live_server, viewport, screenshot_dir
):
    page, console = page_and_console
    page.goto(live_server.url + "/guide/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Understanding the label")).to_be_visible()

    page.get_by_role("link", name="Where the ingredients come from, and the trade-offs").click()
    expect(page).to_have_url(re.compile(r"/guide/ingredient-sources/$"))

    toc = page.get_by_role("navigation", name="On this page")
    toc.get_by_role("link", name="Plant stem cell extracts").click()
    expect(page).to_have_url(re.compile(r"#source-plant$"))
    expect(page.locator("#source-plant")).to_be_in_viewport()
    assert axe_violations(page) == []
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/guide-article-{viewport['width']}.png")

    page.goto(live_server.url + "/search/")
    box = page.get_by_role("searchbox", name="Search the guide, FAQ, glossary and catalog")
    box.press_sequentially("patch test", delay=30)
    results = page.locator("#search-results")
    expect(results.locator("mark").first).to_be_visible()
    expect(results.get_by_text(re.compile(r"results? for “patch test”"))).to_be_visible()
    # Live results arrive without a page load: the URL follows the query for the back button.
    expect(page).to_have_url(re.compile(r"/search/\?q=patch(\+|%20)test$"))
    assert axe_violations(page) == []
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/guide-search-{viewport['width']}.png")

    results.get_by_role("link", name="How to use a stem cell serum").click()
    expect(page).to_have_url(re.compile(r"/guide/how-to-use/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("How to use a stem cell serum")
    console.assert_clean()


def test_search_and_faq_work_without_javascript(browser, live_server, shipped_guide):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/guide/")
    page.get_by_label("Search the guide and catalog").fill("retinoid")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=retinoid$"))
    expect(page.locator(".search-result").first).to_be_visible()

    page.goto(live_server.url + "/guide/faq/")
    question = page.get_by_text("How long before I see results?")
    question.click()
    expect(page.get_by_text("four to twelve weeks")).to_be_visible()
    context.close()


def test_guide_pages_pass_axe(shipped_guide, page_and_console, live_server):
    page, console = page_and_console
    for url in ("/guide/", "/guide/faq/", "/guide/glossary/", "/search/?q=retinoid"):
        page.goto(live_server.url + url)
        assert axe_violations(page) == [], url
    console.assert_clean()
