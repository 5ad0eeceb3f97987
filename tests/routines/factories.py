"""Routine factories for tests."""

import datetime as dt

import factory

from routines.models import CheckIn, Routine, SkinLog, Step
from tests.factories import UserFactory


class RoutineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Routine

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Routine {n}")
    period = Routine.Period.PM


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    routine = factory.SubFactory(RoutineFactory)
    position = factory.Sequence(lambda n: n)
    custom_name = factory.Sequence(lambda n: f"Product {n}")
    kind = Step.Kind.OTHER
    schedule = Step.Schedule.DAILY
    start_date = dt.date(2025, 1, 1)


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    step = factory.SubFactory(StepFactory)
    user = factory.SelfAttribute("step.routine.user")
    date = dt.date(2026, 11, 25)
    status = CheckIn.Status.DONE


class SkinLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkinLog

    user = factory.SubFactory(UserFactory)
    date = dt.date(2026, 11, 25)
