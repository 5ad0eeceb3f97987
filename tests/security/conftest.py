"""Objects every security test needs: one owner's private data, public content, a reset link."""

import dataclasses

import pytest
from django.test import Client


@dataclasses.dataclass
class World:
    owner: object
    routine: object
    step: object
    product: object
    article: object
    starter_slug: str
    patch_test: object = None
    procedure: object = None
    reminder: object = None
    calendar_token: str = ""
    unsubscribe_token: str = ""
    shelf_item: object = None
    avoided: object = None
    photo: object = None
    passkey: object = None

    def reset_link(self) -> dict:
        """Password-reset URL arguments, made when asked: logging in invalidates old tokens."""
        from allauth.account.forms import default_token_generator
        from allauth.account.utils import user_pk_to_url_str

        self.owner.refresh_from_db()
        return {
            "uidb36": user_pk_to_url_str(self.owner),
            "key": default_token_generator.make_token(self.owner),
        }

    def confirmation_key(self) -> dict:
        """A live email-verification link for the owner's address (HMAC, stores nothing)."""
        from allauth.account.models import EmailAddress, EmailConfirmationHMAC

        address = EmailAddress.objects.get(user=self.owner)
        return {"key": EmailConfirmationHMAC(address).key}


@pytest.fixture
def world(owner):
    # Imported here: conftest modules load before Django's app registry is ready.
    from routines.editor.starters import STARTERS
    from routines.reminders.services import unsubscribe_token
    from tests.catalog.factories import ProductFactory
    from tests.guide.factories import ArticleFactory
    from tests.routines.factories import (
        CheckInFactory,
        RoutineFactory,
        SkinLogFactory,
        StepFactory,
    )
    from tests.routines.photos.factories import store_photo
    from tests.routines.safety.factories import PatchTestFactory, ProcedureFactory, ReminderFactory
    from tests.routines.shelf.factories import AvoidedIngredientFactory, ShelfItemFactory

    routine = RoutineFactory(user=owner, name="Owner-only night routine")
    step = StepFactory(routine=routine, custom_name="Owner-only serum")
    CheckInFactory(step=step)
    SkinLogFactory(user=owner, note="Owner-only skin note")
    patch_test = PatchTestFactory(user=owner, product_name="Owner-only patch serum")
    procedure = ProcedureFactory(user=owner, notes="Owner-only procedure note")
    reminder = ReminderFactory(user=owner, patch_test=patch_test)
    profile = owner.profile
    profile.calendar_token = "owner-only-calendar-token-0123456789abcdef"
    profile.save(update_fields=["calendar_token"])
    shelf_item = ShelfItemFactory(user=owner, notes="Owner-only shelf note")
    avoided = AvoidedIngredientFactory(user=owner, reason="Owner-only avoid reason")
    photo = store_photo(owner, note="Owner-only photo note")
    from tests.accounts.passkeys import add_passkey

    return World(
        photo=photo,
        passkey=add_passkey(owner).authenticator,
        shelf_item=shelf_item,
        avoided=avoided,
        patch_test=patch_test,
        procedure=procedure,
        reminder=reminder,
        calendar_token=profile.calendar_token,
        unsubscribe_token=unsubscribe_token(owner.pk),
        owner=owner,
        routine=routine,
        step=step,
        product=ProductFactory(),
        article=ArticleFactory(),
        starter_slug=STARTERS[0].slug,
    )


@pytest.fixture
def clients(db, owner, other_user, editor):
    """One logged-in client per role, plus an anonymous one."""
    from tests.accounts.helpers import signed_in_client

    result = {"anon": Client()}
    for role, user in (("owner", owner), ("other", other_user), ("editor", editor)):
        # Freshly signed in, so pages behind allauth's re-authentication show what they guard.
        result[role] = signed_in_client(user)
    return result
