"""Factories for patch tests, procedures and reminders (safety area)."""

import datetime as dt

import factory

from routines.models import PatchTest, Procedure, Reminder, Routine, Step
from tests.factories import UserFactory


class PatchTestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PatchTest

    user = factory.SubFactory(UserFactory)
    product = None
    product_name = factory.Sequence(lambda n: f"Test serum {n}")
    site = PatchTest.Site.INNER_FOREARM
    started_at = factory.LazyFunction(lambda: dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC))


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure

    user = factory.SubFactory(UserFactory)
    kind = Procedure.Kind.MICRONEEDLING
    date = dt.date(2026, 3, 2)
    recovery_days = 7


class SafetyRoutineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Routine

    user = factory.SubFactory(UserFactory)
    name = "Evening"
    period = Routine.Period.PM


class SafetyStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    routine = factory.SubFactory(SafetyRoutineFactory)
    custom_name = factory.Sequence(lambda n: f"Step product {n}")
    kind = Step.Kind.RETINOID
    start_date = dt.date(2026, 1, 1)


class ReminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reminder

    user = factory.SubFactory(UserFactory)
    kind = Reminder.Kind.PATCH_TEST_READ
    patch_test = factory.SubFactory(PatchTestFactory, user=factory.SelfAttribute("..user"))
    due_at = factory.LazyFunction(lambda: dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC))
