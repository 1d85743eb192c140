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


# ---------------------------------------------------------------------------
# Every day each sum was late (issue 14 §1, ar-reference.md worked examples)
# ---------------------------------------------------------------------------
RUN = date(2026, 12, 4)
RATE = Decimal("10.5")


def _days_ago(days):
    return date.fromordinal(RUN.toordinal() - days)


def _fixed(amount, due, settlements, on_date=RUN, rate=RATE, **kwargs):
    return li.item_interest(
        amount, due, settlements, on_date, mode="fixed", fixed_rate=rate, **kwargs
    )


def test_partial_payment_splits_the_base():
    # 1000 x 10.5% x 20/365 + 600 x 10.5% x 10/365 = 5.75 + 1.73 = 7.48
    periods = _fixed(1000, _days_ago(30), [li.Settlement(_days_ago(10), Decimal(400))])
    assert [(p.days, p.base) for p in periods] == [
        (20, Decimal(1000)),
        (10, Decimal(600)),
    ]
    assert li.total(periods) == Decimal("7.48")


def test_paid_in_full_late_is_charged_to_the_payment_day():
    # 1000 x 10.5% x 25/365 = 7.19, nothing after the payment
    periods = _fixed(1000, _days_ago(30), [li.Settlement(_days_ago(5), Decimal(1000))])
    assert [(p.date_to, p.days) for p in periods] == [(_days_ago(5), 25)]
    assert li.total(periods) == Decimal("7.19")


def test_october_book_example():
    # due 15 Oct, 400 paid 25 Oct, run 4 Dec, 10.15%: 1,000 x 10 d + 600 x 40 d
    periods = _fixed(
        1000,
        date(2026, 10, 15),
        [li.Settlement(date(2026, 10, 25), Decimal(400))],
        rate=Decimal("10.15"),
    )
    assert [(p.base, p.days) for p in periods] == [
        (Decimal(1000), 10),
        (Decimal(600), 40),
    ]
    expected = (1000 * 10 + 600 * 40) * Decimal("10.15") / 100 / 365
    assert li.total(periods) == li.round_money(expected) == Decimal("9.45")


def test_credit_note_after_due_date_reduces_the_base_from_its_date():
    due = _days_ago(30)
    late_credit = _fixed(1000, due, [li.Settlement(_days_ago(10), Decimal(300))])
    early_credit = _fixed(1000, due, [li.Settlement(_days_ago(40), Decimal(300))])
    assert [(p.base, p.days) for p in late_credit] == [
        (Decimal(1000), 20),
        (Decimal(700), 10),
    ]
    assert [(p.base, p.days) for p in early_credit] == [(Decimal(700), 30)]


def test_later_run_continues_where_the_last_charge_ended():
    settlements = [li.Settlement(_days_ago(10), Decimal(400))]
    whole = _fixed(1000, _days_ago(30), settlements)
    first = _fixed(1000, _days_ago(30), settlements, on_date=_days_ago(15))
    rest = _fixed(1000, _days_ago(30), settlements, charged_until=_days_ago(15))
    assert sum(p.days for p in first) + sum(p.days for p in rest) == 30
    assert rest[0].date_from == _days_ago(14)
    # the same day charged again: nothing
    assert _fixed(1000, _days_ago(30), settlements, charged_until=RUN) == []
    assert abs(li.total(first) + li.total(rest) - li.total(whole)) <= Decimal("0.01")


def test_statutory_margin_by_country():
    assert li.statutory_margin("FR") == (Decimal(10), "FR_L441_10")
    assert li.statutory_margin("de") == (Decimal(9), "DE_BGB_288")
    assert li.statutory_margin("BE") == (Decimal(8), "EU_2011_7")
    assert li.statutory_margin(None) == (Decimal(8), "EU_2011_7")


_settlement_lists = st.lists(
    st.tuples(
        st.integers(min_value=-60, max_value=400),
        st.decimals(min_value=0, max_value=5000, places=2),
    ),
    max_size=5,
)


@given(
    amount=st.decimals(min_value=0, max_value=10**6, places=2),
    due_offset=st.integers(min_value=0, max_value=400),
    raw=_settlement_lists,
    split=st.integers(min_value=0, max_value=500),
)
def test_properties_never_negative_and_additive(amount, due_offset, raw, split):
    due = _days_ago(due_offset)
    settlements = [li.Settlement(_days_ago(d), a) for d, a in raw]
    rates = [(date(2000, 1, 1), Decimal(2)), (date(2026, 7, 1), Decimal(3))]
    kwargs = {"reference_rates": rates}
    whole = li.item_interest(amount, due, settlements, RUN, **kwargs)
    assert all(p.amount >= 0 and p.base > 0 and p.days > 0 for p in whole)
    assert li.total(whole) >= 0
    cut = _days_ago(split)
    first = li.item_interest(amount, due, settlements, cut, **kwargs)
    rest = li.item_interest(amount, due, settlements, RUN, charged_until=cut, **kwargs)
    # additive over split periods: the same days, the same unrounded amount
    assert sum(p.days for p in first) + sum(p.days for p in rest) == sum(
        p.days for p in whole
    )
    split_sum = sum(p.amount for p in first) + sum(p.amount for p in rest)
    assert abs(split_sum - sum(p.amount for p in whole)) < Decimal("1e-20")


@given(
    amount=st.decimals(min_value=0, max_value=10**6, places=2),
    due_offset=st.integers(min_value=-30, max_value=400),
    paid_before=st.integers(min_value=0, max_value=60),
)
def test_properties_zero_when_paid_on_time(amount, due_offset, paid_before):
    due = _days_ago(due_offset)
    paid = date.fromordinal(due.toordinal() - paid_before)
    periods = _fixed(amount, due, [li.Settlement(paid, amount)])
    assert periods == []
    assert li.total(periods) == 0
