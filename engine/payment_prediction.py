"""Predicted payment dates of open invoices, and a 13-week collection forecast.

Pure Python, no Odoo. A customer's profile is learnt from its paid invoices:
the amount-weighted mean delay (days paid after the due date), its trend
(recent invoices weigh more), and a per-month seasonality where the history
has enough invoices in that calendar month, over at least two years. The
weights are the amounts times a recency factor halving every six months. A
short history is blended with the population's profile (shrinkage by the
number of invoices). For an item
already late the prediction is conditional: what such payers still take once
they are that late.
"""

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from .money import round_money, to_decimal

SHRINK = 0.5  # invoices at which a customer's own history weighs half
SEASON_MIN = 3  # invoices in a calendar month before its own effect counts
SEASON_YEARS = 2  # ... seen in that many different years (else it is noise)
HALF_LIFE_DAYS = 180  # recency weight halves every six months (the trend)
LATE_THRESHOLD = 30
FALLBACK_REMAINING = 14  # days still expected when no payer was ever that late
WEEKS = 13


@dataclass(frozen=True)
class Paid:
    """A paid invoice: amount, due date, and the date it was paid."""

    amount: Decimal
    due_date: date
    paid_date: date

    @property
    def delay(self):
        return (self.paid_date - self.due_date).days


@dataclass(frozen=True)
class Profile:
    count: int = 0
    mean_delay: float = 0.0
    season: dict = field(default_factory=dict)  # month -> delay offset
    delays: tuple = ()  # observed delays, sorted, for conditional estimates
    suffix_weight: tuple = (0.0,)  # sum of the weights of delays[i:]
    suffix_weighted: tuple = (0.0,)  # sum of weight x delay of delays[i:]
    late_share: float = 0.0  # amount-weighted share paid > 30 days late


@dataclass(frozen=True)
class Prediction:
    date: date
    days_late: int
    probability_late: float  # of being paid more than 30 days late


def profile(history, as_of):
    """Learn a Profile from ``Paid`` invoices paid before ``as_of``."""
    rows = [p for p in history if p.paid_date <= as_of and to_decimal(p.amount) > 0]
    if not rows:
        return Profile()
    weights, delays = [], []
    for paid in rows:
        age = (as_of - paid.paid_date).days
        recency = 0.5 ** (age / HALF_LIFE_DAYS)
        weights.append(float(to_decimal(paid.amount)) * recency)
        delays.append(paid.delay)
    total = sum(weights)
    mean = sum(w * d for w, d in zip(weights, delays, strict=True)) / total
    late = sum(w for w, d in zip(weights, delays, strict=True) if d > LATE_THRESHOLD)
    by_month = {}
    for paid, weight, delay in zip(rows, weights, delays, strict=True):
        by_month.setdefault(paid.due_date.month, []).append(
            (weight, delay, paid.due_date.year)
        )
    season = {}
    for month, triples in by_month.items():
        pairs = [(w, d) for w, d, _year in triples]
        years = {year for _w, _d, year in triples}
        if len(pairs) >= SEASON_MIN and len(years) >= SEASON_YEARS:
            month_total = sum(w for w, _d in pairs)
            if month_total > 0:
                month_mean = sum(w * d for w, d in pairs) / month_total
                # shrink the month's effect towards none by its own count
                season[month] = (month_mean - mean) * len(pairs) / (len(pairs) + 3)
    ordered = sorted(zip(delays, weights, strict=True))
    suffix_weight, suffix_weighted = [0.0], [0.0]
    for delay, weight in reversed(ordered):
        suffix_weight.append(suffix_weight[-1] + weight)
        suffix_weighted.append(suffix_weighted[-1] + weight * delay)
    return Profile(
        count=len(rows),
        mean_delay=mean,
        season=season,
        delays=tuple(delay for delay, _weight in ordered),
        suffix_weight=tuple(reversed(suffix_weight)),
        suffix_weighted=tuple(reversed(suffix_weighted)),
        late_share=late / total,
    )


def _blend(own):
    """Weight of the customer's own history against the population's."""
    return own.count / (own.count + SHRINK) if own.count else 0.0


def _beyond(profile, already):
    """(weight, weight x delay) of the delays beyond ``already`` (log time)."""
    index = bisect_right(profile.delays, already)
    return profile.suffix_weight[index], profile.suffix_weighted[index]


def _remaining_after(profile, already):
    """Weighted mean of (delay - already) over delays beyond ``already``."""
    total, weighted = _beyond(profile, already)
    if not total:
        return None
    return weighted / total - already


def _tail(profile, already, threshold):
    """P(delay > threshold | delay > already) from the observed delays."""
    total, _weighted = _beyond(profile, already)
    if not total:
        return None
    return _beyond(profile, max(already, threshold))[0] / total


def predict(due_date, own, population, as_of):
    """Predict when an open item due on ``due_date`` will be paid.

    ``own`` is the customer's Profile, ``population`` everybody's. The
    prediction is never before ``as_of``.
    """
    weight = _blend(own)
    base = weight * own.mean_delay + (1 - weight) * population.mean_delay
    month = due_date.month
    base += weight * own.season.get(month, 0.0) + (1 - weight) * population.season.get(
        month, 0.0
    )
    late_now = (as_of - due_date).days
    probability = weight * own.late_share + (1 - weight) * population.late_share
    if late_now >= base:
        # already later than usual: what payers that late still take
        remaining_own = _remaining_after(own, late_now)
        remaining_pop = _remaining_after(population, late_now)
        if remaining_own is not None and remaining_pop is not None:
            remaining = weight * remaining_own + (1 - weight) * remaining_pop
        else:
            remaining = next(
                (r for r in (remaining_own, remaining_pop) if r is not None),
                FALLBACK_REMAINING,
            )
        base = late_now + remaining
        tails = [
            t
            for t in (
                _tail(own, late_now, LATE_THRESHOLD),
                _tail(population, late_now, LATE_THRESHOLD),
            )
            if t is not None
        ]
        if late_now > LATE_THRESHOLD:
            probability = 1.0
        elif tails:
            probability = (
                tails[0]
                if len(tails) == 1
                else weight * tails[0] + (1 - weight) * tails[1]
            )
    days = max(round(base), late_now)
    return Prediction(
        date=max(due_date + timedelta(days=days), as_of),
        days_late=days,
        probability_late=min(max(probability, 0.0), 1.0),
    )


def week_start(day):
    return day - timedelta(days=day.weekday())


def forecast(predictions, as_of, open_amount, weeks=WEEKS):
    """Expected receipts per week for ``weeks`` weeks from ``as_of``'s week.

    ``predictions`` are ``(predicted date, amount)``; what falls after the last
    week is left out. The cumulated forecast never exceeds ``open_amount``
    (the ledger's open receivable, net of unapplied credits). Returns
    ``[(monday, amount)]`` with amounts rounded to cents.
    """
    first = week_start(as_of)
    buckets = [Decimal(0)] * weeks
    for day, amount in predictions:
        index = (week_start(max(day, as_of)) - first).days // 7
        if 0 <= index < weeks:
            buckets[index] += to_decimal(amount)
    ceiling = max(to_decimal(open_amount), Decimal(0))
    result, cumulated = [], Decimal(0)
    for index, expected in enumerate(buckets):
        capped = min(max(expected, Decimal(0)), ceiling - cumulated)
        cumulated += capped
        result.append((first + timedelta(weeks=index), round_money(capped)))
    return result
