"""The inventory's world (tests/quality/pages.py) with the longest things a person can type:
every free-text field of the owner's rows filled to its limit, names as one unbroken word,
notes as long sentences with an unbroken word inside, and a long email address.

The layout guards (tests/browser/test_layout_guards.py) tour every page with this data.
"""

from django.db import models

# A word with no break opportunity, as pasted product codes and run-together names are.
UNBROKEN = "Supercalifragilisticexpialidociousserumwithnospacesatallfromatinybrand" * 4
SENTENCE = "Applied a thin layer after the cleanser and waited a few minutes before the next step; "
LONG_EMAIL = "someone.with.a.remarkably.long.name.for.an.address@long-domain-example.com"

# Fields that are identifiers or codes, not text a person types.
NOT_FREE_TEXT = {"currency", "weekdays", "timezone", "calendar_token", "image_name", "thumb_name"}
# Names are one word; everything else is prose with one long word in it.
NAME_FIELDS = {"name", "custom_name", "product_name"}


def unbroken(length: int, tag: str) -> str:
    """An unbroken word of `length` characters that starts with `tag` (to tell rows apart)."""
    return (tag + UNBROKEN)[:length]


def prose(length: int) -> str:
    """Sentences with one 60-character unbroken word, cut to `length` at a space."""
    text = SENTENCE + UNBROKEN[:60] + " " + SENTENCE * (length // len(SENTENCE) + 1)
    return text[:length].rsplit(" ", 1)[0]


def long_value(field: models.Field, tag: str) -> str:
    if field.name in NAME_FIELDS:
        return unbroken(field.max_length, tag)
    return prose(field.max_length or 500)


def free_text_fields(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and not f.choices
        and f.name not in NOT_FREE_TEXT
    ]


def lengthen(world) -> None:
    """Fill every free-text field of the owner's routines rows to its limit, add a shelf
    item known only by its typed name, and give the owner a long email address."""
    from allauth.account.models import EmailAddress

    from routines.models import ShelfItem
    from routines.mydata.selectors import owned_models

    owner = world.owner
    ShelfItem.objects.create(
        user=owner, custom_name="x", status=ShelfItem.Status.UNOPENED, notes="x"
    )
    for owned in owned_models():
        if owned.model._meta.app_label != "routines":
            continue
        fields = free_text_fields(owned.model)
        if not fields:
            continue
        for row in owned.rows_for(owner):
            tag = f"{owned.model.__name__}{row.pk}"
            for field in fields:
                # A step named by its catalog product keeps no typed name.
                if field.name == "custom_name" and getattr(row, "product_id", None):
                    continue
                setattr(row, field.name, long_value(field, tag))
            row.save(update_fields=[f.name for f in fields])
    EmailAddress.objects.filter(user=owner).update(email=LONG_EMAIL)
    type(owner).objects.filter(pk=owner.pk).update(email=LONG_EMAIL, username=LONG_EMAIL)
    owner.refresh_from_db()
