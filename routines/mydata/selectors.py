"""“My data”: find every model that belongs to a user, and export it all as one zip.

Ownership is discovered, not listed: a model is user-owned when it has a foreign key
(or one-to-one) to the user model, or to another user-owned model (Step → Routine → user).
A model added later is therefore exported — and deleted with the account — without
anyone remembering to register it. tests/routines/test_export.py fails if one is missed.
"""

import csv
import datetime
import io
import json
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone

from routines.photos.selectors import export_entries as photo_export_entries

# Framework tables that reference users but are not the user's own skincare data:
# sessions are ended on deletion, admin log entries belong to staff, group membership
# and permissions are access control. The account row itself is exported separately.
NOT_PERSONAL_DATA_APPS = frozenset({"admin", "auth", "contenttypes", "sessions"})

ACCOUNT_FIELDS = ("id", "email", "date_joined", "last_login")

# Sign-in secrets are the user's rows but never leave in an export: a leaked zip must not be
# a second factor or a live session (the authenticator's TOTP secret, recovery-code seed and
# passkey credential; the session key; a pending email-confirmation key).
SECRET_FIELDS = {
    "mfa.authenticator": frozenset({"data"}),
    "usersessions.usersession": frozenset({"session_key", "data"}),
    "account.emailconfirmation": frozenset({"key"}),
}


# Each id column is followed by the name of the row it points at (str() of that row), read
# in one query per linked model; these are the links str() follows, fetched with it.
NAME_SELECT_RELATED = {
    "catalog.product": ("brand",),
    "routines.step": ("product__brand",),
    "routines.shelfitem": ("product__brand",),
}


@dataclass(frozen=True)
class OwnedModel:
    model: type[models.Model]
    # ORM lookup from this model to the user, e.g. "user" or "routine__user".
    user_path: str

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def file_stem(self) -> str:
        return self.label.replace(".", "_")

    def rows_for(self, user):
        return self.model._default_manager.filter(**{self.user_path: user}).order_by("pk")

    def field_names(self) -> list[str]:
        secret = SECRET_FIELDS.get(self.label, frozenset())
        return [f.attname for f in self.model._meta.concrete_fields if f.name not in secret]

    def m2m_fields(self) -> list[models.ManyToManyField]:
        return list(self.model._meta.many_to_many)

    def named_links(self) -> list[models.Field]:
        """The links whose id column gets a name column beside it (not the user's own)."""
        return [f for f in _links(self.model) if f.related_model is not _user_model()]

    def columns(self) -> list[str]:
        """The CSV header: every field, each link's name right after its id, then M2M lists."""
        named = {f.attname: f.name for f in self.named_links()}
        columns = []
        for name in self.field_names():
            columns.append(name)
            if name in named:
                columns.append(named[name])
        return columns + [m.name for m in self.m2m_fields()]


def _user_model():
    return apps.get_model(settings.AUTH_USER_MODEL)


def _links(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if f.is_relation and (f.many_to_one or f.one_to_one) and f.related_model is not model
    ]


def owned_models() -> list[OwnedModel]:
    """Every model whose rows belong to one user, with the shortest path to that user.

    Non-null links are preferred, so no row is missed through an empty optional link.
    """
    user_model = _user_model()
    candidates = [
        m
        for m in apps.get_models()
        if m is not user_model and m._meta.app_label not in NOT_PERSONAL_DATA_APPS
    ]
    paths: dict[type[models.Model], tuple[bool, int, str]] = {user_model: (False, 0, "")}
    changed = True
    while changed:
        changed = False
        for model in candidates:
            for link in _links(model):
                target = paths.get(link.related_model)
                if target is None:
                    continue
                target_nullable, depth, rest = target
                path = f"{link.name}__{rest}" if rest else link.name
                key = (target_nullable or link.null, depth + 1, path)
                if model not in paths or key < paths[model]:
                    paths[model] = key
                    changed = True
    return sorted(
        (OwnedModel(m, key[2]) for m, key in paths.items() if m is not user_model),
        key=lambda o: o.label,
    )


def _plain(value):
    """JSON/CSV-friendly form of a field value."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def export_data(user) -> dict:
    """Everything the user owns as plain data: one query per owned model (plus M2M lists)."""
    account = {name: _plain(getattr(user, name)) for name in ACCOUNT_FIELDS if hasattr(user, name)}
    data: dict[str, list[dict]] = {}
    for owned in owned_models():
        names = owned.field_names()
        rows = [
            {name: _plain(value) for name, value in row.items()}
            for row in owned.rows_for(user).values(*names).iterator(chunk_size=2000)
        ]
        for m2m in owned.m2m_fields():
            # One query per M2M field for all of this user's rows, not one per row.
            through = m2m.remote_field.through
            source = m2m.m2m_field_name()
            target = m2m.m2m_reverse_field_name()
            links: dict[int, list[int]] = {}
            for source_id, target_id in through.objects.filter(
                **{f"{source}__in": owned.rows_for(user).values("pk")}
            ).values_list(f"{source}_id", f"{target}_id"):
                links.setdefault(source_id, []).append(target_id)
            for row in rows:
                row[m2m.name] = sorted(links.get(row["id"], []))
        data[owned.label] = rows
    _add_link_names(data)
    return {
        "format": "cellwise-export",
        "version": 1,
        "exported_at": timezone.now().isoformat(),
        "account": account,
        "data": data,
    }


def _add_link_names(data: dict[str, list[dict]]) -> None:
    """Put each linked row's name beside its id (``product_id`` then ``product``), so a file
    reads on its own: one query per linked model, whatever the number of rows."""
    wanted: dict[type[models.Model], set] = {}
    links = {owned.label: owned.named_links() for owned in owned_models()}
    for label, fields in links.items():
        for field in fields:
            ids = {row[field.attname] for row in data[label]} - {None}
            wanted.setdefault(field.related_model, set()).update(ids)
    names: dict[type[models.Model], dict] = {}
    for model, ids in wanted.items():
        if not ids:
            continue
        rows = model._default_manager.filter(pk__in=ids)
        related = NAME_SELECT_RELATED.get(model._meta.label_lower)
        if related:
            rows = rows.select_related(*related)
        names[model] = {obj.pk: str(obj) for obj in rows}
    for label, fields in links.items():
        if not fields:
            continue
        by_id = {f.attname: (f.name, names.get(f.related_model, {})) for f in fields}
        for index, row in enumerate(data[label]):
            named = {}
            for key, value in row.items():
                named[key] = value
                if key in by_id:
                    name, lookup = by_id[key]
                    named[name] = lookup.get(value, "")
            data[label][index] = named


def _csv_text(rows: list[dict], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {k: ";".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()}
        )
    return buffer.getvalue()


README = """Your Cellwise data export
=========================

cellwise-data.json  everything in one file: your account details and every table below.
csv/                the same data, one spreadsheet-friendly CSV file per table.
photos/             your progress photos as stored (each with a thumbnail) and photos.csv:
                    the date, angle and note of each, and its file names here.

Dates are ISO 8601 (YYYY-MM-DD); times are in UTC. Empty cells are values you never
recorded. A column ending in _id points at a row in another file (or at the shared
catalog); the column right after it gives the name of what it points at (product_id, then
product), so each file can be read on its own.
"""


def build_export_zip(user) -> bytes:
    """The export as a zip: README, one JSON file and one CSV per table (built in memory)."""
    payload = export_data(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README)
        archive.writestr("cellwise-data.json", json.dumps(payload, indent=2, ensure_ascii=False))
        archive.writestr(
            "csv/account.csv", _csv_text([payload["account"]], list(payload["account"]))
        )
        for owned in owned_models():
            archive.writestr(
                f"csv/{owned.file_stem}.csv",
                _csv_text(payload["data"][owned.label], owned.columns()),
            )
        # The photo files themselves, not only their rows (JPEGs are already compressed).
        for name, data in photo_export_entries(user):
            archive.writestr(name, data, compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()


def export_filename(user, today: datetime.date) -> str:
    return f"cellwise-my-data-{today.isoformat()}.zip"
