"""Photos on S3-compatible object storage: moto's standalone server on a loopback port plays
the bucket (no real S3 can be reached here). Configured the way production is, through
MEDIA_STORAGE_URL, so the settings parser is exercised too."""

import io

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from PIL import Image

from config.media import photo_storage
from routines.models import ProgressPhoto
from tests.accounts.helpers import mark_recently_authenticated
from tests.routines.photos import images
from tests.routines.photos.conftest import upload

pytestmark = pytest.mark.django_db
BUCKET = "cellwise-photos"

threaded_moto = pytest.importorskip(
    "moto.moto_server.threaded_moto_server",
    reason="moto[server] is not installed (it is in the dev extras: pip install -e '.[dev]')",
)


@pytest.fixture(scope="module")
def moto_endpoint():
    server = threaded_moto.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(moto_endpoint, settings):
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=f"http://{moto_endpoint}",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106 - moto accepts any key
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "photos": photo_storage(
            {
                "MEDIA_STORAGE_URL": (
                    f"s3+http://testing:testing@{moto_endpoint}/{BUCKET}/private?region=us-east-1"
                )
            },
            django_settings.BASE_DIR,
        ),
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client) -> list[str]:
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def add_front(client):
    response = client.post(
        reverse("routines:photo_add"),
        {"taken_on": "2025-06-01", "front": upload(images.jpeg_with_gps())},
    )
    assert response.status_code == 302


def test_photos_are_private_objects_served_only_through_the_owner_view(
    bucket, owner_client, owner, other_client
):
    add_front(owner_client)
    photo = ProgressPhoto.objects.get(user=owner)
    assert keys(bucket) == sorted([f"private/{photo.image_name}", f"private/{photo.thumb_name}"])
    acl = bucket.get_object_acl(Bucket=BUCKET, Key=f"private/{photo.image_name}")
    assert [grant["Permission"] for grant in acl["Grants"]] == ["FULL_CONTROL"]  # owner only
    assert all(grant["Grantee"].get("URI") is None for grant in acl["Grants"])  # no AllUsers

    url = reverse("routines:photo_file", args=[photo.pk, "image"])
    response = owner_client.get(url)
    body = b"".join(response.streaming_content)
    assert Image.open(io.BytesIO(body)).format == "JPEG"
    assert dict(Image.open(io.BytesIO(body)).getexif()) == {}
    assert other_client.get(url).status_code == 404


def test_deleting_a_photo_removes_its_objects(
    bucket, owner_client, owner, django_capture_on_commit_callbacks
):
    add_front(owner_client)
    add_front(owner_client)
    doomed, kept = ProgressPhoto.objects.filter(user=owner).order_by("pk")
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(reverse("routines:photo_delete", args=[doomed.pk]))
    assert keys(bucket) == sorted([f"private/{kept.image_name}", f"private/{kept.thumb_name}"])


def test_account_deletion_leaves_no_object_behind(
    bucket, owner_client, owner, password, other_client, django_capture_on_commit_callbacks
):
    add_front(owner_client)
    add_front(owner_client)
    add_front(other_client)
    theirs = ProgressPhoto.objects.exclude(user=owner).get()
    assert len(keys(bucket)) == 6
    mark_recently_authenticated(owner_client, owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("accounts:delete"), {"confirm": "on"})
    assert response.status_code == 200
    assert b"2 progress photos" in response.content
    assert not ProgressPhoto.objects.filter(user_id=owner.pk).exists()
    assert keys(bucket) == sorted([f"private/{theirs.image_name}", f"private/{theirs.thumb_name}"])
