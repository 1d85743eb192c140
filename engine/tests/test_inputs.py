import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine import inputs


@pytest.mark.parametrize(
    "value",
    [math.nan, math.inf, -math.inf, "nan", "inf", "-Infinity", "", "abc", None, True],
)
def test_not_a_number(value):
    assert inputs.number_problem(value) == "not_a_number"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, None),
        (100, None),
        ("50.5", None),
        ("1 000", "above_maximum"),
        (Decimal("-0.01"), "below_minimum"),
        (1e30, "above_maximum"),
        (-10, "below_minimum"),
    ],
)
def test_bounds_inclusive(value, expected):
    assert inputs.number_problem(value, 0, 100) == expected


def test_strict_minimum_refuses_zero():
    assert inputs.number_problem(0, 0, strict_minimum=True) == "below_minimum"
    assert inputs.number_problem(0.01, 0, strict_minimum=True) is None


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_any_float_is_either_accepted_finite_or_refused(value):
    problem = inputs.number_problem(value, -1e6, 1e6)
    if problem is None:
        assert math.isfinite(value)
        assert -1e6 <= value <= 1e6
    else:
        assert not math.isfinite(value) or abs(value) > 1e6
