"""Where private uploads (progress photos) are stored, read from the environment.

Photos go through Django's storage API under the alias "photos" and are never given a
public URL: the only way out is an authenticated view that checks the owner. By default
they are files under ``var/media/`` (outside ``STATIC_ROOT``, so WhiteNoise never sees
them); with ``MEDIA_STORAGE_URL`` (or ``AWS_STORAGE_BUCKET_NAME``) they go to an
S3-compatible bucket through django-storages, so several app servers share them.

``MEDIA_STORAGE_URL`` looks like ``s3://KEY:SECRET@host[:port]/bucket[/prefix]``; use
``s3+http://`` for an endpoint without TLS (a MinIO on the same host). Query parameters:
``region`` (e.g. ``eu-west-1``). Without a host (``s3:///bucket``) boto3's own endpoint
and credential chain are used.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

FILESYSTEM = "django.core.files.storage.FileSystemStorage"
S3 = "storages.backends.s3.S3Storage"

# Owner-only files and folders on disk: the web server user reads them, nobody else.
FILE_MODE = 0o600
DIRECTORY_MODE = 0o700


def _s3_options(**options) -> dict:
    """Options shared by every S3 configuration: private objects, no signed public links."""
    return {
        "default_acl": "private",
        # Names are random and never reused; refusing to overwrite costs a HEAD per save.
        "file_overwrite": True,
        # The storage never hands out a URL; if something asks, it gets a short signed one.
        "querystring_auth": True,
        "querystring_expire": 60,
        "object_parameters": {"CacheControl": "private, no-store"},
        **{key: value for key, value in options.items() if value not in (None, "")},
    }


def _from_url(url: str) -> dict:
    parts = urlsplit(url)
    if parts.scheme not in {"s3", "s3+http", "s3+https"}:
        raise ImproperlyConfigured(
            "MEDIA_STORAGE_URL must start with s3://, s3+https:// or s3+http://; "
            f"got {parts.scheme or 'no scheme'}."
        )
    path = parts.path.strip("/")
    if not path:
        raise ImproperlyConfigured("MEDIA_STORAGE_URL must name a bucket: s3://host/bucket.")
    bucket, _, prefix = path.partition("/")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    endpoint = None
    if parts.hostname:
        protocol = "http" if parts.scheme == "s3+http" else "https"
        port = f":{parts.port}" if parts.port else ""
        endpoint = f"{protocol}://{parts.hostname}{port}"
    return {
        "BACKEND": S3,
        "OPTIONS": _s3_options(
            bucket_name=bucket,
            location=prefix,
            endpoint_url=endpoint,
            access_key=unquote(parts.username) if parts.username else None,
            secret_key=unquote(parts.password) if parts.password else None,
            region_name=query.get("region"),
            # Custom endpoints (MinIO, Ceph, moto) rarely resolve bucket sub-domains.
            addressing_style="path" if endpoint else None,
        ),
    }


def photo_storage(environ: Mapping[str, str], base_dir: Path) -> dict:
    """The STORAGES entry for progress photos, from the environment."""
    url = environ.get("MEDIA_STORAGE_URL", "").strip()
    if url:
        return _from_url(url)
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if bucket:
        endpoint = environ.get("AWS_S3_ENDPOINT_URL", "").strip() or None
        return {
            "BACKEND": S3,
            "OPTIONS": _s3_options(
                bucket_name=bucket,
                location=environ.get("AWS_LOCATION", "").strip(),
                endpoint_url=endpoint,
                region_name=environ.get("AWS_S3_REGION_NAME", "").strip() or None,
                addressing_style="path" if endpoint else None,
                # Keys come from boto3's chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY…).
            ),
        }
    root = environ.get("MEDIA_ROOT", "").strip() or str(base_dir / "var" / "media")
    return {
        "BACKEND": FILESYSTEM,
        "OPTIONS": {
            "location": root,
            "file_permissions_mode": FILE_MODE,
            "directory_permissions_mode": DIRECTORY_MODE,
        },
    }
