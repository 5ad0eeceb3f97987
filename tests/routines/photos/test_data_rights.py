"""Data rights for photos: the export zip carries the files and a CSV; deleting the account
removes every file from storage (after the commit), and only that user's."""

import csv
import datetime as dt
import io
import json
import zipfile

import pytest
from django.db import transaction
from django.urls import reverse
from PIL import Image

from routines.models import ProgressPhoto
from routines.photos import services
from tests.accounts.helpers import mark_recently_authenticated
from tests.routines.photos.conftest import stored_files
from tests.routines.photos.factories import store_photo

pytestmark = pytest.mark.django_db


store = store_photo


def test_export_zip_contains_each_photo_file_and_a_csv(owner_client, owner, other_user, photo_root):
    first = store(owner, day=dt.date(2026, 1, 5), note="before, window light")
    second = store(owner, angle="close_up", day=dt.date(2026, 2, 9), note='left cheek, "dry"')
    store(other_user)  # never in the owner's export

    response = owner_client.get(reverse("accounts:export"))
    archive = zipfile.ZipFile(io.BytesIO(response.getvalue()))
    rows = list(csv.DictReader(io.StringIO(archive.read("photos/photos.csv").decode("utf-8"))))
    assert [(r["date"], r["angle"], r["note"]) for r in rows] == [
        ("2026-01-05", "Front", "before, window light"),
        ("2026-02-09", "Close-up of an area", 'left cheek, "dry"'),
    ]
    storage = services.photo_storage()
    for row, photo in zip(rows, (first, second), strict=True):
        with storage.open(photo.image_name) as handle:
            assert archive.read(row["file"]) == handle.read()
        with storage.open(photo.thumb_name) as handle:
            assert archive.read(row["thumbnail"]) == handle.read()
        exported = Image.open(io.BytesIO(archive.read(row["file"])))
        assert (exported.width, exported.height) == (int(row["width"]), int(row["height"]))
    photo_files = [n for n in archive.namelist() if n.startswith("photos/") and n.endswith(".jpg")]
    assert len(photo_files) == 4
    # The rows are in the JSON too (discovered like every owned table).
    payload = json.loads(archive.read("cellwise-data.json"))
    assert len(payload["data"]["routines.progressphoto"]) == 2
    assert "README.txt" in archive.namelist()
    assert "photos/" in archive.read("README.txt").decode()


def test_export_without_photos_has_an_empty_photo_csv(owner_client, photo_root):
    archive = zipfile.ZipFile(io.BytesIO(owner_client.get(reverse("accounts:export")).getvalue()))
    assert archive.read("photos/photos.csv").decode().splitlines() == [
        "date,angle,note,file,thumbnail,width,height"
    ]


def test_account_deletion_removes_every_file_of_the_user_only(
    owner_client, owner, password, other_user, photo_root, django_capture_on_commit_callbacks
):
    store(owner)
    store(owner, angle="left")
    theirs = store(other_user)
    assert len(stored_files(photo_root)) == 6

    mark_recently_authenticated(owner_client, owner)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = owner_client.post(reverse("accounts:delete"), {"confirm": "on"})
    assert response.status_code == 200
    assert b"2 progress photos" in response.content
    assert callbacks  # the files went after the commit, not inside the transaction
    assert stored_files(photo_root) == sorted([theirs.image_name, theirs.thumb_name])
    assert not ProgressPhoto.objects.filter(user_id=owner.pk).exists()


def test_a_rolled_back_account_deletion_keeps_the_files(owner, photo_root):
    from routines.mydata.services import delete_account

    photo = store(owner)
    with pytest.raises(RuntimeError), transaction.atomic():
        delete_account(owner)
        raise RuntimeError("something failed after the delete")
    assert ProgressPhoto.objects.filter(pk=photo.pk).exists()
    assert stored_files(photo_root) == sorted([photo.image_name, photo.thumb_name])


def test_an_unconfirmed_deletion_deletes_nothing(owner_client, owner, photo_root):
    store(owner)
    mark_recently_authenticated(owner_client, owner)
    response = owner_client.post(reverse("accounts:delete"), {})
    assert response.status_code == 200
    assert len(stored_files(photo_root)) == 2
