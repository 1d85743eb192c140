from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from engine import risk

payments = st.lists(
    st.tuples(
        st.decimals(min_value=1, max_value=10**6, places=2),
        st.integers(min_value=-30, max_value=400),
    ),
    min_size=1,
    max_size=10,
)


def test_perfect_old_customer_is_grade_a():
    b = risk.behaviour_from_payments(
        [(Decimal(1000), 0), (Decimal(500), -3)],
        exposure=Decimal(800),
        months_of_relationship=36,
    )
    result = risk.score(b)
    assert result.score == 0 and result.grade == "A" and result.reasons == []


def test_bad_payer_is_grade_e_with_reasons():
    b = risk.behaviour_from_payments(
        [(Decimal(1000), 90)],
        overdue_now=Decimal(900),
        exposure=Decimal(1000),
        disputed=Decimal(500),
        months_of_relationship=2,
    )
    result = risk.score(b)
    assert result.grade == "E" and result.score >= 90
    assert result.reasons[0][0] == "days_late"
    assert result.reasons[0][1]["average_days_late"] == Decimal("90.0")
    # codes with parameters, never text: the Odoo side words them
    for reason in result.reasons:
        assert set(reason.params) == set(risk.REASON_CODES[reason.code])


def test_amount_weighted_days_late():
    b = risk.behaviour_from_payments([(Decimal(300), 30), (Decimal(100), 0)])
    assert b.weighted_days_late / b.paid_amount == Decimal("22.5")
    assert b.late_paid_amount == Decimal(300)


@given(
    payments,
    st.integers(min_value=0, max_value=9),
    st.integers(min_value=1, max_value=200),
)
def test_more_days_late_never_improves_the_score(items, index, extra):
    index %= len(items)
    worse = list(items)
    amount, days = worse[index]
    worse[index] = (amount, days + extra)
    rest = {
        "exposure": Decimal(100),
        "overdue_now": Decimal(10),
        "months_of_relationship": 6,
    }
    before = risk.score(risk.behaviour_from_payments(items, **rest))
    after = risk.score(risk.behaviour_from_payments(worse, **rest))
    assert after.score >= before.score
    assert after.grade >= before.grade


@given(st.integers(min_value=0, max_value=100))
def test_score_bounds_and_grades(value):
    assert risk.grade_of(value) in ("A", "B", "C", "D", "E")


def test_peak_rolling_sales_and_suggested_limit():
    start = date(2026, 1, 1)
    sales = [
        (start, Decimal(100)),
        (start + timedelta(days=30), Decimal(200)),
        (start + timedelta(days=89), Decimal(50)),
        (start + timedelta(days=90), Decimal(400)),  # first sale leaves the window
    ]
    assert risk.peak_rolling_sales(sales) == Decimal(650)
    assert risk.suggested_limit(sales, "B") == Decimal(800)  # 780 rounded up
    assert risk.suggested_limit(sales, "E") == Decimal(0)
    assert risk.suggested_limit([], "A") == Decimal(0)
