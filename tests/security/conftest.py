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

    def reset_link(self) -> dict:
        """Password-reset URL arguments, made when asked: logging in invalidates old tokens."""
        from django.contrib.auth.tokens import default_token_generator
        from django.utils.encoding import force_bytes
        from django.utils.http import urlsafe_base64_encode

        self.owner.refresh_from_db()
        return {
            "uidb64": urlsafe_base64_encode(force_bytes(self.owner.pk)),
            "token": default_token_generator.make_token(self.owner),
        }


@pytest.fixture
def world(owner):
    # Imported here: conftest modules load before Django's app registry is ready.
    from routines.starters import STARTERS
    from tests.catalog.factories import ProductFactory
    from tests.guide.factories import ArticleFactory
    from tests.routines.factories import (
        CheckInFactory,
        RoutineFactory,
        SkinLogFactory,
        StepFactory,
    )

    routine = RoutineFactory(user=owner, name="Owner-only night routine")
    step = StepFactory(routine=routine, custom_name="Owner-only serum")
    CheckInFactory(step=step)
    SkinLogFactory(user=owner, note="Owner-only skin note")
    return World(
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
    result = {"anon": Client()}
    for role, user in (("owner", owner), ("other", other_user), ("editor", editor)):
        c = Client()
        c.force_login(user)
        result[role] = c
    return result
