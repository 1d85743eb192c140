"""Rounding helpers shared by the engine: money is Decimal, never float."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def to_decimal(value):
    """Return ``value`` as a Decimal without going through binary floats' noise."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def round_money(value, digits=2):
    """Round half up to ``digits`` decimals, as invoices and ledgers do."""
    quantum = Decimal(1).scaleb(-digits)
    return to_decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
