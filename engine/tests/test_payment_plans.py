import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine import payment_plans as pp


def test_monthly_schedule_clamps_month_end_and_spreads_cents():
    plan = pp.schedule(100_00 + 1, 3, date(2026, 1, 31))
    assert [i.date for i in plan] == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
    ]
    assert [i.principal for i in plan] == [3334, 3334, 3333]
    assert sum(i.principal for i in plan) == 10001


def test_interest_on_declining_balance():
    plan = pp.schedule(
        120_000_00, 2, date(2026, 2, 1), annual_rate=10, start=date(2026, 1, 1)
    )
    # 120,000 x 10% x 31/365 then 60,000 x 10% x 28/365
    assert [i.interest for i in plan] == [101918, 46027]
    assert plan[0].amount == 60_000_00 + 101918


def test_weekly_schedule():
    plan = pp.schedule(500, 2, date(2026, 3, 2), interval="week")
    assert [i.date for i in plan] == [date(2026, 3, 2), date(2026, 3, 9)]


@pytest.mark.parametrize("args", [(0, 2), (100, 0)])
def test_bad_input(args):
    with pytest.raises(ValueError):
        pp.schedule(*args, date(2026, 1, 1))


@given(
    st.integers(1, 10**9),
    st.integers(1, 36),
    st.dates(date(2020, 1, 1), date(2030, 12, 31)),
    st.sampled_from(["month", "week"]),
    st.decimals(min_value=0, max_value=20, places=2),
)
def test_schedule_sums_exactly_and_dates_increase(total, count, first, interval, rate):
    plan = pp.schedule(total, count, first, interval, rate)
    assert len(plan) == count
    assert sum(i.principal for i in plan) == total
    assert max(i.principal for i in plan) - min(i.principal for i in plan) <= 1
    assert all(i.interest >= 0 for i in plan)
    assert all(a.date < b.date for a, b in itertools.pairwise(plan))


def test_status_on_track_broken_completed():
    lines = [(date(2026, 1, 10), 500), (date(2026, 2, 10), 500)]
    assert pp.status(lines, 500, date(2026, 2, 12), 5).state == pp.ON_TRACK
    broken = pp.status(lines, 500, date(2026, 2, 16), 5)
    assert (broken.state, broken.missed_index, broken.paid_instalments) == (
        pp.BROKEN,
        1,
        1,
    )
    assert pp.status(lines, 1000, date(2026, 9, 1), 5).state == pp.COMPLETED
    assert pp.status(lines, 0, date(2026, 1, 15), 5).state == pp.ON_TRACK
    assert pp.status(lines, 499, date(2026, 1, 16), 5).missed_index == 0


@given(st.integers(0, 2000), st.integers(0, 60))
def test_paying_more_never_breaks_a_kept_plan(paid, days):
    lines = [(date(2026, 1, 10), 500), (date(2026, 2, 10), 500)]
    today = date(2026, 1, 1).replace(day=1) if days == 0 else date(2026, 1, 10)
    kept = pp.status(lines, paid, today, days)
    if kept.state != pp.BROKEN:
        assert pp.status(lines, paid + 100, today, days).state != pp.BROKEN
