from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from engine import kpi

D = Decimal


def test_countback_worked_example():
    result = kpi.dso_countback(212000, [100000, 80000, 70000], [30, 30, 30])
    assert result.quantize(D("0.1")) == D("73.7")


def test_add_worked_example():
    assert kpi.average_days_delinquent(D(45), D(12)) == D(33)


def test_add_from_dso_and_best_possible():
    dso = kpi.dso_standard(150, 100, 30)
    best = kpi.best_possible_dso(40, 100, 30)
    assert dso == D(45)
    assert best == D(12)
    assert kpi.average_days_delinquent(dso, best) == D(33)


def test_undefined_without_sales():
    assert kpi.dso_standard(100, 0, 30) is None
    assert kpi.average_days_delinquent(None, D(1)) is None
    assert kpi.share(1, 0) is None


def test_cei_variants_differ_and_are_named():
    # opening 100, sales over 3 months 300, closing 150 of which current 50
    full = kpi.cei_full_sales(100, 300, 150, 50)
    per_month = kpi.cei_sales_per_month(100, 300, 150, 50, 3)
    assert full == D(250) / D(350) * 100
    assert per_month == D(50) / D(150) * 100
    assert kpi.cei_sales_per_month(100, 300, 150, 50, 1) == full


def test_turnover_and_shares():
    assert kpi.receivable_turnover(1200, 100, 300) == D(6)
    assert kpi.share(25, 200) == D("12.5")


def test_monthly_kpis_countback_walks_history():
    months = [
        kpi.Month(30, D(70000), D(70000), D(70000), D(0)),
        kpi.Month(30, D(80000), D(120000), D(80000), D(40000)),
        kpi.Month(30, D(100000), D(212000), D(100000), D(112000), D(21200)),
    ]
    result = kpi.monthly_kpis(months)
    last = result[-1]
    assert last.dso_countback.quantize(D("0.1")) == D("73.7")
    assert last.dso == D("63.6")
    assert last.best_dso == D(30)
    assert last.share_overdue.quantize(D("0.01")) == D("52.83")
    assert last.share_disputed == D(10)
    assert result[0].cei is None  # nothing was collectable yet
    assert result[1].cei == D(30000) / D(70000) * 100


amount = st.decimals(min_value=D("0.01"), max_value=D("1000000"), places=2)
HISTORY = st.lists(st.tuples(amount, st.integers(28, 31)), min_size=1, max_size=12)


@given(HISTORY, amount)
def test_countback_within_first_month_when_below_sales(history, receivables):
    sales = [s for s, _ in history]
    days = [d for _, d in history]
    assume(receivables <= sales[0])
    assert kpi.dso_countback(receivables, sales, days) <= days[0]


@given(HISTORY, amount)
def test_countback_bounded_by_history_and_monotonic(history, receivables):
    sales = [s for s, _ in history]
    days = [d for _, d in history]
    result = kpi.dso_countback(receivables, sales, days)
    assert 0 <= result <= sum(days)
    assert kpi.dso_countback(receivables + 1, sales, days) >= result


@given(amount, amount, amount, st.integers(1, 366))
def test_add_is_non_negative_when_current_within_total(total, current, sales, days):
    assume(current <= total)
    dso = kpi.dso_standard(total, sales, days)
    best = kpi.best_possible_dso(current, sales, days)
    assert kpi.average_days_delinquent(dso, best) >= 0


@given(amount, amount, amount, amount)
def test_cei_at_most_100_when_current_within_total(opening, sales, total, current):
    assume(current <= total <= opening + sales)
    assume(opening + sales - current > 0)
    assert 0 <= kpi.cei_full_sales(opening, sales, total, current) <= 100
