"""Collections: which customer a collector should call first, and who calls.

Pure Python, no Odoo. ``priority`` scores a customer from 0 (nothing to do)
to 100 (call now) and gives the reasons as codes with parameters, most
important first; the Odoo side renders them in words. ``assign`` picks the
collector and team of a customer from ordered rules (first match wins) unless
a collector was set by hand.
"""

import math
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .money import round_money, to_decimal

# Points of each factor; they add up to 100.
WEIGHT_AMOUNT = 35
WEIGHT_AGE = 20
WEIGHT_GRADE = 12
WEIGHT_BROKEN = 13
WEIGHT_PREDICTED = 8
WEIGHT_CONTACT = 12
AMOUNT_CAP = Decimal(100_000)  # amount overdue (company currency) scoring full
AGE_CAP = 120  # days overdue scoring full
BROKEN_CAP = 2  # broken promises or plans scoring full
PREDICTED_CAP = 60  # predicted days late scoring full
CONTACT_CAP = 30  # days without contact scoring full
GRADE_SHARE = {"A": 0, "B": 0.25, "C": 0.5, "D": 0.8, "E": 1}


@dataclass(frozen=True)
class Customer:
    """What the worklist knows of a customer, amounts in company currency.

    ``overdue`` is what is past due; ``disputed`` the part of it under an open
    dispute (not collectable by a call, shown apart). ``oldest_due`` is the due
    date of the oldest overdue item; ``last_broken`` the date of the latest
    broken promise or plan. ``last_contact`` is None when never contacted.
    """

    overdue: Decimal = Decimal(0)
    disputed: Decimal = Decimal(0)
    oldest_due: date | None = None
    grade: str | None = None
    broken_promises: int = 0
    broken_plans: int = 0
    last_broken: date | None = None
    predicted_days_late: int | None = None
    last_contact: date | None = None
    open_disputes: int = 0
    currency: str = ""


@dataclass(frozen=True)
class Priority:
    score: int
    reasons: list = field(default_factory=list)  # (code, parameters), by weight


def _share(value, cap):
    if cap <= 0:
        return 0.0
    return min(max(float(value) / float(cap), 0.0), 1.0)


def priority(customer, today):
    """Return the Priority of ``customer`` on ``today``.

    The score grows with the amount collectable (overdue minus disputed, on a
    log scale so that large amounts do not crush the rest), the age of the
    oldest overdue item, the risk grade, broken promises and plans, the
    predicted delay and the days since the last contact. A customer with
    nothing collectable overdue scores 0.
    """
    c = customer
    collectable = max(to_decimal(c.overdue) - to_decimal(c.disputed), Decimal(0))
    if collectable <= 0:
        reasons = []
        if c.open_disputes:
            reasons.append(
                ("disputes", {"count": c.open_disputes, "amount": c.disputed})
            )
        return Priority(0, reasons)
    age = (today - c.oldest_due).days if c.oldest_due else 0
    never_contacted = c.last_contact is None
    since_contact = CONTACT_CAP if never_contacted else (today - c.last_contact).days
    broken = c.broken_promises + c.broken_plans
    amount_share = math.log1p(float(collectable)) / math.log1p(float(AMOUNT_CAP))
    parts = [
        (
            "overdue",
            min(amount_share, 1.0) * WEIGHT_AMOUNT + _share(age, AGE_CAP) * WEIGHT_AGE,
            {
                "amount": round_money(collectable),
                "currency": c.currency,
                "days": max(age, 0),
            },
        ),
        (
            "broken",
            _share(broken, BROKEN_CAP) * WEIGHT_BROKEN,
            {
                "promises": c.broken_promises,
                "plans": c.broken_plans,
                "date": c.last_broken,
            },
        ),
        (
            "grade",
            GRADE_SHARE.get(c.grade or "", 0) * WEIGHT_GRADE,
            {"grade": c.grade or ""},
        ),
        (
            "no_contact",
            _share(since_contact, CONTACT_CAP) * WEIGHT_CONTACT,
            {"days": since_contact, "never": never_contacted},
        ),
        (
            "predicted_late",
            _share(c.predicted_days_late or 0, PREDICTED_CAP) * WEIGHT_PREDICTED,
            {"days": c.predicted_days_late or 0},
        ),
    ]
    total = sum(points for _code, points, _params in parts)
    reasons = [
        (code, params)
        for code, points, params in sorted(parts, key=lambda p: -p[1])
        if points >= 1 or code == "overdue"
    ]
    if c.open_disputes:
        reasons.append(("disputes", {"count": c.open_disputes, "amount": c.disputed}))
    return Priority(min(max(round(total), 1), 100), reasons)


# ---------------------------------------------------------------------------
# Assignment
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Rule:
    """An assignment rule: every condition set must hold; empty ones match all.

    ``min_amount``/``max_amount`` bound the customer's open amount (size);
    ``max_amount`` None means no upper bound.
    """

    id: int
    collector_id: int | None = None
    team_id: int | None = None
    salesperson_ids: frozenset = frozenset()
    country_ids: frozenset = frozenset()
    grades: frozenset = frozenset()
    min_amount: Decimal = Decimal(0)
    max_amount: Decimal | None = None


@dataclass(frozen=True)
class Facts:
    salesperson_id: int | None = None
    country_id: int | None = None
    grade: str | None = None
    open_amount: Decimal = Decimal(0)


@dataclass(frozen=True)
class Assignment:
    collector_id: int | None
    team_id: int | None
    rule_id: int | None  # None: manual or no rule matched
    manual: bool = False


def matches(rule, facts):
    if rule.salesperson_ids and facts.salesperson_id not in rule.salesperson_ids:
        return False
    if rule.country_ids and facts.country_id not in rule.country_ids:
        return False
    if rule.grades and facts.grade not in rule.grades:
        return False
    amount = to_decimal(facts.open_amount)
    if amount < to_decimal(rule.min_amount):
        return False
    return not (rule.max_amount is not None and amount >= to_decimal(rule.max_amount))


def assign(facts, rules, manual_collector_id=None, manual_team_id=None):
    """The collector and team of a customer: the manual choice, else the
    first rule (in the given order) that matches, else nobody."""
    if manual_collector_id or manual_team_id:
        return Assignment(manual_collector_id, manual_team_id, None, manual=True)
    for rule in rules:
        if matches(rule, facts):
            return Assignment(rule.collector_id, rule.team_id, rule.id)
    return Assignment(None, None, None)
