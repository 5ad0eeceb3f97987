"""Staff import and export in the admin: preview first, all-or-nothing, history, roles."""

import csv
import io

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bench.bench_import import import_through_admin, products_csv
from catalog.models import Brand, Ingredient, IngredientSynonym, Product
from tests.catalog.factories import BrandFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def imported():
    return Product.objects.filter(name__startswith="Imported serum").count()


def upload(client, model, text, name="file.csv"):
    return client.post(
        reverse(f"admin:catalog_{model}_import"),
        {"import_file": SimpleUploadedFile(name, text.encode(), "text/csv"), "format": "0"},
    )


def confirm(client, model, preview):
    return client.post(
        reverse(f"admin:catalog_{model}_process_import"), preview.context["confirm_form"].initial
    )


def test_a_1000_row_product_file_is_previewed_then_imported_with_history(editor_client, editor):
    brands = [BrandFactory(name=f"Import brand {n}").name for n in range(5)]
    payload = products_csv(1000, brands)

    preview = editor_client.post(
        reverse("admin:catalog_product_import"),
        {"import_file": SimpleUploadedFile("p.csv", payload, "text/csv"), "format": "0"},
    )
    assert preview.status_code == 200
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == 1000
    assert preview.context["confirm_form"] is not None
    assert imported() == 0  # the preview saved nothing

    done = confirm(editor_client, "product", preview)
    assert done.status_code == 302
    assert imported() == 1000
    assert LogEntry.objects.filter(user=editor).count() == 1000  # the import history


def test_imported_products_keep_unknowns_unknown_and_stay_unpublished(editor_client):
    BrandFactory(name="Honest")
    text = (
        "brand,name,source_type,is_human_derived,price,size_ml,packaging,ingredients\n"
        'Honest,Plain serum,plant,,,,,"Aqua (Water), Retinol, Parfum*"\n'
    )
    _preview, done = import_through_admin(editor_client, text.encode())
    assert done.status_code == 302
    product = Product.objects.get(name="Plain serum")
    assert product.slug == "honest-plain-serum"
    assert product.is_published is False
    assert product.is_human_derived is None and product.origin_display == "Not recorded"
    assert product.price is None and product.size_ml is None
    assert product.packaging == "" and product.concentration_disclosure == ""
    assert sorted(i.name for i in product.ingredients.all()) == [
        "Fragrance (parfum)",
        "Retinol",
        "Water",
    ]


def test_a_failing_file_reports_each_bad_row_and_saves_nothing(editor_client):
    brands = [BrandFactory(name=f"Import brand {n}").name for n in range(3)]
    payload = products_csv(1000, brands, bad_rows=(10, 500, 999))
    preview, confirmed = import_through_admin(editor_client, payload)

    assert confirmed is None and preview.context.get("confirm_form") is None
    result = preview.context["result"]
    invalid = {row.number: row.error_dict for row in result.invalid_rows}
    assert set(invalid) == {10, 500, 999}
    assert "The price must be more than 0." in str(invalid[10])
    assert "No brand called “No Such Brand Ltd”" in str(invalid[500])
    assert "Unicorn Tears" in str(invalid[999])
    page = preview.content.decode()
    assert "Unicorn Tears" in page and "No brand called" in page
    assert imported() == 0


def test_confirming_a_file_that_now_fails_imports_none_of_it(editor_client):
    brand = BrandFactory(name="Vanishing")
    payload = products_csv(20, [brand.name])
    preview = editor_client.post(
        reverse("admin:catalog_product_import"),
        {"import_file": SimpleUploadedFile("p.csv", payload, "text/csv"), "format": "0"},
    )
    brand.name = "Renamed meanwhile"  # every row's brand is now unknown
    brand.save()
    done = confirm(editor_client, "product", preview)
    assert done.status_code == 302
    assert done.url == reverse("admin:catalog_product_import")
    assert imported() == 0


def test_ingredients_import_with_classes_and_synonyms_and_export_round_trips(editor_client):
    text = (
        "name,inci_name,role,classes,synonyms\n"
        "Azelaic acid,Azelaic Acid,exfoliant,exfoliating-acid,Azelaic; Nonanedioic acid\n"
        "Bad one,,not-a-role,nonsense-class,\n"
    )
    preview = upload(editor_client, "ingredient", text)
    invalid = {row.number: str(row.error_dict) for row in preview.context["result"].invalid_rows}
    assert set(invalid) == {2}
    assert "not-a-role" in invalid[2] and "nonsense-class" in invalid[2]

    good = upload(editor_client, "ingredient", "\n".join(text.splitlines()[:2]) + "\n")
    confirm(editor_client, "ingredient", good)
    acid = Ingredient.objects.get(name="Azelaic acid")
    assert acid.slug == "azelaic-acid" and acid.basis == ""
    assert [c.slug for c in acid.classes.all()] == ["exfoliating-acid"]
    assert sorted(acid.synonyms.values_list("name", flat=True)) == ["Azelaic", "Nonanedioic acid"]

    export = editor_client.post(
        reverse("admin:catalog_ingredient_export"), {"format": "0", "resource": "0"}
    )
    assert export.status_code == 200
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    row = next(r for r in rows if r["name"] == "Azelaic acid")
    assert row["synonyms"] == "Azelaic; Nonanedioic acid"
    retinol = next(r for r in rows if r["name"] == "Retinol")
    assert retinol["basis"] == "reference"


def test_a_synonym_another_ingredient_owns_is_a_row_error(editor_client):
    text = "name,synonyms\nMy water,Aqua\nMy retinol,Vitamin A\n"
    preview = upload(editor_client, "ingredient", text)
    invalid = {row.number: str(row.error_dict) for row in preview.context["result"].invalid_rows}
    assert set(invalid) == {1, 2}
    assert "Water" in invalid[1] and "Retinol" in invalid[2]
    assert not IngredientSynonym.objects.filter(ingredient__name__startswith="My ").exists()


def test_brands_import(editor_client):
    preview = upload(editor_client, "brand", "name,website_note\nNew Brand Co,\n")
    confirm(editor_client, "brand", preview)
    assert Brand.objects.get(name="New Brand Co").slug == "new-brand-co"


@pytest.mark.parametrize("junk", ["", "\x00\x00", "not,a,catalog\n1,2,3\n", "name\n" + "x" * 300])
def test_junk_files_get_a_message_not_a_500(editor_client, junk):
    response = upload(editor_client, "product", junk)
    assert response.status_code == 200


def test_staff_without_catalog_permissions_cannot_import_or_export(client):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("admin:catalog_product_import")).status_code == 403
    assert client.get(reverse("admin:catalog_product_export")).status_code == 403


def test_anonymous_readers_are_sent_to_log_in(client):
    response = client.get(reverse("admin:catalog_product_import"))
    assert response.status_code == 302


def test_exports_carry_no_user_rows(editor_client, owner):
    from routines.models import AvoidedIngredient

    retinol = Ingredient.objects.get(slug="retinol")
    AvoidedIngredient.objects.create(user=owner, ingredient=retinol, reason="stings my cheeks")
    for model in ("ingredient", "product", "brand"):
        export = editor_client.post(
            reverse(f"admin:catalog_{model}_export"), {"format": "0", "resource": "0"}
        )
        body = export.content.decode("utf-8-sig")
        assert export.status_code == 200
        assert owner.email not in body and "stings my cheeks" not in body
