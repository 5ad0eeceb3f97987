"""Factories shared by every app's tests. Apps add theirs here or in tests/<app>/factories.py."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from catalog.roles import EDITOR_GROUP
from routines.models import Profile


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    username = factory.SelfAttribute("email")
    password = factory.django.Password("correct-horse-battery-staple")
    profile = factory.RelatedFactory("tests.factories.ProfileFactory", factory_related_name="user")
    # The usual user has confirmed their address (allauth's row); UnverifiedUserFactory has not.
    email_address = factory.RelatedFactory(
        "tests.factories.EmailAddressFactory", factory_related_name="user", verified=True
    )


class UnverifiedUserFactory(UserFactory):
    email_address = factory.RelatedFactory(
        "tests.factories.EmailAddressFactory", factory_related_name="user", verified=False
    )


class EmailAddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmailAddress

    user = factory.SubFactory(UserFactory, email_address=None)
    email = factory.LazyAttribute(lambda o: o.user.email)
    primary = True
    verified = True


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory, profile=None)
    timezone = "UTC"


class EditorFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def groups(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(Group.objects.get(name=EDITOR_GROUP))
