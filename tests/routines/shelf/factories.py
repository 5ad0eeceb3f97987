"""Factories for the shelf, avoid-list and my-data tests, built on tests/routines/factories.py."""

import datetime
from decimal import Decimal

import factory

from routines.models import AvoidedIngredient, ShelfItem, Step
from tests.catalog.factories import IngredientFactory, ProductFactory
from tests.factories import UserFactory
from tests.routines import factories as routine_factories
from tests.routines.factories import CheckInFactory, RoutineFactory  # noqa: F401 (re-exported)


class StepFactory(routine_factories.StepFactory):
    """A catalog serum used as a biologic step, started before the shelf tests' dates."""

    product = factory.SubFactory(ProductFactory)
    custom_name = ""
    kind = Step.Kind.BIOLOGIC
    start_date = datetime.date(2026, 1, 1)


class SkinLogFactory(routine_factories.SkinLogFactory):
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    redness = 1


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
