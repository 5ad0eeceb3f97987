"""Own-product journey: paste an ingredient list with retinol, see it recognised, put the
product in a PM routine beside a catalog glycolic-acid toner and get the conflict advice;
avoid "fragrance" and see the own product flagged."""

import re

import pytest
from playwright.sync_api import expect

from catalog.models import Ingredient
from tests.browser.site_checks import log_in
from tests.catalog.factories import ProductFactory
from tests.factories import UserFactory
from tests.quality.pages import ensure_shipped_content
from tests.routines.factories import RoutineFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery-staple"
NIGHT_CREAM = (
    "Ingredients: Aqua (Water), Glycerin, Retinol 0.3%, Cetearyl Alcohol, Parfum*, "
    "Linalool, Moonflower Essence, Phenoxyethanol. *Natural fragrance"
)


def test_own_product_list_drives_advice_and_avoid_flags(
    page_and_console, live_server, viewport, screenshot_dir
):
    page, console = page_and_console
    ensure_shipped_content()  # the dictionary (transactional tests start without it)
    glycolic = Ingredient.objects.get(slug="glycolic-acid")
    ProductFactory(name="Glow Toner", ingredients=[glycolic])
    user = UserFactory(email="own@example.com", password=PASSWORD)
    night = RoutineFactory(user=user, name="Night", period="pm")

    log_in(page, live_server.url, user.email, PASSWORD)
    page.goto(f"{live_server.url}/routines/{night.pk}/")

    # The catalog toner, from the search.
    page.get_by_label("Search serums by name or brand").fill("Glow")
    page.get_by_role("button", name=re.compile("Add .*Glow Toner to Night")).click()
    expect(page.locator(".step-row")).to_have_count(1)

    # The own product: its pasted list is read while typing, before anything is saved.
    page.get_by_label("Product name").fill("Night cream")
    page.get_by_label("Ingredient list (optional)").fill(NIGHT_CREAM)
    reading = page.locator("#ingredient-reading")
    expect(reading).to_contain_text("recognised")
    expect(reading).to_contain_text("Retinol")
    expect(reading).to_contain_text("Moonflower Essence")  # kept, shown as unmatched
    page.get_by_role("button", name="Add step").click()
    expect(page.locator(".step-row")).to_have_count(2)
    expect(page.get_by_text("Ingredient list: 7 recognised, 1 not")).to_be_visible()

    # The conflict advice knows the own product is a retinoid.
    advice = page.locator('.advice-panel [data-rule="retinoid_with_acid"]')
    expect(advice).to_contain_text("Glow Toner and Night cream on alternate nights")
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/own-product-{viewport['width']}.png")

    # Avoid a whole class of ingredients; the own product is flagged, naming the match.
    page.goto(f"{live_server.url}/routines/avoid/")
    page.get_by_role("combobox", name="Ingredient or kind").fill("fragrance")
    page.get_by_role("button", name="Add to my avoid-list").click()
    expect(page.get_by_text("Fragrance (any kind) is on your avoid-list")).to_be_visible()
    page.goto(f"{live_server.url}/routines/{night.pk}/")

    def row(name):
        return page.locator(".step-row").filter(has=page.locator(".step-name", has_text=name))

    flag = row("Night cream").locator(".avoid-flag")
    expect(flag).to_have_text(
        "Avoid-list Contains Fragrance (parfum) and Linalool (Fragrance), which you avoid."
    )
    expect(row("Glow Toner").locator(".avoid-flag")).to_have_count(0)
    console.assert_clean()
