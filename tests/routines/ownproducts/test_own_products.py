"""Own products: a pasted ingredient list makes the rules treat them like catalog products."""

import datetime as dt
import html as htmllib

import pytest
import time_machine
from django.urls import reverse

from catalog.models import Ingredient, IngredientClass
from routines.models import AvoidedIngredient, OwnProduct, Step
from routines.ownproducts.services import save_ingredient_list
from routines.safety.selectors import step_blockers
from tests.catalog.factories import ProductFactory
from tests.routines.factories import RoutineFactory, StepFactory
from tests.routines.safety.factories import ProcedureFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 25)
HX = {"HX-Request": "true"}
NIGHT_CREAM = (
    "Ingredients: Aqua (Water), Glycerin, Caprylic/Capric Triglyceride, Retinol 0.3%, "
    "Cetearyl Alcohol, Parfum*, Linalool, Moonflower Essence, Phenoxyethanol. *Fragrance"
)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def evening(owner):
    return RoutineFactory(user=owner, name="Evening", period="pm")


def text(response):
    return htmllib.unescape(response.content.decode())


def add_step(client, routine, **data):
    post = {"custom_name": "Night cream", "kind": "other", "start_date": "2026-11-20"}
    post.update(data)
    return client.post(reverse("routines:step_add", args=[routine.pk]), post)


def glycolic_toner():
    glycolic = Ingredient.objects.get(slug="glycolic-acid")
    return ProductFactory(name="Glow Toner", ingredients=[glycolic])


def test_adding_a_step_with_a_pasted_list_saves_what_was_recognised(owner_client, owner, evening):
    response = add_step(owner_client, evening, ingredient_text=NIGHT_CREAM)
    assert response.status_code == 302
    own = OwnProduct.objects.get(user=owner)
    assert own.name == "Night cream" and own.key == "night cream"
    listed = list(own.listed.select_related("ingredient"))
    assert [r.written for r in listed][:4] == [
        "Aqua (Water)",
        "Glycerin",
        "Caprylic/Capric Triglyceride",
        "Retinol",
    ]
    assert listed[3].ingredient.slug == "retinol" and listed[3].percent == "0.3"
    assert [r.written for r in listed if r.ingredient_id is None] == ["Moonflower Essence"]
    page = text(owner_client.get(reverse("routines:routine_detail", args=[evening.pk])))
    assert "Ingredient list: 8 recognised, 1 not" in page


def test_checking_the_list_without_javascript_shows_it_and_saves_nothing(owner_client, evening):
    response = add_step(owner_client, evening, ingredient_text=NIGHT_CREAM, preview="1")
    assert response.status_code == 200
    page = text(response)
    assert "8 recognised" in page and "Moonflower Essence" in page
    assert "Retinol" in page and "(Retinoid)" in page
    assert "nothing is saved until you press the save button" in page
    assert 'value="Night cream"' in page  # the form keeps what was typed
    assert not Step.objects.exists() and not OwnProduct.objects.exists()


def test_the_htmx_preview_is_a_fragment_and_refuses_overlong_lists(owner_client):
    url = reverse("routines:ingredient_preview")
    fragment = text(owner_client.post(url, {"ingredient_text": NIGHT_CREAM}, headers=HX))
    assert fragment.strip().startswith('<div class="ingredient-reading"')
    assert "Retinol" in fragment and "Moonflower Essence" in fragment
    too_long = owner_client.post(url, {"ingredient_text": "Aqua, " * 1000}, headers=HX)
    assert too_long.status_code == 200
    assert "at most 5000 characters" in text(too_long)


def test_an_own_retinol_beside_a_catalog_glycolic_acid_gets_the_conflict_advice(
    owner_client, evening
):
    toner = glycolic_toner()
    add_step(owner_client, evening, product=toner.pk, custom_name="", kind="other")
    add_step(owner_client, evening, ingredient_text=NIGHT_CREAM)
    page = text(owner_client.get(reverse("routines:routine_detail", args=[evening.pk])))
    assert 'data-rule="retinoid_with_acid"' in page
    assert "Glow Toner and Night cream on alternate nights" in page


def test_without_a_list_the_same_own_product_raises_no_advice(owner_client, evening):
    toner = glycolic_toner()
    add_step(owner_client, evening, product=toner.pk, custom_name="", kind="other")
    add_step(owner_client, evening)
    page = text(owner_client.get(reverse("routines:routine_detail", args=[evening.pk])))
    assert 'data-rule="retinoid_with_acid"' not in page
    assert "Add the ingredient list" in page


def test_recovery_pauses_an_own_product_by_its_ingredients(owner, evening):
    cream = StepFactory(routine=evening, custom_name="Night cream", kind="other")
    plain = StepFactory(routine=evening, custom_name="Plain balm", kind="other")
    save_ingredient_list(owner, name="night cream ", text=NIGHT_CREAM)  # any case or spacing
    ProcedureFactory(user=owner, date=TODAY - dt.timedelta(days=2), recovery_days=7)
    blockers = step_blockers(owner, [cream, plain], TODAY)
    assert blockers[cream.pk].kind == "paused"
    assert plain.pk not in blockers


def test_the_own_product_page_shows_patch_test_and_treated_skin_cautions(owner_client, owner):
    save_ingredient_list(
        owner,
        name="Clinic serum",
        text="Aqua, Human Fibroblast Conditioned Media, Lavandula Angustifolia Oil, Retinol",
    )
    page = text(owner_client.get(reverse("routines:own_product"), {"name": "Clinic serum"}))
    assert "Patch test first" in page
    assert "human-derived signalling ingredients" in page
    assert "Lavender oil" in page and "Not for freshly treated skin" in page
    assert "not from our source article" in page


def test_avoiding_fragrance_flags_an_own_product_and_says_which_ingredient(
    owner_client, owner, evening
):
    add_step(owner_client, evening, ingredient_text=NIGHT_CREAM)
    response = owner_client.post(reverse("routines:avoid"), {"ingredient": "fragrance"})
    assert response.status_code == 302
    assert AvoidedIngredient.objects.get(user=owner).ingredient_class.slug == "fragrance"
    page = text(owner_client.get(reverse("routines:routine_detail", args=[evening.pk])))
    assert "Contains Fragrance (parfum) and Linalool (Fragrance), which you avoid." in page


@pytest.mark.parametrize(
    "typed, kind, name",
    [
        ("Essential oils", "class", "Essential oil"),
        ("AHAs", "class", "AHA"),
        ("retinoid", "class", "Retinoid"),
        ("Aqua", "ingredient", "Water"),
        ("sodium ascorbyl phosphate", "ingredient", "Sodium ascorbyl phosphate"),
        ("CI77891", "ingredient", "Titanium dioxide"),
    ],
)
def test_the_avoid_list_takes_ingredients_synonyms_and_classes(owner_client, typed, kind, name):
    assert owner_client.post(reverse("routines:avoid"), {"ingredient": typed}).status_code == 302
    entry = AvoidedIngredient.objects.select_related("ingredient", "ingredient_class").get()
    found = entry.ingredient_class if kind == "class" else entry.ingredient
    assert found.name == name
    page = text(owner_client.get(reverse("routines:avoid")))
    assert name in page


def test_avoiding_a_class_flags_catalog_products_too(owner_client, owner):
    product = ProductFactory(
        name="Scented serum", ingredients=[Ingredient.objects.get(slug="linalool")]
    )
    klass = IngredientClass.objects.get(slug="fragrance")
    AvoidedIngredient.objects.create(user=owner, ingredient_class=klass)
    page = text(owner_client.get(product.get_absolute_url()))
    assert "Contains Linalool (Fragrance), which you avoid." in page


def test_the_same_class_twice_is_refused_beside_the_field(owner_client):
    owner_client.post(reverse("routines:avoid"), {"ingredient": "Fragrance"})
    response = owner_client.post(reverse("routines:avoid"), {"ingredient": "fragrances"})
    assert "already on your avoid-list" in response.context["form"].errors["ingredient"][0]
    assert AvoidedIngredient.objects.count() == 1


def test_one_users_list_is_never_shown_to_another(owner, other_client):
    save_ingredient_list(owner, name="Secret balm", text="Aqua, Retinol, Mystery Musk")
    page = text(other_client.get(reverse("routines:own_product"), {"name": "Secret balm"}))
    assert "Mystery Musk" not in page and "Retinol" not in page
    other_client.post(
        reverse("routines:own_product") + "?name=Secret%20balm", {"ingredient_text": "Aqua"}
    )
    assert OwnProduct.objects.get(user=owner).ingredient_text == "Aqua, Retinol, Mystery Musk"


def test_the_own_product_page_edits_and_checks_the_list(owner_client, owner):
    url = reverse("routines:own_product") + "?name=Night%20cream"
    checked = owner_client.post(url, {"ingredient_text": NIGHT_CREAM, "preview": "1"})
    assert checked.status_code == 200 and not OwnProduct.objects.exists()
    saved = owner_client.post(url, {"ingredient_text": NIGHT_CREAM})
    assert saved.status_code == 302
    assert OwnProduct.objects.get(user=owner).listed.count() == 9
    cleared = owner_client.post(url, {"ingredient_text": ""})
    assert cleared.status_code == 302
    assert OwnProduct.objects.get(user=owner).listed.count() == 0


@pytest.mark.parametrize("name", ["", "   "])
def test_the_own_product_page_needs_a_name(owner_client, name):
    assert owner_client.get(reverse("routines:own_product"), {"name": name}).status_code == 404


def test_the_own_product_page_never_redirects_off_site(owner_client):
    url = reverse("routines:own_product") + "?name=Balm&next=https://evil.example/"
    response = owner_client.post(url, {"ingredient_text": "Aqua"})
    assert response.status_code == 302 and response.url == reverse("routines:shelf")


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get(reverse("routines:own_product"), {"name": "x"}).status_code == 302
    assert client.post(reverse("routines:ingredient_preview")).status_code == 302


def test_the_shelf_form_takes_and_shows_the_list(owner_client, owner):
    from routines.models import ShelfItem

    post = {"custom_name": "Night cream", "status": "unopened", "storage": "room"}
    post |= {"currency": "USD", "ingredient_text": NIGHT_CREAM}
    response = owner_client.post(reverse("routines:shelf_add"), post)
    assert response.status_code == 302
    item = ShelfItem.objects.get(user=owner)
    assert OwnProduct.objects.get(user=owner).listed.filter(ingredient__slug="retinol").exists()
    edit = text(owner_client.get(reverse("routines:shelf_edit", args=[item.pk])))
    assert "Moonflower Essence" in edit  # the saved list, ready to change
    checked = owner_client.post(
        reverse("routines:shelf_edit", args=[item.pk]), post | {"preview": "1"}
    )
    assert checked.status_code == 200 and "8 recognised" in text(checked)
