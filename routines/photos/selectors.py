"""Reads for progress photos: the gallery by angle, a compare pair, timeline products, export.

Every read starts from the owner (``ProgressPhoto.objects.filter(user=user)``); nothing
here looks a photo up by id alone.
"""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.storage import storages
from django.db.models import Count, Sum

from catalog.models import without_search_vectors
from routines.models import ProgressPhoto, Step
from routines.photos import rules

MB = rules.MB
logger = logging.getLogger("cellwise.photos")


def current_limits() -> rules.Limits:
    """The stated upload limits and quota, from settings."""
    return rules.Limits(
        max_upload_bytes=settings.PHOTO_MAX_UPLOAD_MB * MB,
        max_pixels=settings.PHOTO_MAX_MEGAPIXELS * 1_000_000,
        quota_count=settings.PHOTO_QUOTA_COUNT,
        quota_bytes=settings.PHOTO_QUOTA_MB * MB,
    )


def user_photos(user):
    return ProgressPhoto.objects.filter(user=user)


@dataclass(frozen=True)
class Usage:
    count: int
    bytes: int

    @property
    def megabytes(self) -> float:
        return self.bytes / MB


def usage(user) -> Usage:
    row = user_photos(user).aggregate(count=Count("pk"), bytes=Sum("stored_bytes"))
    return Usage(row["count"], row["bytes"] or 0)


def timeline_products(user) -> list[rules.TimelineProduct]:
    """The user's biologic products with the day each was first started (one query), the
    same products Today's "what to expect" shows (routines.today.expectations_for)."""
    earliest: dict[str, rules.TimelineProduct] = {}
    steps = without_search_vectors(
        Step.objects.filter(routine__user=user, kind=Step.Kind.BIOLOGIC)
        .select_related("product__brand")
        .order_by("start_date", "pk"),
        "product",
    )
    for step in steps:
        key = f"p{step.product_id}" if step.product_id else f"n{step.custom_name.casefold()}"
        if key not in earliest:
            earliest[key] = rules.TimelineProduct(step.name, step.start_date)
    return list(earliest.values())


@dataclass
class PhotoCard:
    """A photo with what the page says about it."""

    photo: ProgressPhoto
    alt: str
    positions: list[rules.TimelinePosition]

    @property
    def pk(self) -> int:
        return self.photo.pk


def card_for(photo: ProgressPhoto, products: list[rules.TimelineProduct]) -> PhotoCard:
    return PhotoCard(
        photo=photo,
        alt=rules.alt_text(
            angle_label=photo.get_angle_display(), taken_on=photo.taken_on, note=photo.note
        ),
        positions=rules.timeline_positions(photo.taken_on, products),
    )


@dataclass
class AngleGallery:
    angle: str
    label: str
    cards: list[PhotoCard] = field(default_factory=list)

    @property
    def can_compare(self) -> bool:
        return len(self.cards) >= 2


def gallery(user) -> list[AngleGallery]:
    """Every photo of the user grouped by angle, oldest first (two queries in all)."""
    products = timeline_products(user)
    sections = {value: AngleGallery(value, label) for value, label in ProgressPhoto.Angle.choices}
    for photo in user_photos(user).order_by("taken_on", "pk"):
        sections[photo.angle].cards.append(card_for(photo, products))
    return list(sections.values())


@dataclass
class ComparePair:
    angle: str
    label: str
    choices: list[PhotoCard]
    before: PhotoCard | None
    after: PhotoCard | None

    @property
    def apart_words(self) -> str:
        if not (self.before and self.after):
            return ""
        return rules.days_between_words(self.before.photo.taken_on, self.after.photo.taken_on)


def compare_pair(user, angle: str, before_pk: int | None, after_pk: int | None) -> ComparePair:
    """Two photos of one angle (default: the first and the latest) and the list to pick from.
    An id that is not one of this user's photos of this angle falls back to the default."""
    products = timeline_products(user)
    cards = [
        card_for(photo, products)
        for photo in user_photos(user).filter(angle=angle).order_by("taken_on", "pk")
    ]
    by_pk = {card.pk: card for card in cards}
    before = by_pk.get(before_pk) if before_pk else None
    after = by_pk.get(after_pk) if after_pk else None
    if before is None:
        before = next((card for card in cards if card is not after), None)
    if after is None:
        after = next((card for card in reversed(cards) if card is not before), None)
    return ComparePair(angle, ProgressPhoto.Angle(angle).label, cards, before, after)


def open_file(photo: ProgressPhoto, size: str):
    """The stored file for a photo (``size`` "image" or "thumb"), opened for reading."""
    name = photo.thumb_name if size == "thumb" else photo.image_name
    return storages["photos"].open(name, "rb")


EXPORT_COLUMNS = ["date", "angle", "note", "file", "thumbnail", "width", "height"]


def export_entries(user):
    """(path in the zip, bytes) for each photo file and a CSV of dates, angles and notes."""
    rows = []
    storage = storages["photos"]
    for photo in user_photos(user).order_by("taken_on", "pk").iterator():
        stem = f"photos/{photo.taken_on.isoformat()}-{photo.angle}-{photo.pk}"
        files = {"file": f"{stem}.jpg", "thumbnail": f"{stem}-thumbnail.jpg"}
        for column, name in (("file", photo.image_name), ("thumbnail", photo.thumb_name)):
            try:
                with storage.open(name, "rb") as handle:
                    data = handle.read()
            except Exception:
                # A lost file must not cost the user the rest of their export.
                logger.exception("photo file %s missing from storage", name)
                files[column] = "(file missing)"
                continue
            yield files[column], data
        rows.append(
            {
                "date": photo.taken_on.isoformat(),
                "angle": photo.get_angle_display(),
                "note": photo.note,
                "width": photo.width,
                "height": photo.height,
                **files,
            }
        )
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    yield "photos/photos.csv", buffer.getvalue().encode("utf-8")
