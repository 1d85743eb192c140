"""Mass reconciliation plan: net open credits (payments, credit notes) against
a customer's open invoices, by reference first, then oldest first.

Pure Python. Items are ``NettingItem`` with a signed amount (invoices
positive, credits negative); the plan is a list of ``NettingPair``.
"""

from dataclasses import dataclass, field
from datetime import date
from datetime import date as Date
from decimal import Decimal

from . import references

ZERO = Decimal(0)


@dataclass(frozen=True)
class NettingItem:
    id: str
    partner_ref: str
    amount: Decimal
    date: Date | None = None
    number: str = ""
    reference: str = ""  # free text of a credit: payment memo, "Reversal of ..."


@dataclass(frozen=True)
class NettingPair:
    credit_id: str
    debit_id: str
    amount: Decimal
    rule: str  # 'reference' | 'oldest'


@dataclass
class _Open:
    item: NettingItem
    left: Decimal = field(default=ZERO)


def plan(items):
    """Return the pairs to reconcile, never more than either side has open."""
    by_partner = {}
    for item in items:
        if item.amount:
            by_partner.setdefault(item.partner_ref, []).append(item)
    pairs = []
    for partner_items in by_partner.values():
        pairs.extend(_plan_partner(partner_items))
    return pairs


def _age(entry):
    return (entry.item.date or date.max, entry.item.id)


def _plan_partner(items):
    debits = sorted((_Open(i, i.amount) for i in items if i.amount > 0), key=_age)
    credits = sorted((_Open(i, -i.amount) for i in items if i.amount < 0), key=_age)
    if not debits or not credits:
        return []
    by_key = {}
    for debit in debits:
        for key in references.number_keys(debit.item.number):
            by_key.setdefault(key, []).append(debit)
    pairs = []
    for credit in credits:
        named = []
        for key, _before in references.text_keys(credit.item.reference):
            named.extend(d for d in by_key.get(key, ()) if d not in named)
        for debit in named:
            _take(credit, debit, "reference", pairs)
    for credit in credits:
        for debit in debits:
            _take(credit, debit, "oldest", pairs)
    return pairs


def _take(credit, debit, rule, pairs):
    amount = min(credit.left, debit.left)
    if amount > 0:
        credit.left -= amount
        debit.left -= amount
        pairs.append(NettingPair(credit.item.id, debit.item.id, amount, rule))
