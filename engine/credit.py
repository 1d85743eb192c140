"""Credit decision: may a customer receive a new invoice on credit?

Pure Python, no Odoo. Money is Decimal in company currency.

Rules, in order:

* A credit hold always blocks (it is an explicit decision of a person or of
  dunning), whatever the policy mode.
* Mode ``none`` checks nothing else. Mode ``warn`` reports problems but
  allows. Mode ``block`` refuses when the exposure after the invoice is above
  the limit, or overdue items pass the hold thresholds.
* An approval covering at least the invoice amount turns a refusal into an
  allowed decision at ``warn`` level (the reasons stay, plus ``approved``).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from .money import to_decimal

MODES = ("none", "warn", "block")
LEVELS = ("ok", "warn", "block")


@dataclass(frozen=True)
class Exposure:
    """What the customer owes or will owe, in company currency.

    ``unapplied`` is the (negative or zero) sum of unapplied payments and
    credit notes. ``disputed`` is the part of ``open_receivables`` under an
    open dispute: shown apart, still owed, so still in the total.
    """

    open_receivables: Decimal = Decimal(0)
    draft_invoices: Decimal = Decimal(0)
    unapplied: Decimal = Decimal(0)
    disputed: Decimal = Decimal(0)

    @property
    def total(self):
        return (
            to_decimal(self.open_receivables)
            + to_decimal(self.draft_invoices)
            + to_decimal(self.unapplied)
        )


@dataclass(frozen=True)
class OverdueItem:
    days_overdue: int
    amount: Decimal


@dataclass(frozen=True)
class Reason:
    """A plain reason code with the figures that explain it."""

    code: str
    figures: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    level: str
    reasons: list
    exposure_after: Decimal
    available: Decimal | None

    @property
    def codes(self):
        return [reason.code for reason in self.reasons]


def overdue_problems(overdue, max_days_overdue=None, max_overdue_amount=None):
    """Reasons why overdue items pass the hold thresholds (empty when not).

    A threshold of ``None`` or 0 is off.
    """
    items = list(overdue or ())
    reasons = []
    if max_days_overdue and items:
        oldest = max(item.days_overdue for item in items)
        if oldest > max_days_overdue:
            reasons.append(
                Reason(
                    "overdue_days",
                    {"days_overdue": oldest, "max_days_overdue": max_days_overdue},
                )
            )
    if max_overdue_amount:
        total = sum((to_decimal(item.amount) for item in items), Decimal(0))
        if total > to_decimal(max_overdue_amount):
            reasons.append(
                Reason(
                    "overdue_amount",
                    {
                        "overdue_amount": total,
                        "max_overdue_amount": to_decimal(max_overdue_amount),
                    },
                )
            )
    return reasons


def decide(
    exposure,
    amount,
    limit=None,
    mode="warn",
    hold=False,
    hold_reason=None,
    overdue=(),
    max_days_overdue=None,
    max_overdue_amount=None,
    approved_amount=Decimal(0),
):
    """Decide on a new invoice of ``amount`` for a customer with ``exposure``.

    ``limit`` None means no limit; 0 means no credit at all.
    """
    if mode not in MODES:
        raise ValueError(f"unknown credit policy mode {mode!r}")
    amount = to_decimal(amount)
    if amount < 0:
        raise ValueError("the invoice amount cannot be negative")
    if limit is not None and to_decimal(limit) < 0:
        raise ValueError("a credit limit cannot be negative")
    before = exposure.total
    exposure_after = before + amount
    available = None if limit is None else to_decimal(limit) - before

    reasons = []
    if hold:
        reasons.append(Reason("on_hold", {"reason": hold_reason or ""}))
    if mode != "none":
        if limit is not None and exposure_after > to_decimal(limit):
            reasons.append(
                Reason(
                    "over_limit",
                    {
                        "exposure": before,
                        "amount": amount,
                        "exposure_after": exposure_after,
                        "limit": to_decimal(limit),
                        "excess": exposure_after - to_decimal(limit),
                    },
                )
            )
        reasons.extend(overdue_problems(overdue, max_days_overdue, max_overdue_amount))

    blocking = bool(hold) or (mode == "block" and bool(reasons))
    if blocking and amount and to_decimal(approved_amount) >= amount:
        reasons.append(
            Reason("approved", {"approved_amount": to_decimal(approved_amount)})
        )
        return Decision(True, "warn", reasons, exposure_after, available)
    if blocking:
        return Decision(False, "block", reasons, exposure_after, available)
    return Decision(
        True, "warn" if reasons else "ok", reasons, exposure_after, available
    )


def combine(*decisions):
    """The worst of several decisions (own limit and group limit)."""
    decisions = [d for d in decisions if d is not None]
    worst = max(decisions, key=lambda d: LEVELS.index(d.level))
    reasons = []
    for decision in decisions:
        for reason in decision.reasons:
            if reason not in reasons:
                reasons.append(reason)
    availables = [d.available for d in decisions if d.available is not None]
    return Decision(
        all(d.allowed for d in decisions),
        worst.level,
        reasons,
        decisions[0].exposure_after,
        min(availables) if availables else None,
    )


@dataclass(frozen=True)
class CreditTerms:
    """What a customer's company granted it: limit (None: none) and hold."""

    limit: Decimal | None = None
    hold: bool = False
    hold_reason: str = ""


def decide_in_group(
    own,
    group,
    amount,
    terms,
    head_terms=None,
    head_name="",
    is_head=True,
    has_group=False,
    **common,
):
    """Own limit versus group limit: the decision for a customer of a group.

    * A customer without group is checked on its own exposure ``own``.
    * A group head is checked on the whole group's exposure ``group`` against
      its own terms (its limit covers the group).
    * A subsidiary is checked on its own exposure against its terms, and the
      group's exposure against the head's terms (``head_terms``); the group's
      over-limit and hold reasons read ``group_over_limit`` and
      ``group_on_hold`` with the head's name; the worse decision wins.

    ``common`` goes to :func:`decide` for the customer's own check (mode,
    overdue items and thresholds, approved amount); the group check takes
    the mode and approval but not the overdue items.
    """
    decision = decide(
        group if is_head and has_group else own,
        amount,
        limit=terms.limit,
        hold=terms.hold,
        hold_reason=terms.hold_reason,
        **common,
    )
    if is_head:
        return decision
    head_terms = head_terms or CreditTerms()
    group_decision = decide(
        group,
        amount,
        limit=head_terms.limit,
        hold=head_terms.hold,
        hold_reason=head_terms.hold_reason,
        **dict(common, overdue=(), max_days_overdue=None),
    )
    group_decision.reasons[:] = [
        Reason("group_" + r.code, dict(r.figures, head=head_name))
        if r.code in ("over_limit", "on_hold")
        else r
        for r in group_decision.reasons
    ]
    return combine(decision, group_decision)
