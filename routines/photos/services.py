"""Writes for progress photos: store a set, delete one, remove every file of an account.

Files live in the "photos" storage under random names (secrets.token_urlsafe, 192 bits):
nothing in a name says whose photo it is or can be guessed from another. A file is
removed only after the database has committed the row's deletion, so a rolled-back
delete never leaves a row pointing at nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Iterable, Sequence

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import Count, Sum

from routines.models import ProgressPhoto
from routines.photos import imaging, rules
from routines.photos.selectors import current_limits

STORAGE_ALIAS = "photos"
logger = logging.getLogger("cellwise.photos")


class QuotaExceeded(Exception):
    """Adding the photos would go over the user's stated quota (message for the person)."""


def photo_storage():
    return storages[STORAGE_ALIAS]


def _new_name(kind: str) -> str:
    return f"p/{secrets.token_urlsafe(24)}-{kind}.{imaging.OUTPUT_EXTENSION}"


def _save(name: str, data: bytes) -> str:
    saved = photo_storage().save(name, ContentFile(data))
    if saved != name:  # a storage that renamed it would break our records
        photo_storage().delete(saved)
        raise RuntimeError("the photo storage renamed a new file")
    return saved


def remove_files(names: Iterable[str]) -> int:
    """Delete these files from the photo storage now; missing ones are fine. Returns count."""
    storage = photo_storage()
    removed = 0
    for name in names:
        try:
            storage.delete(name)
            removed += 1
        except Exception:
            # Keep going: one failure must not leave the rest of an account's files behind.
            logger.exception("could not delete photo file %s", name)
    return removed


def remove_files_after_commit(names: Sequence[str]) -> None:
    """Delete these files once the surrounding transaction commits (at once outside one)."""
    names = list(names)
    if names:
        transaction.on_commit(lambda: remove_files(names))


def add_photos(
    user,
    *,
    taken_on: dt.date,
    note: str,
    images: Sequence[tuple[str, imaging.ProcessedImage]],
) -> list[ProgressPhoto]:
    """Store one photo per (angle, processed image) for `user`, all or nothing.

    Raises QuotaExceeded (nothing stored) when they would not fit the user's quota.
    """
    limits = current_limits()
    saved: list[str] = []
    try:
        with transaction.atomic():
            # One upload at a time per user, so two tabs cannot both squeeze under the quota.
            get_user_model().objects.select_for_update().filter(pk=user.pk).first()
            used = ProgressPhoto.objects.filter(user=user).aggregate(
                count=Count("pk"), bytes=Sum("stored_bytes")
            )
            problem = rules.quota_problem(
                used_count=used["count"],
                used_bytes=used["bytes"] or 0,
                new_count=len(images),
                new_bytes=sum(image.stored_bytes for _, image in images),
                limits=limits,
            )
            if problem:
                raise QuotaExceeded(problem)
            photos = []
            for angle, image in images:
                image_name = _save(_new_name("d"), image.display)
                saved.append(image_name)
                thumb_name = _save(_new_name("t"), image.thumb)
                saved.append(thumb_name)
                photos.append(
                    ProgressPhoto(
                        user=user,
                        angle=angle,
                        taken_on=taken_on,
                        note=note,
                        image_name=image_name,
                        thumb_name=thumb_name,
                        width=image.width,
                        height=image.height,
                        stored_bytes=image.stored_bytes,
                    )
                )
            return ProgressPhoto.objects.bulk_create(photos)
    except BaseException:
        # The rows are gone with the rollback; the files written so far go too.
        remove_files(saved)
        raise


def delete_photo(photo: ProgressPhoto) -> None:
    """Delete one photo's row, then (after commit) both of its files."""
    with transaction.atomic():
        names = [photo.image_name, photo.thumb_name]
        photo.delete()
        remove_files_after_commit(names)


def remove_all_files_after_commit(user) -> int:
    """Account deletion: schedule every photo file of `user` for removal after the commit
    (call inside the deleting transaction, before the rows go). Returns the file count."""
    names = [
        name
        for pair in ProgressPhoto.objects.filter(user=user).values_list("image_name", "thumb_name")
        for name in pair
    ]
    remove_files_after_commit(names)
    return len(names)
