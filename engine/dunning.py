"""Dunning decisions: which overdue items get which level, grouped how.

Rules, in the order they apply:

1. Exclusions. An item is left out when it is marked ``no_followup``, its
   invoice is ``blocked``, a promise to pay covers it until a date on or
   after the run date, or it is disputed and the company's dispute scope is
   ``invoice``. With scope ``amount`` only the disputed part is left out.
2. Netting. The customer's open credits (credit notes and unapplied
   payments) in the same currency are applied to its dunnable overdue items,
   oldest due date first (then by id). An item fully covered is not dunned;
   a partly covered item is dunned for what is left ("amount due").
3. Level per item. Days past due on the run date select the levels the item
   qualifies for. Levels never go back; without ``allow_skip`` only the next
   level after the item's current one is possible, with it the highest level
   reached. The wait days of the target level must have passed since the
   item's previous level. The item's net due must reach the level's minimum
   per item.
4. Minimum per customer: an item gets a level only when the customer's net
   overdue total in that currency reaches the level's minimum per customer.
5. Grouping: one communication per customer and currency, at the highest
   level (by sequence) of its items. Each item keeps the level it reached
   itself: a fee chased at the first level in a formal notice stays at the
   first level (``allow_skip`` lets an item skip levels by its own days late,
   never up to the level of the other items). The communication's level
   drives what is sent and charged once for it: template, channels, fee,
   interest, compensation, escalation.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .money import to_decimal

ZERO = Decimal(0)


@dataclass(frozen=True)
class Level:
    id: int
    sequence: int
    days_past_due: int
    min_amount_customer: Decimal = ZERO
    min_amount_item: Decimal = ZERO
    wait_days: int = 0


@dataclass(frozen=True)
class Item:
    """An open receivable journal item (debit), amounts positive."""

    id: int
    partner_id: int
    currency_id: int
    due_date: date
    residual: Decimal
    disputed: Decimal = ZERO
    current_level_id: int | None = None
    last_dunning_date: date | None = None
    no_followup: bool = False
    blocked: bool = False
    promised_until: date | None = None


@dataclass(frozen=True)
class Credit:
    """Unapplied credit of a customer (credit note or payment), amount positive."""

    partner_id: int
    currency_id: int
    amount: Decimal


@dataclass(frozen=True)
class ItemDecision:
    item: Item
    level: Level
    days_late: int
    due: Decimal
    netted: Decimal


def _rank(level):
    return (level.sequence, level.id)


def top_level(lines):
    """The highest level (by sequence) of ``lines``, ItemDecisions, or None."""
    return max((line.level for line in lines), key=_rank, default=None)


@dataclass
class Communication:
    """What one customer is sent in one currency: its items, each at its level."""

    partner_id: int
    currency_id: int
    lines: list = field(default_factory=list)

    @property
    def key(self):
        return (self.partner_id, self.currency_id)

    @property
    def level(self):
        """The highest level reached by the items: it drives the communication."""
        return top_level(self.lines)

    @property
    def total_due(self):
        return sum((line.due for line in self.lines), ZERO)


def exclusion_reason(item, run_date, dispute_scope="amount"):
    """Why ``item`` is left out of dunning on ``run_date``, or None."""
    if item.no_followup:
        return "no_followup"
    if item.blocked:
        return "blocked"
    if item.promised_until and item.promised_until >= run_date:
        return "promise"
    disputed = to_decimal(item.disputed)
    if disputed > 0 and (dispute_scope == "invoice" or disputed >= item.residual):
        return "disputed"
    if (run_date - item.due_date).days <= 0:
        return "not_due"
    return None


def dunnable_amount(item, dispute_scope="amount"):
    """Residual less the disputed part (scope ``amount``), never negative."""
    residual = to_decimal(item.residual)
    if dispute_scope == "amount":
        residual -= to_decimal(item.disputed)
    return max(residual, ZERO)


def net_credits(items, credits, dispute_scope="amount"):
    """Apply credits to items, oldest due first: return {item id: (due, netted)}."""
    available = defaultdict(Decimal)
    for credit in credits:
        available[(credit.partner_id, credit.currency_id)] += to_decimal(credit.amount)
    result = {}
    for item in sorted(items, key=lambda i: (i.due_date, i.id)):
        due = dunnable_amount(item, dispute_scope)
        key = (item.partner_id, item.currency_id)
        netted = min(due, available[key])
        available[key] -= netted
        result[item.id] = (due - netted, netted)
    return result


def select_level(item, days_late, levels, run_date, allow_skip=False):
    """Return the level ``item`` moves to on ``run_date``, or None.

    ``levels`` must be sorted by sequence.
    """
    position = -1
    if item.current_level_id is not None:
        ids = [level.id for level in levels]
        if item.current_level_id not in ids:
            return None
        position = ids.index(item.current_level_id)
    later = levels[position + 1 :]
    reached = [level for level in later if level.days_past_due <= days_late]
    if not reached:
        return None
    if allow_skip:
        target = reached[-1]
    elif reached[0] is later[0]:
        target = later[0]
    else:
        return None
    last = item.last_dunning_date
    if last is not None and (run_date - last).days < target.wait_days:
        return None
    return target


def plan_run(
    run_date, levels, items, credits=(), allow_skip=False, dispute_scope="amount"
):
    """Decide a dunning run: one Communication per customer and currency with
    items to dun, sorted by key."""
    levels = sorted(levels, key=_rank)
    candidates = [
        item
        for item in items
        if exclusion_reason(item, run_date, dispute_scope) is None
    ]
    netting = net_credits(candidates, credits, dispute_scope)
    customer_total = defaultdict(Decimal)
    for item in candidates:
        customer_total[(item.partner_id, item.currency_id)] += netting[item.id][0]
    communications = {}
    for item in sorted(candidates, key=lambda i: (i.due_date, i.id)):
        due, netted = netting[item.id]
        if due <= 0:
            continue
        days_late = (run_date - item.due_date).days
        level = select_level(item, days_late, levels, run_date, allow_skip)
        if level is None or due < to_decimal(level.min_amount_item):
            continue
        total = customer_total[(item.partner_id, item.currency_id)]
        if total < to_decimal(level.min_amount_customer):
            continue
        key = (item.partner_id, item.currency_id)
        communication = communications.get(key)
        if communication is None:
            communication = communications[key] = Communication(
                item.partner_id, item.currency_id
            )
        communication.lines.append(ItemDecision(item, level, days_late, due, netted))
    return [communications[key] for key in sorted(communications)]


def item_charges(
    *, charge_interest, charge_compensation, is_charge, compensated, excluded=False
):
    """``(interest, compensation)``: what an item is charged at its communication.

    Fees, interest and compensation already charged bear neither (no interest
    on charges); the fixed compensation is asked once per invoice
    (``compensated``: this invoice got it already, in this run or before);
    an item the user excluded is charged nothing.
    """
    if excluded or is_charge:
        return False, False
    return bool(charge_interest), bool(charge_compensation and not compensated)


def level_allowed(level_automatic, scheduled):
    """Scheduled runs send automatic levels only; manual runs send any level."""
    return bool(level_automatic) or not scheduled


# why a customer got nothing, most telling first
EMPTY_REASONS = (
    "waiting",
    "disputed",
    "promise",
    "blocked",
    "no_followup",
    "netted",
    "below_minimum",
)


def why_not_dunned(
    run_date, levels, items, credits=(), allow_skip=False, dispute_scope="amount"
):
    """``{partner id: reason code}`` for customers with overdue items and no
    communication in :func:`plan_run`, one of :data:`EMPTY_REASONS`.

    ``waiting``: no item reached its next level yet (days past due or wait
    days); ``netted``: credits cover what is overdue; ``below_minimum``:
    under a level's minimum per item or customer.
    """
    levels = sorted(levels, key=_rank)
    planned = {
        comm.partner_id
        for comm in plan_run(
            run_date, levels, items, credits, allow_skip, dispute_scope
        )
    }
    found = defaultdict(set)
    candidates = []
    for item in items:
        if item.partner_id in planned or (run_date - item.due_date).days <= 0:
            continue
        reason = exclusion_reason(item, run_date, dispute_scope)
        if reason:
            found[item.partner_id].add(reason)
        else:
            candidates.append(item)
    netting = net_credits(candidates, credits, dispute_scope)
    for item in candidates:
        due, _netted = netting[item.id]
        if due <= 0:
            found[item.partner_id].add("netted")
            continue
        days_late = (run_date - item.due_date).days
        level = select_level(item, days_late, levels, run_date, allow_skip)
        found[item.partner_id].add("waiting" if level is None else "below_minimum")
    return {
        partner: next(code for code in EMPTY_REASONS if code in reasons)
        for partner, reasons in found.items()
    }
