"""Checks of numbers typed by users: finite and within a range.

The Odoo side words the problem in the user's language from the code
returned (``not_a_number``, ``below_minimum``, ``above_maximum``).
"""

import math
from decimal import Decimal, InvalidOperation


def as_finite_number(value):
    """Return ``value`` as a float when it is a finite number, else ``None``.

    Accepts ints, floats, Decimals and text such as ``"12.5"``; refuses NaN,
    infinities, booleans, empty text and anything else.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        if not text:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def number_problem(value, minimum=None, maximum=None, *, strict_minimum=False):
    """``None`` when ``value`` is a finite number within the bounds, else a code.

    ``minimum`` and ``maximum`` are inclusive; with ``strict_minimum`` the
    value must be above ``minimum`` (an amount that must be positive).
    """
    number = as_finite_number(value)
    if number is None:
        return "not_a_number"
    if minimum is not None and (
        number < minimum or (strict_minimum and number == minimum)
    ):
        return "below_minimum"
    if maximum is not None and number > maximum:
        return "above_maximum"
    return None
