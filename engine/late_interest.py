"""Late-payment interest and fixed compensation (EU Directive 2011/7/EU).

Simple interest: residual x annual rate x days / 365, prorated across rate
periods. Day count convention: actual/365 ("Exact/365", the usual EU
practice): every late day weighs 1/365 of the annual rate, leap years
included, so a full leap year late costs 366/365 of the annual rate.

Statutory rate: the reference rate in force on 1 January applies for the
first half-year and the one in force on 1 July for the second half-year,
plus the margin points. A fixed annual rate is the other mode.

Every day each sum was late (:func:`item_interest`): an item of amount A due
on D, settled by payments or credits S1..Sn on their dates, bears interest on
A from D+1 to the day of S1, then on A - S1 to the day of S2, and so on to the
run date, or to the day it was paid in full. A sum paid on its day is late
that day (paid 25 days late: 25 days). A settlement on or before the due date
reduces the base from the start. Days charged by an earlier run are never
charged again: charging resumes the day after ``charged_until``.

Statutory margin by country (``statutory_margin``): France 10 points (Code de
commerce L441-10), Germany 9 (BGB 288), otherwise the directive's 8.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from .money import round_money, to_decimal

DAYS_IN_YEAR = Decimal(365)
EU_FIXED_COMPENSATION = Decimal(40)
ZERO = Decimal(0)
ONE_DAY = timedelta(days=1)

# statutory margin (points over the reference rate) and its legal basis
STATUTORY_MARGINS = {
    "FR": (Decimal(10), "FR_L441_10"),
    "DE": (Decimal(9), "DE_BGB_288"),
}
EU_MARGIN = (Decimal(8), "EU_2011_7")


def statutory_margin(country_code):
    """``(margin points, basis code)`` of a company in ``country_code``."""
    return STATUTORY_MARGINS.get((country_code or "").upper(), EU_MARGIN)


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


@dataclass(frozen=True)
class Settlement:
    """A payment or credit that reduced an item on ``day`` (amount positive)."""

    day: date
    amount: Decimal


@dataclass(frozen=True)
class InterestPeriod:
    """Days ``date_from``..``date_to`` (inclusive) late on ``base`` at ``rate``.

    ``amount`` is not rounded: round the item's total once (:func:`total`).
    """

    date_from: date
    date_to: date
    base: Decimal
    rate: Decimal
    amount: Decimal

    @property
    def days(self):
        return (self.date_to - self.date_from).days + 1


def base_segments(amount, due_date, settlements, last_day):
    """Split the late days up to ``last_day`` by the base still owed.

    Returns ``(first day, last day, base)`` with a positive base, in order.
    """
    base = to_decimal(amount)
    start = due_date + ONE_DAY
    segments = []
    for settlement in sorted(settlements, key=lambda s: s.day):
        if start > last_day or base <= 0:
            break
        end = min(settlement.day, last_day)
        if end >= start:
            segments.append((start, end, base))
            start = end + ONE_DAY
        base -= to_decimal(settlement.amount)
    if start <= last_day and base > 0:
        segments.append((start, last_day, base))
    return segments


def paid_in_full_on(amount, settlements):
    """The day the settlements reach ``amount``, or None while it is open."""
    left = to_decimal(amount)
    for settlement in sorted(settlements, key=lambda s: s.day):
        left -= to_decimal(settlement.amount)
        if left <= 0:
            return settlement.day
    return None


def item_interest(
    amount,
    due_date,
    settlements,
    on_date,
    *,
    mode="statutory",
    reference_rates=(),
    margin=Decimal(8),
    fixed_rate=ZERO,
    charged_until=None,
    reduction=ZERO,
):
    """Interest periods of one item on ``on_date``, for every day each sum was late.

    ``amount``: the item's original amount; ``settlements``: its payments and
    credits with their dates; ``reduction``: a part never charged (disputed),
    taken off every period's base. The item stops bearing interest the day it
    is paid in full. Days up to ``charged_until`` were charged before.
    """
    last_day = on_date
    paid_on = paid_in_full_on(amount, settlements)
    if paid_on is not None:
        last_day = min(last_day, paid_on)
    first_day = due_date + ONE_DAY
    if charged_until is not None:
        first_day = max(first_day, charged_until + ONE_DAY)
    periods = []
    reduction = to_decimal(reduction)
    for segment_start, end, segment_base in base_segments(
        amount, due_date, settlements, last_day
    ):
        start = max(segment_start, first_day)
        base = segment_base - reduction
        if start > end or base <= 0:
            continue
        if mode == "fixed":
            rated = fixed_periods(fixed_rate, start, end)
        else:
            rated = statutory_periods(reference_rates, margin, start, end)
        for period in rated:
            days = (period.date_to - period.date_from).days + 1
            periods.append(
                InterestPeriod(
                    period.date_from,
                    period.date_to,
                    base,
                    period.rate,
                    base * period.rate / Decimal(100) * days / DAYS_IN_YEAR,
                )
            )
    return periods


def total(periods, digits=2):
    """The interest of ``periods``, rounded once."""
    return round_money(sum((p.amount for p in periods), ZERO), digits)
