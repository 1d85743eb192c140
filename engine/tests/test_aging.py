from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine import aging

AS_OF = date(2026, 6, 30)


def test_bucket_spans_match_bucket_index():
    spans = aging.bucket_spans((15, 45))
    assert spans == [(None, 0), (1, 15), (16, 45), (46, None)]
    for index, (first, last) in enumerate(spans):
        for days in (first, last):
            if days is not None:
                assert aging.bucket_index(days, (15, 45)) == index


@pytest.mark.parametrize(
    ("days", "index"),
    [(-5, 0), (0, 0), (1, 1), (30, 1), (31, 2), (60, 2), (61, 3), (120, 4), (121, 5)],
)
def test_bucket_edges(days, index):
    assert aging.bucket_index(days) == index


def test_parse_bounds_rejects_bad_lists():
    assert aging.parse_bounds("15, 45;90") == (15, 45, 90)
    for text in (
        "",
        "30, 20",
        "0, 30",
        "a, b",
        "1,2,3,4,5,6,7",
        "30, 2147483648",
        "-5",
    ):
        with pytest.raises(ValueError):
            aging.parse_bounds(text)


def test_basis_invoice_date_ages_from_invoice():
    item = aging.Item("p", Decimal(100), date(2026, 6, 29), date(2026, 5, 1))
    (by_due,) = aging.age_items([item], AS_OF)
    (by_invoice,) = aging.age_items([item], AS_OF, basis=aging.BASIS_INVOICE_DATE)
    assert by_due.buckets[1] == Decimal(100)
    assert by_invoice.buckets[2] == Decimal(100)  # 60 days: 31-60
    assert by_invoice.overdue == Decimal(100)


def test_per_partner_totals_net_credits():
    items = [
        aging.Item("a", Decimal("100.10"), AS_OF + timedelta(days=3)),
        aging.Item("a", Decimal("-40.05"), AS_OF - timedelta(days=10)),
        aging.Item("b", Decimal(7), AS_OF - timedelta(days=200)),
    ]
    rows = {row.key: row for row in aging.age_items(items, AS_OF)}
    assert rows["a"].total == Decimal("60.05")
    assert rows["a"].buckets[:2] == [Decimal("100.10"), Decimal("-40.05")]
    assert rows["b"].buckets[-1] == Decimal(7)


def test_pivot_matches_age_items_and_sql_thresholds():
    bounds = (30, 60)
    assert aging.sql_thresholds(bounds) == [1, 31, 61]
    rows = aging.pivot_bucket_rows(
        [("a", 1, Decimal(1)), ("a", 1, Decimal(2)), ("b", 3, Decimal(4))], 4
    )
    assert [(r.key, r.buckets) for r in rows] == [
        ("a", [0, 3, 0, 0]),
        ("b", [0, 0, 0, 4]),
    ]
    assert aging.totals(rows, 4) == [0, 3, 0, 4]


def _width_bucket(days, thresholds):
    """What PostgreSQL width_bucket(days, thresholds) returns."""
    return sum(1 for threshold in thresholds if days >= threshold)


bounds_strategy = st.lists(
    st.integers(min_value=1, max_value=400), min_size=1, max_size=6, unique=True
).map(lambda values: tuple(sorted(values)))
money = st.decimals(min_value=Decimal(-100000), max_value=Decimal(100000), places=2)


@given(st.integers(min_value=-1000, max_value=1000), bounds_strategy)
def test_sql_thresholds_agree_with_bucket_index(days, bounds):
    assert _width_bucket(days, aging.sql_thresholds(bounds)) == aging.bucket_index(
        days, bounds
    )


@given(
    st.lists(
        st.tuples(
            st.sampled_from("abcd"), money, st.integers(min_value=-400, max_value=400)
        ),
        max_size=40,
    ),
    bounds_strategy,
    st.sampled_from([aging.BASIS_DUE_DATE, aging.BASIS_INVOICE_DATE]),
)
def test_bucket_totals_sum_to_total(raw, bounds, basis):
    items = [
        aging.Item(key, amount, AS_OF - timedelta(d), AS_OF - timedelta(d + 30))
        for key, amount, d in raw
    ]
    rows = aging.age_items(items, AS_OF, bounds, basis)
    grand = sum((item.residual for item in items), Decimal(0))
    assert sum((row.total for row in rows), Decimal(0)) == grand
    assert sum(aging.totals(rows, len(bounds) + 2), Decimal(0)) == grand
    for row in rows:
        assert len(row.buckets) == len(bounds) + 2
        assert row.total == sum(i.residual for i in items if i.key == row.key)
