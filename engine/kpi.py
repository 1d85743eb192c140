"""Collection KPIs from plain monthly series.

Every function takes Decimal-compatible numbers and returns a ``Decimal`` (or
``None`` when the figure is undefined, e.g. no sales in the period). Formulas
follow ``ar-reference.md``:

- DSO (standard) = closing receivables / credit sales of the period x days.
- DSO (countback): walk back month by month through credit sales.
- Best possible DSO = current (not yet due) receivables / credit sales x days.
- ADD (average days delinquent) = DSO - best possible DSO.
- CEI in two named variants: ``cei_full_sales`` uses the period's full credit
  sales; ``cei_sales_per_month`` divides them by the number of months N.
- Receivable turnover = credit sales / average of opening and closing receivables.
- Share overdue = overdue receivables / total receivables.
"""

from dataclasses import dataclass
from decimal import Decimal

from .money import to_decimal

HUNDRED = Decimal(100)


def _ratio(numerator, denominator):
    numerator, denominator = to_decimal(numerator), to_decimal(denominator)
    if denominator == 0:
        return None
    return numerator / denominator


def dso_standard(receivables, credit_sales, days):
    """Receivables at period end / credit sales of the period x days in the period."""
    ratio = _ratio(receivables, credit_sales)
    return None if ratio is None else ratio * to_decimal(days)


def dso_countback(receivables, monthly_sales, monthly_days):
    """Countback DSO.

    ``monthly_sales`` and ``monthly_days`` run newest month first. Whole months
    are counted while the remaining receivables exceed that month's sales, then
    the fraction remainder / sales x days of the month reached. When the
    history runs out, the days walked so far are returned (a lower bound).
    """
    remainder = to_decimal(receivables)
    total_days = Decimal(0)
    if remainder <= 0:
        return Decimal(0)
    for raw_sales, raw_days in zip(monthly_sales, monthly_days, strict=True):
        sales, days = to_decimal(raw_sales), to_decimal(raw_days)
        if remainder > sales:
            total_days += days
            remainder -= sales
            continue
        return total_days + remainder / sales * days
    return total_days


def best_possible_dso(current_receivables, credit_sales, days):
    """Current (not yet due) receivables / credit sales x days."""
    return dso_standard(current_receivables, credit_sales, days)


def average_days_delinquent(dso, best_dso):
    """ADD = DSO - best possible DSO."""
    if dso is None or best_dso is None:
        return None
    return to_decimal(dso) - to_decimal(best_dso)


def cei_full_sales(opening, credit_sales, closing_total, closing_current):
    """CEI, full-period sales variant, in percent.

    (opening + sales - closing total) / (opening + sales - closing current) x 100.
    """
    opening, sales = to_decimal(opening), to_decimal(credit_sales)
    ratio = _ratio(
        opening + sales - to_decimal(closing_total),
        opening + sales - to_decimal(closing_current),
    )
    return None if ratio is None else ratio * HUNDRED


def cei_sales_per_month(opening, credit_sales, closing_total, closing_current, months):
    """CEI, sales / N variant, in percent: the period's sales divided by N months."""
    if not months:
        return None
    return cei_full_sales(
        opening,
        to_decimal(credit_sales) / to_decimal(months),
        closing_total,
        closing_current,
    )


def receivable_turnover(credit_sales, opening, closing):
    """Credit sales / average of opening and closing receivables."""
    return _ratio(credit_sales, (to_decimal(opening) + to_decimal(closing)) / 2)


def share(part, whole):
    """``part`` / ``whole`` in percent (share overdue, share disputed)."""
    ratio = _ratio(part, whole)
    return None if ratio is None else ratio * HUNDRED


@dataclass(frozen=True)
class Month:
    """Closing figures of one month, as the aging query and sales give them."""

    days: int
    credit_sales: Decimal
    receivables: Decimal
    current: Decimal
    overdue: Decimal
    disputed: Decimal = Decimal(0)


@dataclass(frozen=True)
class MonthKpi:
    dso: Decimal | None
    dso_countback: Decimal | None
    best_dso: Decimal | None
    add: Decimal | None
    cei: Decimal | None
    turnover: Decimal | None
    share_overdue: Decimal | None
    share_disputed: Decimal | None


def monthly_kpis(months, opening_receivables=Decimal(0)):
    """KPIs of each month of ``months`` (oldest first), one :class:`MonthKpi` each.

    The month's period is the month itself (N = its days); countback walks
    back through the months given so far. CEI is the full-period sales variant
    over one month (where it equals the sales / N variant, N = 1).
    """
    result = []
    opening = to_decimal(opening_receivables)
    for position, month in enumerate(months):
        history = months[: position + 1][::-1]
        dso = dso_standard(month.receivables, month.credit_sales, month.days)
        best = best_possible_dso(month.current, month.credit_sales, month.days)
        result.append(
            MonthKpi(
                dso=dso,
                dso_countback=dso_countback(
                    month.receivables,
                    [m.credit_sales for m in history],
                    [m.days for m in history],
                ),
                best_dso=best,
                add=average_days_delinquent(dso, best),
                cei=cei_full_sales(
                    opening, month.credit_sales, month.receivables, month.current
                ),
                turnover=receivable_turnover(
                    month.credit_sales, opening, month.receivables
                ),
                share_overdue=share(month.overdue, month.receivables),
                share_disputed=share(month.disputed, month.receivables),
            )
        )
        opening = to_decimal(month.receivables)
    return result
