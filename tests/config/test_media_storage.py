"""config/media.py: where photos are stored, read from the environment."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.media import DIRECTORY_MODE, FILE_MODE, FILESYSTEM, S3, photo_storage

BASE = Path("/srv/cellwise")


def test_default_is_private_files_under_var_media_not_static():
    entry = photo_storage({}, BASE)
    assert entry["BACKEND"] == FILESYSTEM
    assert entry["OPTIONS"]["location"] == "/srv/cellwise/var/media"
    assert (entry["OPTIONS"]["file_permissions_mode"], FILE_MODE) == (0o600, 0o600)
    assert DIRECTORY_MODE == 0o700


def test_the_running_settings_keep_photos_away_from_static_files():
    location = Path(settings.STORAGES["photos"]["OPTIONS"]["location"]).resolve()
    static_root = Path(settings.STATIC_ROOT).resolve()
    assert static_root not in location.parents and location != static_root
    for directory in settings.STATICFILES_DIRS:
        assert Path(directory).resolve() not in location.parents


def test_media_root_can_be_moved():
    assert photo_storage({"MEDIA_ROOT": "/data/photos"}, BASE)["OPTIONS"]["location"] == (
        "/data/photos"
    )


def test_s3_url_with_endpoint_keys_bucket_prefix_and_region():
    entry = photo_storage(
        {
            "MEDIA_STORAGE_URL": "s3+http://AK%2FID:se%40cret@minio.local:9000/photos/app?region=eu-west-1"
        },
        BASE,
    )
    options = entry["OPTIONS"]
    assert entry["BACKEND"] == S3
    assert options["bucket_name"] == "photos"
    assert options["location"] == "app"
    assert options["endpoint_url"] == "http://minio.local:9000"
    assert (options["access_key"], options["secret_key"]) == ("AK/ID", "se@cret")
    assert options["region_name"] == "eu-west-1"
    assert options["addressing_style"] == "path"
    assert options["default_acl"] == "private"
    assert options["object_parameters"] == {"CacheControl": "private, no-store"}


def test_s3_url_without_host_uses_aws_defaults_over_https():
    options = photo_storage({"MEDIA_STORAGE_URL": "s3:///bucket"}, BASE)["OPTIONS"]
    assert options["bucket_name"] == "bucket"
    assert "endpoint_url" not in options and "access_key" not in options
    https = photo_storage({"MEDIA_STORAGE_URL": "s3://k:s@objects.example.com/b"}, BASE)
    assert https["OPTIONS"]["endpoint_url"] == "https://objects.example.com"


def test_bucket_name_variables_also_select_s3():
    entry = photo_storage(
        {"AWS_STORAGE_BUCKET_NAME": "b", "AWS_S3_ENDPOINT_URL": "https://s3.example.com"}, BASE
    )
    assert entry["BACKEND"] == S3
    assert entry["OPTIONS"]["endpoint_url"] == "https://s3.example.com"


@pytest.mark.parametrize(
    ("url", "words"),
    [("https://host/bucket", "must start with s3://"), ("s3://host/", "must name a bucket")],
)
def test_bad_storage_urls_fail_at_start_up_with_a_clear_message(url, words):
    with pytest.raises(ImproperlyConfigured, match=words):
        photo_storage({"MEDIA_STORAGE_URL": url}, BASE)
