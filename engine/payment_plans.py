"""Payment plans: an instalment schedule and whether the customer keeps it.

Pure Python, no Odoo. Amounts are integers in cents: the instalments' principal
sums exactly to the amount spread. Optional interest agreed in the plan is
simple interest on the balance still owed over each period.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from .money import to_decimal

ON_TRACK = "on_track"
BROKEN = "broken"
COMPLETED = "completed"


@dataclass(frozen=True)
class Instalment:
    date: date
    principal: int  # cents
    interest: int  # cents

    @property
    def amount(self):
        return self.principal + self.interest


def add_months(day, months):
    """``day`` plus ``months`` months, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def schedule(
    total_cents, count, first_date, interval="month", annual_rate=0, start=None
):
    """Spread ``total_cents`` over ``count`` instalments from ``first_date``.

    ``interval`` is ``"month"`` or ``"week"``. The remainder cents go to the
    first instalments, so amounts differ by at most one cent. With
    ``annual_rate`` (percent), each instalment also carries the interest on
    the balance owed since the previous date (``start`` for the first, the
    plan's date; default one interval before ``first_date``).
    """
    if count < 1:
        raise ValueError("count")
    if total_cents <= 0:
        raise ValueError("total")
    if interval not in ("month", "week"):
        raise ValueError("interval")
    base, extra = divmod(int(total_cents), count)
    dates = [
        add_months(first_date, i)
        if interval == "month"
        else first_date + timedelta(weeks=i)
        for i in range(count)
    ]
    if start is None:
        start = (
            add_months(first_date, -1)
            if interval == "month"
            else first_date - timedelta(weeks=1)
        )
    rate = to_decimal(annual_rate) / 100
    balance, previous, result = int(total_cents), start, []
    for index, day in enumerate(dates):
        principal = base + (1 if index < extra else 0)
        interest = 0
        if rate:
            days = max((day - previous).days, 0)
            interest = int(
                (Decimal(balance) * rate * days / 365).quantize(
                    Decimal(1), rounding=ROUND_HALF_UP
                )
            )
        result.append(Instalment(day, principal, interest))
        balance -= principal
        previous = day
    return result


@dataclass(frozen=True)
class Status:
    state: str
    missed_index: int | None = None  # first instalment late beyond grace
    paid_instalments: int = 0  # instalments fully covered by what was paid


def status(amounts_and_dates, paid_cents, today, grace_days):
    """State of a plan from its instalments and what was paid against it.

    ``amounts_and_dates`` are ``(due date, amount in cents)`` in date order;
    payments settle instalments in order. An instalment not covered by
    ``today`` more than ``grace_days`` after its date breaks the plan.
    """
    cumulated, covered = 0, 0
    for index, (day, amount) in enumerate(amounts_and_dates):
        cumulated += amount
        if paid_cents >= cumulated:
            covered = index + 1
            continue
        if (today - day).days > grace_days:
            return Status(BROKEN, index, covered)
    if covered == len(amounts_and_dates):
        return Status(COMPLETED, None, covered)
    return Status(ON_TRACK, None, covered)
