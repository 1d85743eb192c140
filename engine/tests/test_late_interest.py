from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from engine import late_interest as li


def test_reference_worked_example():
    # ar-reference.md: EUR 1,000 paid 30 days late at 10.5% a year = 8.63
    amount = li.late_interest(
        Decimal(1000),
        date(2025, 3, 1),
        date(2025, 3, 31),
        mode="fixed",
        fixed_rate=Decimal("10.5"),
    )
    assert amount == Decimal("8.63")


def test_rate_of_half_year_is_the_one_on_its_first_day():
    rates = [(date(2023, 9, 20), Decimal("4.50")), (date(2024, 6, 12), Decimal("4.25"))]
    periods = li.statutory_periods(
        rates, Decimal(8), date(2024, 6, 1), date(2024, 7, 10)
    )
    assert [(p.date_from, p.date_to, p.rate) for p in periods] == [
        (date(2024, 6, 1), date(2024, 6, 30), Decimal("12.50")),
        (date(2024, 7, 1), date(2024, 7, 10), Decimal("12.25")),
    ]
    # 1000 x 12.5% x 30/365 + 1000 x 12.25% x 10/365
    amount = li.late_interest(
        1000, date(2024, 5, 31), date(2024, 7, 10), reference_rates=rates
    )
    assert amount == Decimal("13.63")


def test_missing_reference_rate_is_an_error():
    try:
        li.late_interest(100, date(2020, 1, 1), date(2020, 2, 1), reference_rates=[])
    except ValueError as error:
        assert "2020-01-01" in str(error)
    else:
        raise AssertionError("expected ValueError")


def test_leap_year_actual_365():
    # 2024 has 366 days: a full year late costs 366/365 of the rate
    amount = li.late_interest(
        Decimal(365),
        date(2023, 12, 31),
        date(2024, 12, 31),
        mode="fixed",
        fixed_rate=10,
    )
    assert amount == Decimal("36.60")


def test_nothing_before_due_and_interest_already_charged():
    assert li.late_interest(
        1000, date(2025, 3, 1), date(2025, 3, 1), mode="fixed", fixed_rate=10
    ) == Decimal("0.00")
    full = li.late_interest(
        1000, date(2025, 1, 1), date(2025, 3, 1), mode="fixed", fixed_rate=10
    )
    first = li.late_interest(
        1000, date(2025, 1, 1), date(2025, 2, 1), mode="fixed", fixed_rate=10
    )
    rest = li.late_interest(
        1000,
        date(2025, 1, 1),
        date(2025, 3, 1),
        mode="fixed",
        fixed_rate=10,
        charged_until=date(2025, 2, 1),
    )
    assert abs(first + rest - full) <= Decimal("0.01")


@given(
    residual=st.decimals(min_value=0, max_value=10**7, places=2),
    days=st.integers(min_value=0, max_value=2000),
    split=st.integers(min_value=0, max_value=2000),
)
def test_periods_partition_the_late_days(residual, days, split):
    rates = [(date(2000, 1, 1), Decimal(2)), (date(2025, 7, 1), Decimal(3))]
    due = date(2024, 2, 10)
    end = date.fromordinal(due.toordinal() + days)
    periods = li.statutory_periods(rates, 8, date.fromordinal(due.toordinal() + 1), end)
    assert sum((p.date_to - p.date_from).days + 1 for p in periods) == days
    amount = li.late_interest(residual, due, end, reference_rates=rates)
    assert amount >= 0
    assert amount <= li.round_money(residual * Decimal("0.11") * days / 365) + Decimal(
        "0.01"
    )
