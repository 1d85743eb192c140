"""Allowance for doubtful accounts: IFRS 9 simplified approach.

Lifetime expected credit losses from a provision matrix (a loss rate per
aging bucket) plus specific provisions for known cases. A customer with a
specific provision is provided for at that amount instead of the matrix.
Credits (negative buckets) reduce nothing: only positive bucket amounts are
provided for.
"""

from decimal import Decimal

from .money import round_money, to_decimal

HUNDRED = Decimal(100)


def matrix_allowance(buckets, rates):
    """Allowance of one customer's aged buckets at the matrix ``rates`` (percent)."""
    if len(rates) < len(buckets):
        raise ValueError("The provision matrix needs one rate per aging bucket.")
    total = Decimal(0)
    for raw_amount, rate in zip(buckets, rates, strict=False):
        amount = to_decimal(raw_amount)
        if amount > 0:
            total += amount * to_decimal(rate) / HUNDRED
    return round_money(total)


def allowance(aged_by_customer, rates, specific=None):
    """``{customer: allowance}`` and the total, both rounded to the cent.

    ``aged_by_customer`` maps a customer key to its bucket amounts;
    ``specific`` maps a customer key to a specific provision that replaces the
    matrix for that customer (a customer with no open items may still have one).
    """
    specific = specific or {}
    result = {}
    for key, buckets in aged_by_customer.items():
        if key in specific:
            continue
        result[key] = matrix_allowance(buckets, rates)
    for key, amount in specific.items():
        result[key] = round_money(amount)
    return result, sum(result.values(), Decimal(0))
