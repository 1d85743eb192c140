"""Aged receivables: buckets, days past due and per-partner totals.

Buckets are given by their upper bounds in days past due: ``(30, 60, 90, 120)``
gives *not due*, *1-30*, *31-60*, *61-90*, *91-120* and *over 120*. An item is
*not due* when its days past due are zero or less. The same boundaries are
handed to PostgreSQL as lower thresholds for ``width_bucket`` (see
:func:`sql_thresholds`), so the database and this module agree on every item.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import pairwise

from .money import to_decimal

DEFAULT_BOUNDS = (30, 60, 90, 120)
BASIS_DUE_DATE = "due_date"
BASIS_INVOICE_DATE = "invoice_date"
MAX_BOUND_DAYS = 36500  # a hundred years: beyond it a bound is a typing accident
MAX_BUCKETS = 7  # not due + up to six ranges, the number of columns the screen has


def parse_bounds(text):
    """Return the upper bounds written as ``"30, 60, 90"`` as a tuple of ints.

    Raises ``ValueError`` in the user's words when the list is not a strictly
    increasing list of positive whole numbers or has too many entries.
    """
    parts = [part.strip() for part in str(text or "").replace(";", ",").split(",")]
    parts = [part for part in parts if part]
    if not parts:
        raise ValueError("Give at least one bucket bound, e.g. 30, 60, 90.")
    try:
        bounds = tuple(int(part) for part in parts)
    except ValueError as error:
        raise ValueError(
            "Bucket bounds must be whole numbers of days, e.g. 30, 60, 90."
        ) from error
    check_bounds(bounds)
    return bounds


def check_bounds(bounds):
    """Raise ``ValueError`` unless ``bounds`` are increasing positive day counts."""
    if not bounds:
        raise ValueError("Give at least one bucket bound, e.g. 30, 60, 90.")
    if len(bounds) > MAX_BUCKETS - 1:
        raise ValueError(f"At most {MAX_BUCKETS - 1} bucket bounds are supported.")
    if bounds[0] <= 0 or any(b <= a for a, b in pairwise(bounds)):
        raise ValueError("Bucket bounds must be positive and strictly increasing.")
    if bounds[-1] > MAX_BOUND_DAYS:
        raise ValueError(f"Bucket bounds cannot exceed {MAX_BOUND_DAYS} days.")


def bucket_spans(bounds=DEFAULT_BOUNDS):
    """Return each bucket as ``(first, last)`` days past due, in column order.

    The *not due* bucket is ``(None, 0)`` and the last one ``(bounds[-1] + 1,
    None)``: ``[(None, 0), (1, 30), ..., (121, None)]``. Screens build their
    (translated) titles from these spans.
    """
    check_bounds(bounds)
    spans = [(None, 0)]
    lower = 1
    for upper in bounds:
        spans.append((lower, upper))
        lower = upper + 1
    spans.append((lower, None))
    return spans


def sql_thresholds(bounds=DEFAULT_BOUNDS):
    """Lower thresholds for PostgreSQL ``width_bucket(days, thresholds)``.

    ``width_bucket(d, ARRAY[1, 31, 61])`` is 0 for ``d < 1`` (not due), 1 for
    ``1 <= d <= 30`` and so on: exactly :func:`bucket_index`.
    """
    check_bounds(bounds)
    return [1] + [upper + 1 for upper in bounds]


def days_past_due(as_of, due_date):
    """Days between the due date and the as-of date (negative: not yet due)."""
    return (as_of - due_date).days


def aging_date(basis, due_date, invoice_date):
    """The date an item is aged from: its due date or its invoice date."""
    if basis == BASIS_INVOICE_DATE:
        return invoice_date or due_date
    if basis == BASIS_DUE_DATE:
        return due_date or invoice_date
    raise ValueError(f"Unknown aging basis: {basis!r}")


def bucket_index(days, bounds=DEFAULT_BOUNDS):
    """Index of the bucket for ``days`` past due: 0 is not due, last is over."""
    if days <= 0:
        return 0
    for index, upper in enumerate(bounds, start=1):
        if days <= upper:
            return index
    return len(bounds) + 1


@dataclass(frozen=True)
class Item:
    """One open receivable item: who owes it, how much, and its dates."""

    key: object
    residual: Decimal
    due_date: date
    invoice_date: date | None = None


@dataclass
class AgingRow:
    """Aged totals of one key (a partner, a salesperson...)."""

    key: object
    buckets: list = field(default_factory=list)

    @property
    def total(self):
        return sum(self.buckets, Decimal(0))

    @property
    def overdue(self):
        return sum(self.buckets[1:], Decimal(0))


def age_items(items, as_of, bounds=DEFAULT_BOUNDS, basis=BASIS_DUE_DATE):
    """Age ``items`` on ``as_of``: one :class:`AgingRow` per key, first seen first."""
    check_bounds(bounds)
    rows = {}
    for item in items:
        day = aging_date(basis, item.due_date, item.invoice_date)
        index = bucket_index(days_past_due(as_of, day), bounds)
        row = rows.get(item.key)
        if row is None:
            row = rows[item.key] = AgingRow(item.key, [Decimal(0)] * (len(bounds) + 2))
        row.buckets[index] += to_decimal(item.residual)
    return list(rows.values())


def pivot_bucket_rows(rows, bucket_count, key_of=lambda row: row[0]):
    """Pivot aggregated ``(…, bucket_index, amount)`` rows into :class:`AgingRow`.

    ``rows`` come from a grouped SQL query: the bucket index is the
    second-to-last value, the amount the last; ``key_of`` picks the key
    (default: first value). Rows sharing a key are added up, so the caller may
    regroup finer SQL rows (partner and salesperson) into coarser keys.
    """
    result = {}
    for row in rows:
        key = key_of(row)
        index, amount = row[-2], row[-1]
        aging_row = result.get(key)
        if aging_row is None:
            aging_row = result[key] = AgingRow(key, [Decimal(0)] * bucket_count)
        aging_row.buckets[index] += to_decimal(amount)
    return list(result.values())


def totals(rows, bucket_count):
    """Column totals of aging rows (one Decimal per bucket)."""
    sums = [Decimal(0)] * bucket_count
    for row in rows:
        for index, amount in enumerate(row.buckets):
            sums[index] += amount
    return sums
