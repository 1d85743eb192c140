from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine import promises

DUE = date(2026, 3, 31)
AFTER = DUE + timedelta(days=1)
money = st.decimals(min_value=Decimal("0.01"), max_value=10**9, places=2)


def test_paid_in_full_before_the_date_is_kept():
    assert promises.outcome(500, 500, DUE, AFTER) == promises.KEPT
    assert promises.outcome(500, Decimal("499.995"), DUE, AFTER) == promises.KEPT


def test_short_after_the_date_is_broken_and_open_before():
    assert promises.outcome(500, Decimal("499.99"), DUE, AFTER) == promises.BROKEN
    assert promises.outcome(500, 0, DUE, DUE) == promises.OPEN
    assert promises.outcome(500, None, DUE, AFTER) == promises.BROKEN


@pytest.mark.parametrize(
    "amount", [0, -100, float("nan"), float("inf"), 1e30, None, "abc"]
)
def test_absurd_promised_amounts_are_refused(amount):
    with pytest.raises(promises.PromiseInputError):
        promises.check_promised_amount(amount)


@given(money, money)
def test_kept_exactly_when_paid_reaches_the_promise(promised, paid):
    assert promises.is_kept(promised, paid) == (paid >= promised)


@given(money, money, money)
def test_paying_more_never_breaks_a_promise(promised, paid, extra):
    if promises.outcome(promised, paid, DUE, AFTER) == promises.KEPT:
        assert promises.outcome(promised, paid + extra, DUE, AFTER) == promises.KEPT


@given(money, money, st.integers(min_value=-30, max_value=30))
def test_never_broken_before_its_date(promised, paid, offset):
    today = DUE + timedelta(days=offset)
    result = promises.outcome(promised, paid, DUE, today)
    if today <= DUE:
        assert result != promises.BROKEN
    else:
        assert result != promises.OPEN
