from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from engine import payment_prediction as pred

AS_OF = date(2026, 12, 1)


def paid(delay, due=date(2026, 6, 1), amount=1000):
    return pred.Paid(Decimal(amount), due, due + timedelta(days=delay))


def test_level_is_robust_to_an_outlier_and_amounts_do_not_weigh_it():
    history = [paid(10, amount=100) for _ in range(9)] + [paid(200, amount=10**6)]
    assert 9 <= pred.profile(history, AS_OF).mean_delay < 15  # plain mean: 29


def test_recent_invoices_weigh_more():
    old = [paid(40, due=date(2025, 1, 1)) for _ in range(5)]
    recent = [paid(5, due=date(2026, 10, 1)) for _ in range(5)]
    assert pred.profile(old + recent, AS_OF).mean_delay < 20


def test_trend_only_where_history_spans_18_months():
    # 1.5 days later every month: over one year it could be a season
    one_year = [
        paid(10 + round(1.5 * m), due=date(2025, 12, 1) + timedelta(days=30 * m))
        for m in range(12)
    ]
    assert pred.profile(one_year, AS_OF + timedelta(days=30 * 12)).slope == 0
    worsening = [
        paid(10 + round(1.5 * m), due=date(2024, 1, 1) + timedelta(days=30 * m))
        for m in range(30)
    ]
    as_of = date(2026, 8, 1)
    own = pred.profile(worsening, as_of)
    assert 1.2 < own.slope < 1.8
    population = pred.population({1: worsening}, as_of)
    soon = pred.predict(as_of + timedelta(days=30), own, population, as_of)
    assert soon.days_late > 50  # the last invoices took 53 days; the mean is 32
    far = pred.predict(as_of + timedelta(days=3000), own, population, as_of)
    assert far.days_late < 70, "extrapolated six months at most"


def test_no_history_takes_the_population_one_invoice_its_own():
    population = pred.population({1: [paid(20) for _ in range(50)]}, AS_OF)
    due = AS_OF + timedelta(days=10)
    assert pred.predict(due, pred.Profile(), population, AS_OF).days_late == 20
    own = pred.profile([paid(60)], AS_OF)
    assert pred.predict(due, own, population, AS_OF).days_late == 60


def _year(late_december, customer_delay=5, years=(2025,)):
    """Invoices due the 3rd of every month, paid ``customer_delay`` days late,
    December ``late_december`` days more."""
    return [
        paid(customer_delay + (late_december if m == 12 else 0), due=date(y, m, 3))
        for y in years
        for m in range(1, 13)
    ]


def test_shared_month_effect_from_the_population():
    # half the customers pay 30 days later in December, each from its own level
    histories = {n: _year(30 if n % 2 else 0, customer_delay=n) for n in range(1, 21)}
    population = pred.population(histories, AS_OF)
    assert population.season[12] > 5 and abs(population.season[6]) < 2
    newcomer = pred.profile([paid(10, due=date(2026, 6, 3))], AS_OF)
    december = pred.predict(date(2026, 12, 20), newcomer, population, AS_OF)
    january = pred.predict(date(2027, 1, 20), newcomer, population, AS_OF)
    assert december.days_late > january.days_late + 5


def test_own_month_effect_where_history_allows():
    histories = {n: _year(0) for n in range(1, 21)}
    histories[99] = _year(40, years=(2023, 2024, 2025))
    population = pred.population(histories, AS_OF)
    own = pred.profile(histories[99], AS_OF)
    december = pred.predict(date(2026, 12, 20), own, population, AS_OF)
    january = pred.predict(date(2027, 1, 20), own, population, AS_OF)
    assert december.days_late > january.days_late + 10
    assert january.days_late < 10


@given(st.lists(st.integers(-30, 150), min_size=1, max_size=30))
def test_level_within_the_observed_delays(delays):
    profile = pred.profile([paid(d) for d in delays], AS_OF)
    assert min(delays) - 1e-9 <= profile.mean_delay <= max(delays) + 1e-9


@given(st.integers(-20, 120), st.integers(1, 40))
def test_steady_payer_predicted_exactly(delay, count):
    history = [
        paid(delay, due=date(2026, 1, 1) + timedelta(days=9 * i)) for i in range(count)
    ]
    own = pred.profile(history, AS_OF)
    population = pred.population({1: history}, AS_OF)
    due = AS_OF + timedelta(days=40)
    assert pred.predict(due, own, population, AS_OF).days_late == delay


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
    # all paid on AS_OF: the recency factor is 1, every invoice weighs the same
    history = [
        pred.Paid(Decimal(amount), AS_OF - timedelta(days=delay), AS_OF)
        for delay, amount in rows
    ]
    profile = pred.profile(history, AS_OF)
    beyond = [(1, p.delay) for p in history if p.delay > already]
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
