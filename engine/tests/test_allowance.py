from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine import allowance

RATES = [1, 2, 5, 10, 25, 50]


def test_matrix_rates_per_bucket_and_specific_override():
    aged = {
        "a": [1000, 500, 0, 0, 0, 200],
        "b": [0, 0, 0, 0, 0, 10000],
        "c": [100, -300, 0, 0, 0, 0],
    }
    per_customer, total = allowance.allowance(aged, RATES, {"b": Decimal(2500)})
    assert per_customer["a"] == Decimal("120.00")  # 10 + 10 + 100
    assert per_customer["b"] == Decimal("2500.00")
    assert per_customer["c"] == Decimal("1.00"), "credits do not reduce"
    assert total == Decimal("2621.00")


def test_matrix_needs_a_rate_per_bucket():
    with pytest.raises(ValueError):
        allowance.matrix_allowance([1, 2, 3], [1, 2])


amounts = st.decimals(min_value=-10000, max_value=100000, places=2)


@given(
    st.lists(amounts, min_size=6, max_size=6),
    st.lists(st.integers(0, 100), min_size=6, max_size=6),
)
def test_allowance_between_zero_and_positive_receivables(buckets, rates):
    result = allowance.matrix_allowance(buckets, rates)
    positive = sum((b for b in buckets if b > 0), Decimal(0))
    assert 0 <= result <= positive + Decimal("0.01")


@pytest.mark.parametrize("rate", [150, -10, 1e9 * 100, float("nan"), float("inf")])
def test_rates_outside_0_100_are_refused(rate):
    rates = [1, 2, 5, 10, 25, rate]
    with pytest.raises(allowance.AllowanceInputError) as caught:
        allowance.allowance({"a": [0, 0, 0, 0, 0, 100]}, rates)
    assert caught.value.code == "rate_out_of_range"
    assert caught.value.values["index"] == 5


@pytest.mark.parametrize("amount", [-500, float("nan"), 1e30])
def test_absurd_specific_provisions_are_refused(amount):
    with pytest.raises(allowance.AllowanceInputError) as caught:
        allowance.allowance({}, RATES, {"a": amount})
    assert caught.value.code == "specific_out_of_range"


@given(
    st.lists(amounts, min_size=6, max_size=6),
    st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=6, max_size=6),
)
def test_allowance_never_exceeds_what_is_owed(buckets, rates):
    provided = allowance.matrix_allowance(buckets, rates)
    owed = sum((b for b in buckets if b > 0), Decimal(0))
    assert Decimal(0) <= provided <= owed + Decimal("0.01")
