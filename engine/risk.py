"""Customer risk score (0 = safest, 100 = riskiest), grade A-E, suggested limit.

Pure Python, no Odoo. Inputs are the customer's payment behaviour; every part
of the score only grows when the behaviour gets worse (tested as properties).
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_CEILING, Decimal
from typing import NamedTuple

from .money import round_money, to_decimal

# Points of each factor; they add up to 100.
WEIGHT_DAYS_LATE = 35
WEIGHT_SHARE_LATE = 20
WEIGHT_OVERDUE = 25
WEIGHT_DISPUTED = 10
WEIGHT_NEW_CUSTOMER = 10
DAYS_LATE_CAP = 60  # average days late at which the factor is full
RELATIONSHIP_CAP = 24  # months after which a customer is no longer "new"
GRADES = (("A", 20), ("B", 40), ("C", 60), ("D", 80), ("E", 101))
LIMIT_FACTOR = {
    "A": Decimal("1.5"),
    "B": Decimal("1.2"),
    "C": Decimal("1.0"),
    "D": Decimal("0.6"),
    "E": Decimal(0),
}


@dataclass(frozen=True)
class Behaviour:
    """Aggregated payment behaviour, amounts in company currency.

    ``weighted_days_late`` is the sum of amount x days late (early = 0) over
    paid amounts; ``late_paid_amount`` the part paid after the due date.
    """

    paid_amount: Decimal = Decimal(0)
    weighted_days_late: Decimal = Decimal(0)
    late_paid_amount: Decimal = Decimal(0)
    overdue_now: Decimal = Decimal(0)
    exposure: Decimal = Decimal(0)
    disputed: Decimal = Decimal(0)
    months_of_relationship: int = 0


# Codes of the reasons a score gives, with the parameters each carries; the
# Odoo side words them in the user's language.
REASON_CODES = {
    "days_late": ("average_days_late", "points"),
    "share_late": ("share_late_percent", "points"),
    "overdue_now": ("overdue_percent", "points"),
    "disputed": ("disputed_percent", "points"),
    "new_customer": ("months", "points"),
}


class Reason(NamedTuple):
    """Why a customer scores what it does: a code and its parameters."""

    code: str
    params: dict


@dataclass(frozen=True)
class Risk:
    score: int
    grade: str
    reasons: list  # Reason tuples, most important first


def behaviour_from_payments(payments, **rest):
    """Build a Behaviour from ``(amount, days_late)`` payments of invoices."""
    paid = weighted = late = Decimal(0)
    for raw_amount, days_late in payments:
        amount = to_decimal(raw_amount)
        days = max(int(days_late), 0)
        paid += amount
        weighted += amount * days
        if days > 0:
            late += amount
    return Behaviour(
        paid_amount=paid, weighted_days_late=weighted, late_paid_amount=late, **rest
    )


def _ratio(part, whole):
    whole = to_decimal(whole)
    if whole <= 0:
        return Decimal(0)
    return min(max(to_decimal(part) / whole, Decimal(0)), Decimal(1))


def grade_of(score):
    for grade, upper in GRADES:
        if score < upper:
            return grade
    return "E"


def score(behaviour):
    """Return the Risk of a customer from its Behaviour."""
    b = behaviour
    avg_days = (
        to_decimal(b.weighted_days_late) / to_decimal(b.paid_amount)
        if to_decimal(b.paid_amount) > 0
        else Decimal(0)
    )
    share_late = _ratio(b.late_paid_amount, b.paid_amount)
    overdue_share = _ratio(b.overdue_now, b.exposure)
    disputed_share = _ratio(b.disputed, b.exposure)
    months = max(int(b.months_of_relationship), 0)
    newness = Decimal(max(RELATIONSHIP_CAP - months, 0)) / RELATIONSHIP_CAP

    parts = [
        (
            "days_late",
            min(avg_days / DAYS_LATE_CAP, Decimal(1)) * WEIGHT_DAYS_LATE,
            {"average_days_late": round_money(avg_days, 1)},
        ),
        (
            "share_late",
            share_late * WEIGHT_SHARE_LATE,
            {"share_late_percent": round_money(share_late * 100, 0)},
        ),
        (
            "overdue_now",
            overdue_share * WEIGHT_OVERDUE,
            {"overdue_percent": round_money(overdue_share * 100, 0)},
        ),
        (
            "disputed",
            disputed_share * WEIGHT_DISPUTED,
            {"disputed_percent": round_money(disputed_share * 100, 0)},
        ),
        ("new_customer", newness * WEIGHT_NEW_CUSTOMER, {"months": months}),
    ]
    total = sum((points for _code, points, _fig in parts), Decimal(0))
    value = int(round_money(total, 0))
    reasons = [
        Reason(code, dict(figures, points=int(round_money(points, 0))))
        for code, points, figures in sorted(parts, key=lambda p: -p[1])
        if points >= 1
    ]
    return Risk(score=min(max(value, 0), 100), grade=grade_of(value), reasons=reasons)


def peak_rolling_sales(sales, window_days=90):
    """Highest sum of sales over any ``window_days`` consecutive days.

    ``sales`` is an iterable of ``(date, amount)``; several per day allowed.
    """
    items = sorted((day, to_decimal(amount)) for day, amount in sales)
    peak = running = Decimal(0)
    start = 0
    for day, amount in items:
        running += amount
        while items[start][0] <= day - timedelta(days=window_days):
            running -= items[start][1]
            start += 1
        peak = max(peak, running)
    return peak


def suggested_limit(sales, grade, window_days=90, rounding=100):
    """Peak rolling sales times the grade's factor, rounded up to ``rounding``."""
    raw = peak_rolling_sales(sales, window_days) * LIMIT_FACTOR[grade]
    if raw <= 0:
        return Decimal(0)
    step = Decimal(rounding)
    return (raw / step).to_integral_value(rounding=ROUND_CEILING) * step
