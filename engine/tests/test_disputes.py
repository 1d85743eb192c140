from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine import disputes
from engine.disputes import DisputeInputError

D = Decimal
money = st.decimals(min_value=0, max_value=10**7, places=2)


def test_disputed_amount_within_residual_is_rounded():
    assert disputes.validate_disputed_amount("100.004", "250") == D("100.00")
    assert disputes.validate_disputed_amount("250", "250") == D("250.00")


@pytest.mark.parametrize(
    ("amount", "residual", "code"),
    [
        ("0", "100", "not_positive"),
        ("-5", "100", "not_positive"),
        ("100.01", "100", "above_residual"),
        ("10", "0", "nothing_open"),
        ("10", "-3", "nothing_open"),
        ("nan", "100", "not_a_number"),
        (float("nan"), "100", "not_a_number"),
        ("inf", "100", "not_a_number"),
        ("abc", "100", "not_a_number"),
        ("1e30", "100", "above_residual"),
        (-1e30, "100", "not_positive"),
    ],
)
def test_disputed_amount_rejected(amount, residual, code):
    with pytest.raises(DisputeInputError) as error:
        disputes.validate_disputed_amount(amount, residual)
    assert error.value.code == code


@given(st.floats(allow_nan=True, allow_infinity=True), money)
def test_any_float_is_validated_or_refused_with_a_code(amount, residual):
    try:
        result = disputes.validate_disputed_amount(amount, residual)
    except DisputeInputError as error:
        assert error.code in {
            "not_a_number",
            "not_positive",
            "above_residual",
            "nothing_open",
        }
    else:
        assert D(0) < result <= residual


def test_deadline_counts_calendar_days():
    # 2026-02-27 is a Friday: weekends count, February ends on the 28th.
    assert disputes.deadline(date(2026, 2, 27), 3) == date(2026, 3, 2)
    assert disputes.deadline(date(2026, 12, 20), 14) == date(2027, 1, 3)
    assert disputes.deadline(date(2026, 1, 1), 0) is None
    assert disputes.deadline(None, 5) is None
    with pytest.raises(DisputeInputError):
        disputes.deadline(date(2026, 1, 1), -1)


def test_split_resolution_rest_is_rejected():
    result = disputes.split_resolution("300", accepted="100", written_off="50.5")
    assert result == disputes.Resolution(D("100.00"), D("50.50"), D("149.50"))
    assert disputes.split_resolution("300").rejected == D("300.00")
    full = disputes.split_resolution("300", accepted="300")
    assert (full.written_off, full.rejected) == (D("0.00"), D("0.00"))


@pytest.mark.parametrize(
    ("accepted", "written_off", "code"),
    [("200", "100.01", "parts_above_disputed"), ("-1", "0", "negative_part")],
)
def test_split_resolution_bad_parts(accepted, written_off, code):
    with pytest.raises(DisputeInputError) as error:
        disputes.split_resolution("300", accepted, written_off)
    assert error.value.code == code


@given(money, money, money)
def test_split_resolution_always_adds_up(disputed, accepted, written_off):
    if accepted + written_off > disputed:
        with pytest.raises(DisputeInputError):
            disputes.split_resolution(disputed, accepted, written_off)
        return
    result = disputes.split_resolution(disputed, accepted, written_off)
    assert result.accepted + result.written_off + result.rejected == disputed
    assert result.rejected >= 0


@pytest.mark.parametrize(
    ("short", "total", "tol_amount", "tol_percent", "expected"),
    [
        ("4.50", "1000", "5", "0", True),  # absolute only
        ("5.01", "1000", "5", "0", False),
        ("9.99", "1000", "0", "1", True),  # percent only: 1% of 1000
        ("10.01", "1000", "0", "1", False),
        ("10", "1000", "0", "1", True),  # boundary included
        ("8", "1000", "5", "1", False),  # both in use: the stricter wins
        ("4", "1000", "5", "1", True),
        ("4", "200", "5", "1", False),  # 4 > 1% of 200
        ("1", "1000", "0", "0", False),  # no tolerance configured
        ("0", "1000", "5", "1", False),  # nothing short
    ],
)
def test_tolerance(short, total, tol_amount, tol_percent, expected):
    assert disputes.within_tolerance(short, total, tol_amount, tol_percent) is expected


def test_prorate_sums_exactly_and_gives_cents_to_largest_remainders():
    assert disputes.prorate("100", [1, 1, 1]) == [D("33.34"), D("33.33"), D("33.33")]
    assert disputes.prorate("10", [0, 0]) == [D("5.00"), D("5.00")]
    assert disputes.prorate("-1", [1, 1]) == [D("-0.50"), D("-0.50")]
    assert disputes.prorate("5", []) == []


@given(
    money,
    st.lists(st.decimals(min_value=0, max_value=10**6, places=2), min_size=1),
)
def test_prorate_property(total, weights):
    parts = disputes.prorate(total, weights)
    assert sum(parts) == total
    weight_sum = sum(weights)
    if weight_sum:
        for part, weight in zip(parts, weights, strict=True):
            assert abs(part - total * weight / weight_sum) < D("0.01")


def test_case_over_several_invoices():
    amounts, total = disputes.allocate_case_lines(["100", "40.255"], ["150", "50"])
    assert amounts == [D("100.00"), D("40.26")]
    assert total == D("140.26")
    with pytest.raises(DisputeInputError) as error:
        disputes.allocate_case_lines(["100", "60"], ["150", "50"])
    assert error.value.code == "above_residual"
    with pytest.raises(DisputeInputError):
        disputes.allocate_case_lines([], [])


@given(st.lists(st.decimals(min_value=0, max_value=10**6, places=2), min_size=1))
def test_spread_never_exceeds_a_line(line_amounts):
    total = sum(line_amounts)
    for share in (total, total / 3):
        parts = disputes.spread_over_lines(share, line_amounts)
        assert all(p <= a for p, a in zip(parts, line_amounts, strict=True))


def test_spread_above_disputed_is_refused():
    with pytest.raises(DisputeInputError):
        disputes.spread_over_lines("100.01", ["50", "50"])


def test_resolution_days():
    assert disputes.resolution_days(date(2026, 1, 1), date(2026, 1, 15)) == 14
    assert disputes.resolution_days(date(2026, 1, 1), date(2026, 1, 1)) == 0
    assert disputes.resolution_days(None, date(2026, 1, 1)) is None


@pytest.mark.parametrize("part", [float("nan"), float("inf"), 1e30])
def test_resolution_refuses_absurd_parts(part):
    with pytest.raises(DisputeInputError) as error:
        disputes.split_resolution(100, accepted=part)
    assert error.value.code == "not_a_number"
