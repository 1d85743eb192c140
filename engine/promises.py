"""Promises to pay: was a promise kept?

A promise is kept when what the customer paid between the day of the promise
and the promised date (applied to the promise's items, or to any of the
customer's items when none were named) reaches the promised amount, to the
cent. Until the promised date has passed a promise stays open.
"""

from .inputs import number_problem
from .money import round_money

OPEN = "open"
KEPT = "kept"
BROKEN = "broken"
MAX_AMOUNT = 10**15


class PromiseInputError(ValueError):
    """A promised amount that cannot be used; ``code`` names the rule."""

    def __init__(self, code, **values):
        super().__init__(code, values)
        self.code = code
        self.values = values


def check_promised_amount(amount):
    """Raise :class:`PromiseInputError` unless ``amount`` is a positive amount."""
    problem = number_problem(amount, 0, MAX_AMOUNT, strict_minimum=True)
    if problem:
        raise PromiseInputError(problem, amount=amount)


def is_kept(promised, paid, digits=2):
    """True when ``paid`` reaches ``promised`` once both are rounded to the cent."""
    check_promised_amount(promised)
    return round_money(paid or 0, digits) >= round_money(promised, digits)


def outcome(promised, paid, promised_date, today, digits=2):
    """``open`` until the promised date has passed, then ``kept`` or ``broken``.

    A promise already paid in full is kept at once, even before its date.
    """
    if is_kept(promised, paid, digits):
        return KEPT
    if today <= promised_date:
        return OPEN
    return BROKEN
