"""Late-payment interest and fixed compensation (EU Directive 2011/7/EU).

Simple interest: residual x annual rate x days / 365, prorated across rate
periods. Day count convention: actual/365 ("Exact/365", the usual EU
practice): every late day weighs 1/365 of the annual rate, leap years
included, so a full leap year late costs 366/365 of the annual rate.

Statutory rate: the reference rate in force on 1 January applies for the
first half-year and the one in force on 1 July for the second half-year,
plus the margin points. A fixed annual rate is the other mode.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from .money import round_money, to_decimal

DAYS_IN_YEAR = Decimal(365)
EU_FIXED_COMPENSATION = Decimal(40)


@dataclass(frozen=True)
class RatePeriod:
    """An annual rate (in percent) applying from ``date_from`` to ``date_to``."""

    date_from: date
    date_to: date
    rate: Decimal


def half_year_start(day):
    """Return 1 January or 1 July of the half-year holding ``day``."""
    return date(day.year, 1 if day.month <= 6 else 7, 1)


def reference_rate_on(reference_rates, day):
    """Return the reference rate in force on ``day``.

    ``reference_rates`` is an iterable of ``(date_from, rate)``; the latest one
    starting on or before ``day`` wins. Raises ValueError when none applies.
    """
    applicable = [(start, rate) for start, rate in reference_rates if start <= day]
    if not applicable:
        raise ValueError(f"no reference rate in force on {day.isoformat()}")
    return to_decimal(max(applicable, key=lambda pair: pair[0])[1])


def statutory_periods(reference_rates, margin, first_day, last_day):
    """Split ``first_day``..``last_day`` (inclusive) into half-year periods.

    Each period carries the reference rate in force on its half-year start
    plus ``margin`` points.
    """
    periods = []
    start = first_day
    margin = to_decimal(margin)
    while start <= last_day:
        half = half_year_start(start)
        next_half = (
            date(half.year, 7, 1) if half.month == 1 else date(half.year + 1, 1, 1)
        )
        end = min(last_day, next_half - timedelta(days=1))
        rate = reference_rate_on(reference_rates, half) + margin
        periods.append(RatePeriod(start, end, rate))
        start = end + timedelta(days=1)
    return periods


def fixed_periods(annual_rate, first_day, last_day):
    """One period at a fixed annual rate (an empty list when nothing is late)."""
    if first_day > last_day:
        return []
    return [RatePeriod(first_day, last_day, to_decimal(annual_rate))]


def days_late(due_date, on_date):
    """Days late on ``on_date``: interest runs from the day after the due date."""
    return max((on_date - due_date).days, 0)


def interest_amount(residual, periods, digits=2):
    """Simple interest on ``residual`` over ``periods``, actual/365, rounded once."""
    residual = to_decimal(residual)
    total = Decimal(0)
    for period in periods:
        days = (period.date_to - period.date_from).days + 1
        if days <= 0:
            continue
        total += residual * period.rate / Decimal(100) * days / DAYS_IN_YEAR
    return round_money(total, digits)


def late_interest(
    residual,
    due_date,
    on_date,
    *,
    mode="statutory",
    reference_rates=(),
    margin=Decimal(8),
    fixed_rate=Decimal(0),
    charged_until=None,
    digits=2,
):
    """Interest owed on ``on_date`` for ``residual`` due on ``due_date``.

    Interest starts the day after the due date, or the day after
    ``charged_until`` when earlier interest was already charged up to that day.
    """
    start_after = max(due_date, charged_until) if charged_until else due_date
    first_day = start_after + timedelta(days=1)
    if first_day > on_date or to_decimal(residual) <= 0:
        return Decimal(0).quantize(Decimal(1).scaleb(-digits))
    if mode == "fixed":
        periods = fixed_periods(fixed_rate, first_day, on_date)
    else:
        periods = statutory_periods(reference_rates, margin, first_day, on_date)
    return interest_amount(residual, periods, digits)
