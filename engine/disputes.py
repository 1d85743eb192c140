"""Disputes and deductions: the decisions, without Odoo.

Money is ``Decimal`` in and out (see :mod:`engine.money`). Bad input raises
:class:`DisputeInputError` carrying a ``code`` and values, so that the Odoo
layer can word the message in the user's language.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from .inputs import as_finite_number
from .money import round_money, to_decimal

ZERO = Decimal(0)
MAX_AMOUNT = 10**15  # beyond any invoice; larger figures are typing accidents


class DisputeInputError(ValueError):
    """Input a case cannot accept. ``code`` names the rule that failed."""

    def __init__(self, code, **values):
        super().__init__(code, values)
        self.code = code
        self.values = values


def validate_disputed_amount(amount, residual, digits=2):
    """Return the disputed ``amount`` rounded, after checking it against ``residual``.

    The amount must be positive and at most what is still open on the invoice;
    an invoice with nothing open (paid, reversed) cannot be disputed. NaN,
    infinities and text are ``not_a_number``.
    """
    number = as_finite_number(amount)
    if number is None:
        raise DisputeInputError("not_a_number", amount=amount)
    residual = round_money(residual, digits)
    if abs(number) > MAX_AMOUNT:
        code = "above_residual" if number > 0 else "not_positive"
        raise DisputeInputError(code, amount=amount, residual=residual)
    amount = round_money(amount, digits)
    if residual <= ZERO:
        raise DisputeInputError("nothing_open", residual=residual)
    if amount <= ZERO:
        raise DisputeInputError("not_positive", amount=amount)
    if amount > residual:
        raise DisputeInputError("above_residual", amount=amount, residual=residual)
    return amount


def deadline(opened_on, target_days):
    """Return the date a case should be resolved by: ``target_days`` calendar days.

    No target (``None`` or 0) means no deadline.
    """
    if not opened_on or not target_days:
        return None
    if target_days < 0:
        raise DisputeInputError("negative_target", target_days=target_days)
    if not isinstance(opened_on, date):
        raise TypeError("opened_on must be a date")
    return opened_on + timedelta(days=int(target_days))


@dataclass(frozen=True)
class Resolution:
    """How a disputed amount ends: credit note, write-off, back to dunning."""

    accepted: Decimal
    written_off: Decimal
    rejected: Decimal


def split_resolution(disputed, accepted=ZERO, written_off=ZERO, digits=2):
    """Split ``disputed`` into accepted + written off + rejected (the rest).

    Both parts must be zero or positive and together at most the disputed
    amount; what is left is rejected and returns to dunning.
    """
    for part in (accepted, written_off):
        number = as_finite_number(part or 0)
        if number is None or abs(number) > MAX_AMOUNT:
            raise DisputeInputError("not_a_number", amount=part)
    disputed = round_money(disputed, digits)
    accepted = round_money(accepted or ZERO, digits)
    written_off = round_money(written_off or ZERO, digits)
    if accepted < ZERO or written_off < ZERO:
        raise DisputeInputError(
            "negative_part", accepted=accepted, written_off=written_off
        )
    if accepted + written_off > disputed:
        raise DisputeInputError(
            "parts_above_disputed",
            accepted=accepted,
            written_off=written_off,
            disputed=disputed,
        )
    return Resolution(accepted, written_off, disputed - accepted - written_off)


def within_tolerance(
    short_amount, invoice_total, tolerance_amount=ZERO, tolerance_percent=ZERO
):
    """Decide whether a short payment is small enough to write off at once.

    A tolerance of zero is not in use. With one tolerance in use the short
    amount must be within it; with both in use it must be within both (the
    stricter wins). With none in use nothing is written off automatically.
    """
    short_amount = to_decimal(short_amount)
    tolerance_amount = to_decimal(tolerance_amount or ZERO)
    tolerance_percent = to_decimal(tolerance_percent or ZERO)
    invoice_total = abs(to_decimal(invoice_total or ZERO))
    if short_amount <= ZERO:
        return False
    checks = []
    if tolerance_amount > ZERO:
        checks.append(short_amount <= tolerance_amount)
    if tolerance_percent > ZERO:
        checks.append(short_amount * 100 <= invoice_total * tolerance_percent)
    return bool(checks) and all(checks)


def prorate(total, weights, digits=2):
    """Split ``total`` over ``weights`` in proportion, in cents, summing exactly.

    Largest remainders get the leftover cents, so no part is off by more than
    one cent from its exact share. All-zero weights split evenly.
    """
    total = round_money(total, digits)
    weights = [to_decimal(w) for w in weights]
    if not weights:
        return []
    if any(w < ZERO for w in weights):
        raise DisputeInputError("negative_weight")
    weight_sum = sum(weights)
    if weight_sum == ZERO:
        weights = [Decimal(1)] * len(weights)
        weight_sum = Decimal(len(weights))
    unit = Decimal(1).scaleb(-digits)
    sign = -1 if total < ZERO else 1
    cents = int(abs(total) / unit)
    exact = [Decimal(cents) * w / weight_sum for w in weights]
    floors = [int(e) for e in exact]
    leftover = cents - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:leftover]:
        floors[i] += 1
    return [sign * Decimal(f) * unit for f in floors]


def allocate_case_lines(requested, residuals, digits=2):
    """Check per-invoice disputed amounts of a case spanning several invoices.

    ``requested`` and ``residuals`` are parallel lists (one entry per invoice
    line of the case). Every amount is validated against its own residual;
    returns the rounded amounts and their total.
    """
    if len(requested) != len(residuals):
        raise ValueError("requested and residuals differ in length")
    if not requested:
        raise DisputeInputError("no_lines")
    amounts = [
        validate_disputed_amount(amount, residual, digits)
        for amount, residual in zip(requested, residuals, strict=True)
    ]
    return amounts, sum(amounts, ZERO)


def spread_over_lines(amount, line_amounts, digits=2):
    """Spread an accepted or written-off ``amount`` over the case lines.

    In proportion to each line's disputed amount; never more than a line holds.
    """
    amount = round_money(amount, digits)
    line_amounts = [round_money(a, digits) for a in line_amounts]
    if amount > sum(line_amounts, ZERO):
        raise DisputeInputError(
            "parts_above_disputed", amount=amount, disputed=sum(line_amounts, ZERO)
        )
    return prorate(amount, line_amounts, digits)


def resolution_days(opened_on, resolved_on):
    """Calendar days from opening to resolution (0 when resolved the same day)."""
    if not opened_on or not resolved_on:
        return None
    return max((resolved_on - opened_on).days, 0)
