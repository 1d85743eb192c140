from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from engine.money import round_money, to_decimal


def test_round_half_up_not_bankers():
    assert round_money("2.675") == Decimal("2.68")
    assert round_money("0.125") == Decimal("0.13")
    assert round_money(Decimal("-0.125")) == Decimal("-0.13")


def test_float_keeps_its_written_value():
    assert to_decimal(0.1) == Decimal("0.1")


def test_zero_digits_currency():
    assert round_money("1234.5", digits=0) == Decimal(1235)


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=4))
def test_rounding_moves_less_than_half_a_cent(value):
    assert abs(round_money(value) - value) <= Decimal("0.005")
