"""The catalog's price range, as one SQL expression, keeps the same serums as the rule it
states: priced inside the range, or with no price recorded (hypothesis)."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.forms import ProductFilterForm
from catalog.models import Product
from tests.catalog.factories import ProductFactory

pytestmark = pytest.mark.django_db

amounts = st.decimals(min_value=0, max_value=999, places=2, allow_nan=False)
prices_ = st.decimals(min_value="0.01", max_value=999, places=2, allow_nan=False)  # > 0


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    prices=st.lists(st.none() | prices_, min_size=1, max_size=8),
    low=st.none() | amounts,
    high=st.none() | amounts,
)
def test_price_range_keeps_priced_inside_and_every_unpriced(prices, low, high):
    Product.objects.all().delete()
    made = {ProductFactory(price=price).pk: price for price in prices}
    data = {k: str(v) for k, v in (("min_price", low), ("max_price", high)) if v is not None}
    if low is not None and high is not None and low > high:
        low, high = high, low
        data = {"min_price": str(low), "max_price": str(high)}
    form = ProductFilterForm(data)
    assert form.is_valid(), form.errors
    kept = set(form.apply(Product.objects.published()).values_list("pk", flat=True))
    expected = {
        pk
        for pk, price in made.items()
        if price is None
        or ((low is None or price >= Decimal(low)) and (high is None or price <= Decimal(high)))
    }
    assert kept == expected
