"""Allowance for doubtful accounts: IFRS 9 simplified approach.

Lifetime expected credit losses from a provision matrix (a loss rate per
aging bucket) plus specific provisions for known cases. A customer with a
specific provision is provided for at that amount instead of the matrix.
Credits (negative buckets) reduce nothing: only positive bucket amounts are
provided for.
"""

from decimal import Decimal

from .inputs import number_problem
from .money import round_money, to_decimal

HUNDRED = Decimal(100)
MAX_AMOUNT = 10**15  # larger amounts are typing accidents, not provisions


class AllowanceInputError(ValueError):
    """A rate or amount the allowance cannot use; ``code`` names the rule."""

    def __init__(self, code, **values):
        super().__init__(code, values)
        self.code = code
        self.values = values


def check_rates(rates):
    """Raise :class:`AllowanceInputError` unless every rate is within 0..100%."""
    for index, rate in enumerate(rates):
        if number_problem(rate, 0, 100):
            raise AllowanceInputError("rate_out_of_range", index=index, rate=rate)


def check_specific_amount(amount):
    """Raise :class:`AllowanceInputError` unless ``amount`` is a usable provision.

    Zero is allowed: it exempts a customer from the matrix.
    """
    if number_problem(amount, 0, MAX_AMOUNT):
        raise AllowanceInputError("specific_out_of_range", amount=amount)


def matrix_allowance(buckets, rates):
    """Allowance of one customer's aged buckets at the matrix ``rates`` (percent)."""
    if len(rates) < len(buckets):
        raise ValueError("The provision matrix needs one rate per aging bucket.")
    check_rates(rates)
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
    check_rates(rates)
    for amount in specific.values():
        check_specific_amount(amount)
    result = {}
    for key, buckets in aged_by_customer.items():
        if key in specific:
            continue
        result[key] = matrix_allowance(buckets, rates)
    for key, amount in specific.items():
        result[key] = round_money(amount)
    return result, sum(result.values(), Decimal(0))
