from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from engine import payment_prediction as pred

AS_OF = date(2026, 12, 1)


def paid(delay, due=date(2026, 6, 1), amount=1000):
    return pred.Paid(Decimal(amount), due, due + timedelta(days=delay))


def test_weighted_delay_favours_large_invoices():
    profile = pred.profile([paid(10, amount=9000), paid(40, amount=1000)], AS_OF)
    assert 12 < profile.mean_delay < 14


def test_recent_invoices_weigh_more_trend():
    old = [paid(40, due=date(2024, 1, 1)) for _ in range(5)]
    recent = [paid(5, due=date(2026, 10, 1)) for _ in range(5)]
    assert pred.profile(old + recent, AS_OF).mean_delay < 15


def test_seasonality_needs_two_years():
    one_year = [paid(45, due=date(2025, 12, 3)) for _ in range(6)]
    one_year += [paid(5, due=date(2025, m, 3)) for m in range(1, 12)]
    assert 12 not in pred.profile(one_year, AS_OF).season


def test_short_history_leans_on_population():
    population = pred.profile([paid(20) for _ in range(50)], AS_OF)
    due = AS_OF + timedelta(days=10)
    assert pred.predict(due, pred.Profile(), population, AS_OF).days_late == 20
    own = pred.profile([paid(60)], AS_OF)
    prediction = pred.predict(due, own, population, AS_OF)
    assert 20 < prediction.days_late < 60
    long_own = pred.profile([paid(60) for _ in range(60)], AS_OF)
    assert pred.predict(due, long_own, population, AS_OF).days_late > 55


def test_seasonality_where_history_allows():
    history = [paid(5, due=date(2026, m, 3)) for m in range(1, 12)] * 2
    history += [paid(45, due=date(year, 12, 3)) for year in (2024, 2025)] * 2
    profile = pred.profile(history, AS_OF)
    assert 12 in profile.season and profile.season[12] > 15
    population = pred.profile(history, AS_OF)
    december = pred.predict(date(2026, 12, 20), profile, population, AS_OF)
    november = pred.predict(date(2027, 1, 20), profile, population, AS_OF)
    assert december.days_late > november.days_late


def test_already_late_item_is_conditional_and_never_in_the_past():
    population = pred.profile([paid(d) for d in (0, 5, 10, 50, 70)], AS_OF)
    due = AS_OF - timedelta(days=40)
    prediction = pred.predict(due, pred.Profile(), population, AS_OF)
    assert prediction.date >= AS_OF
    assert prediction.days_late >= 50
    assert prediction.probability_late == 1.0


def test_probability_late_from_history():
    population = pred.profile([paid(d) for d in (0, 0, 40, 40)], AS_OF)
    prediction = pred.predict(AS_OF + timedelta(days=30), population, population, AS_OF)
    assert 0.4 < prediction.probability_late < 0.6


def test_forecast_buckets_and_ceiling():
    monday = date(2026, 11, 30)
    rows = [
        (AS_OF, 100),
        (AS_OF + timedelta(days=7), 200),
        (AS_OF + timedelta(weeks=20), 999),
    ]
    weeks = pred.forecast(rows, AS_OF, 1000)
    assert len(weeks) == 13 and weeks[0] == (monday, Decimal("100.00"))
    assert weeks[1][1] == Decimal("200.00") and sum(a for _d, a in weeks) == 300
    capped = pred.forecast(rows, AS_OF, 250)
    assert [a for _d, a in capped[:2]] == [Decimal(100), Decimal(150)]


@given(
    st.lists(
        st.tuples(st.integers(-10, 200), st.integers(1, 10**6)), min_size=0, max_size=30
    ),
    st.integers(0, 10**7),
)
def test_forecast_never_exceeds_the_ledger(rows, open_amount):
    predictions = [(AS_OF + timedelta(days=d), a) for d, a in rows]
    weeks = pred.forecast(predictions, AS_OF, open_amount)
    assert sum(a for _d, a in weeks) <= open_amount
    assert all(a >= 0 for _d, a in weeks)


@given(
    st.lists(st.integers(-20, 150), min_size=1, max_size=20),
    st.integers(-60, 60),
)
def test_prediction_never_before_today(delays, offset):
    population = pred.profile([paid(d) for d in delays], AS_OF)
    prediction = pred.predict(
        AS_OF + timedelta(days=offset), population, population, AS_OF
    )
    assert prediction.date >= AS_OF
    assert 0 <= prediction.probability_late <= 1


@given(
    st.lists(
        st.tuples(st.integers(-20, 150), st.integers(1, 10**5)), min_size=1, max_size=25
    ),
    st.integers(-30, 160),
)
def test_conditional_estimates_match_brute_force(rows, already):
    # all paid on AS_OF: the recency factor is 1, the weights are the amounts
    history = [
        pred.Paid(Decimal(amount), AS_OF - timedelta(days=delay), AS_OF)
        for delay, amount in rows
    ]
    profile = pred.profile(history, AS_OF)
    beyond = [(p.amount, p.delay) for p in history if p.delay > already]
    total = sum(float(a) for a, _d in beyond)
    remaining = pred._remaining_after(profile, already)
    tail = pred._tail(profile, already, pred.LATE_THRESHOLD)
    if not total:
        assert remaining is None and tail is None
        return
    expected = sum(float(a) * (d - already) for a, d in beyond) / total
    late = sum(float(a) for a, d in beyond if d > pred.LATE_THRESHOLD) / total
    assert abs(remaining - expected) < 1e-6 * max(1, abs(expected))
    assert abs(tail - late) < 1e-9
