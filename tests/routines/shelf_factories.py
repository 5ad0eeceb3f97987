"""Factories for routines rows used by the shelf, avoid-list and my-data tests."""

import datetime
from decimal import Decimal

import factory

from routines.models import (
    AvoidedIngredient,
    CheckIn,
    Routine,
    ShelfItem,
    SkinLog,
    Step,
)
from tests.catalog.factories import IngredientFactory, ProductFactory
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
    product = factory.SubFactory(ProductFactory)
    kind = Step.Kind.BIOLOGIC
    schedule = Step.Schedule.DAILY
    start_date = datetime.date(2026, 1, 1)


class ShelfItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShelfItem

    user = factory.SubFactory(UserFactory)
    product = factory.SubFactory(ProductFactory)
    status = ShelfItem.Status.IN_USE
    opened_on = datetime.date(2026, 3, 1)
    pao_months = 6
    size_ml = Decimal("30")
    price_paid = Decimal("120.00")


class AvoidedIngredientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AvoidedIngredient

    user = factory.SubFactory(UserFactory)
    ingredient = factory.SubFactory(IngredientFactory)


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    step = factory.SubFactory(StepFactory)
    user = factory.SelfAttribute("step.routine.user")
    date = datetime.date(2026, 3, 1)


class SkinLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkinLog

    user = factory.SubFactory(UserFactory)
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    redness = 1
