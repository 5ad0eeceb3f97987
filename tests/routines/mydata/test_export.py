"""My-data export: every user-owned model, round-tripped, in a constant number of queries."""

import csv
import datetime
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from routines.models import PatchRead, StepVersion
from routines.mydata.selectors import NOT_PERSONAL_DATA_APPS, export_data, owned_models
from tests.routines.photos.factories import store_photo
from tests.routines.safety.factories import ProcedureFactory, ReminderFactory
from tests.routines.shelf.factories import (
    AvoidedIngredientFactory,
    CheckInFactory,
    ShelfItemFactory,
    SkinLogFactory,
    StepFactory,
)

pytestmark = pytest.mark.django_db


def populate(user, days=1):
    """One of everything the user can own, with `days` of daily check-ins and skin logs."""
    step = StepFactory(routine__user=user)
    start = datetime.date(2025, 1, 1)
    for n in range(days):
        day = start + datetime.timedelta(days=n)
        CheckInFactory(step=step, user=user, date=day)
        SkinLogFactory(user=user, date=day)
    ShelfItemFactory(user=user, step=step)
    AvoidedIngredientFactory(user=user)
    reminder = ReminderFactory(user=user)  # with its patch test
    PatchRead.objects.create(
        test=reminder.patch_test, read_at=reminder.patch_test.started_at, result="none"
    )
    StepVersion.objects.create(
        step=step,
        valid_from=start,
        valid_to=start + datetime.timedelta(days=1),
        kind=step.kind,
        schedule=step.schedule,
        start_date=start,
    )
    ProcedureFactory(user=user)
    store_photo(user)
    return step


def reaches_user(model, seen=()) -> bool:
    """Independent of the exporter: does any chain of FKs/one-to-ones lead to the user?"""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    for field in model._meta.concrete_fields:
        target = field.related_model if field.is_relation else None
        if target is None or target is model or target in seen:
            continue
        if target is user_model or reaches_user(target, (*seen, model)):
            return True
    return False


def test_every_user_owned_model_is_exported(owner):
    exported = {o.label for o in owned_models()}
    expected = {
        m._meta.label_lower
        for m in apps.get_models()
        if m._meta.app_label not in NOT_PERSONAL_DATA_APPS
        and m._meta.label_lower != settings.AUTH_USER_MODEL.lower()
        and reaches_user(m)
    }
    missing = expected - exported
    assert not missing, f"user-owned models missing from the export: {sorted(missing)}"
    # The tables this issue knows about must be among them.
    assert {
        "routines.profile",
        "routines.routine",
        "routines.step",
        "routines.checkin",
        "routines.skinlog",
        "routines.shelfitem",
        "routines.avoidedingredient",
        "routines.patchtest",
        "routines.procedure",
        "routines.progressphoto",
        "routines.reminder",
    } <= exported
    # Shared catalog tables are never personal data.
    assert not any(label.startswith("catalog.") for label in exported)


def test_export_round_trips_every_owned_row_and_nobody_elses(owner, other_user):
    populate(owner, days=3)
    populate(other_user, days=2)
    data = export_data(owner)["data"]
    for owned in owned_models():
        mine = list(owned.rows_for(owner).values(*owned.field_names()))
        assert len(data[owned.label]) == len(mine), owned.label
        assert [r["id"] for r in data[owned.label]] == [r["id"] for r in mine]
        for row in data[owned.label]:
            for key in ("user_id",):
                if key in row:
                    assert row[key] == owner.pk
    assert len(data["routines.checkin"]) == 3
    assert data["routines.shelfitem"][0]["price_paid"] == "120.00"


def test_download_is_a_zip_with_json_and_a_csv_per_table(owner_client, owner):
    populate(owner, days=2)
    response = owner_client.get(reverse("accounts:export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment;" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    assert {"README.txt", "cellwise-data.json", "csv/account.csv"} <= names
    payload = json.loads(archive.read("cellwise-data.json"))
    assert payload["account"]["email"] == owner.email
    assert "password" not in payload["account"]
    for owned in owned_models():
        rows = list(
            csv.DictReader(io.StringIO(archive.read(f"csv/{owned.file_stem}.csv").decode()))
        )
        assert len(rows) == len(payload["data"][owned.label]), owned.label
    skin = list(csv.DictReader(io.StringIO(archive.read("csv/routines_skinlog.csv").decode())))
    assert skin[0]["date"] == "2025-01-01"


def csv_rows(archive, stem):
    return list(csv.DictReader(io.StringIO(archive.read(f"csv/{stem}.csv").decode())))


def test_each_csv_names_what_its_ids_point_at(owner_client, owner):
    step = populate(owner)
    archive = zipfile.ZipFile(io.BytesIO(owner_client.get(reverse("accounts:export")).content))
    [step_row] = csv_rows(archive, "routines_step")
    assert step_row["product_id"] == str(step.product_id)
    assert step_row["product"] == str(step.product)  # brand and name
    assert step_row["routine"] == str(step.routine)
    [avoided] = csv_rows(archive, "routines_avoidedingredient")
    ingredient = owner.avoided_ingredients.get().ingredient
    assert avoided["ingredient_id"] == str(ingredient.pk)
    assert avoided["ingredient"] == ingredient.name
    [check_in] = csv_rows(archive, "routines_checkin")
    assert check_in["step"] == step.name
    [shelf_row] = csv_rows(archive, "routines_shelfitem")
    assert shelf_row["step"] == step.name and shelf_row["product"]
    # The name column stands right after its id, so a spreadsheet shows them together.
    header = next(csv.reader(io.StringIO(archive.read("csv/routines_step.csv").decode())))
    assert header[header.index("product_id") + 1] == "product"
    assert "the name of what it points at" in archive.read("README.txt").decode()


def test_export_query_count_does_not_grow_with_rows(owner, other_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    populate(owner, days=1)
    with CaptureQueriesContext(connection) as small:
        export_data(owner)
    populate(other_user, days=40)
    with CaptureQueriesContext(connection) as large:
        export_data(other_user)
    assert len(large) == len(small)
    # One query per owned model, plus one per linked model for the names beside the ids.
    linked = {f.related_model for owned in owned_models() for f in owned.named_links()}
    assert len(small) <= len(owned_models()) + len(linked) + 2


def test_anonymous_users_cannot_export(anon_client):
    response = anon_client.get(reverse("accounts:export"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_settings_page_links_to_every_data_page(owner_client):
    html = owner_client.get(reverse("accounts:settings")).content.decode()
    for name in ("accounts:export", "accounts:summary", "accounts:delete"):
        assert f'href="{reverse(name)}"' in html
