"""Predicted payment dates of open invoices, and a 13-week collection forecast.

Pure Python, no Odoo. A customer's profile is learnt from its paid invoices:
a robust level of its delays (days paid after the due date: a weighted mean
trimmed of its extremes on each side, recent invoices weighing more),
its month effects and, where the history spans 18 months (else a trend
cannot be told from a season), its trend. The population's profile adds the
month effects every customer shares (delays measured against each one's own
level). A history shorter than ``SHORT_HISTORY`` invoices is blended with the
population's by its count, a longer one stands on its own: measured, even a
single invoice of the customer predicts better than the population, whose
payers differ too much (discount takers, late payers), so only a customer
without history takes the population's profile. For an
item already late the prediction is conditional: what such payers still take
once they are that late.

Measured on the generator's book (``benchmarks/prediction_bench.py``, tuned
on one seed, reported on another): amounts do not weigh the level (a large
invoice is not paid later there, and weighing by amount made the error
larger); they weigh the forecast and the worklist's figure per customer.
"""

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from .money import round_money, to_decimal

SHORT_HISTORY = 1  # fewer invoices: blended with the population's (see below)
SHRINK = 1.0  # ... where the customer's own count weighs n / (n + SHRINK)
TRIM = 0.15  # share of the weight trimmed at each end of the delays
HALF_LIFE_DAYS = 365  # recency weight halves every year
SEASON_SHRINK = 6  # invoices of a month before its own effect weighs half
POPULATION_SEASON_SHRINK = 20  # the same for the population's month effect
TREND_MIN_DAYS = 540  # 18 months: half the months seen twice
TREND_MIN_COUNT = 8
TREND_HORIZON_MONTHS = 6  # a trend is extrapolated this far at most
MONTH_DAYS = 30.4
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
    mean_delay: float = 0.0  # the robust level of the delays
    season: dict = field(default_factory=dict)  # month -> delay offset
    month_residuals: dict = field(default_factory=dict)  # month -> (sum, count)
    slope: float = 0.0  # days of delay gained per month (trend)
    centre: date | None = None  # where the level holds (the trend's pivot)
    last_due: date | None = None
    delays: tuple = ()  # observed delays, sorted, for conditional estimates
    suffix_weight: tuple = (0.0,)  # sum of the weights of delays[i:]
    suffix_weighted: tuple = (0.0,)  # sum of weight x delay of delays[i:]
    late_share: float = 0.0  # weighted share paid > 30 days late


@dataclass(frozen=True)
class Prediction:
    date: date
    days_late: int
    probability_late: float  # of being paid more than 30 days late


def _trimmed_mean(pairs, trim=None):
    """Weighted mean of ``(value, weight)`` without ``trim`` of the weight at
    each end (robust to a few extreme delays)."""
    trim = TRIM if trim is None else trim
    pairs = sorted(pairs)
    total = sum(weight for _value, weight in pairs)
    low, high = total * trim, total * (1 - trim)
    kept_weight = kept_sum = cumulated = 0.0
    for value, weight in pairs:
        start, cumulated = cumulated, cumulated + weight
        inside = min(cumulated, high) - max(start, low)
        if inside > 0:
            kept_weight += inside
            kept_sum += inside * value
    if kept_weight <= 0:  # one invoice, or all the weight on one delay
        return sum(v * w for v, w in pairs) / total
    return kept_sum / kept_weight


def _months(later, earlier):
    return (later - earlier).days / MONTH_DAYS


def _theil_sen(points):
    """Median of the pairwise slopes of ``(x, y)`` at least a month apart:
    a trend that a few outlying delays do not bend."""
    slopes = sorted(
        (y2 - y1) / (x2 - x1)
        for index, (x1, y1) in enumerate(points)
        for x2, y2 in points[index + 1 :]
        if abs(x2 - x1) >= 1
    )
    if not slopes:
        return 0.0
    middle = len(slopes) // 2
    if len(slopes) % 2:
        return slopes[middle]
    return (slopes[middle - 1] + slopes[middle]) / 2


def profile(history, as_of):
    """Learn a Profile from ``Paid`` invoices paid before ``as_of``."""
    rows = [p for p in history if p.paid_date <= as_of and to_decimal(p.amount) > 0]
    if not rows:
        return Profile()
    weights = [0.5 ** ((as_of - p.paid_date).days / HALF_LIFE_DAYS) for p in rows]
    delays = [p.delay for p in rows]
    total = sum(weights)
    first_due = min(p.due_date for p in rows)
    last_due = max(p.due_date for p in rows)
    slope, centre = 0.0, None
    if len(rows) >= TREND_MIN_COUNT and (last_due - first_due).days >= TREND_MIN_DAYS:
        slope = _theil_sen(
            sorted((_months(p.due_date, first_due), p.delay) for p in rows)
        )
        centre = first_due + timedelta(
            days=round(
                sum(
                    w * (p.due_date - first_due).days
                    for p, w in zip(rows, weights, strict=True)
                )
                / total
            )
        )
    detrended = [
        delay - (slope * _months(p.due_date, centre) if centre else 0.0)
        for p, delay in zip(rows, delays, strict=True)
    ]
    level = _trimmed_mean(list(zip(detrended, weights, strict=True)))
    month_residuals = {}
    for paid, value in zip(rows, detrended, strict=True):
        residual_sum, count = month_residuals.get(paid.due_date.month, (0.0, 0))
        month_residuals[paid.due_date.month] = (residual_sum + value - level, count + 1)
    late = sum(w for w, d in zip(weights, delays, strict=True) if d > LATE_THRESHOLD)
    ordered = sorted(zip(delays, weights, strict=True))
    suffix_weight, suffix_weighted = [0.0], [0.0]
    for delay, weight in reversed(ordered):
        suffix_weight.append(suffix_weight[-1] + weight)
        suffix_weighted.append(suffix_weighted[-1] + weight * delay)
    return Profile(
        count=len(rows),
        mean_delay=level,
        month_residuals=month_residuals,
        slope=slope,
        centre=centre,
        last_due=last_due,
        delays=tuple(delay for delay, _weight in ordered),
        suffix_weight=tuple(reversed(suffix_weight)),
        suffix_weighted=tuple(reversed(suffix_weighted)),
        late_share=late / total,
    )


def population(histories, as_of):
    """The population's Profile from ``{customer: [Paid]}``: everybody's
    delays, and the month effects customers share, each delay measured
    against its own customer's level."""
    everybody = profile([p for rows in histories.values() for p in rows], as_of)
    sums = {}
    for rows in histories.values():
        own = profile(rows, as_of)
        for month, (residual_sum, count) in own.month_residuals.items():
            total, number = sums.get(month, (0.0, 0))
            sums[month] = (total + residual_sum, number + count)
    season = {
        month: total / (number + POPULATION_SEASON_SHRINK)
        for month, (total, number) in sums.items()
    }
    return Profile(
        count=everybody.count,
        mean_delay=everybody.mean_delay,
        season=season,
        delays=everybody.delays,
        suffix_weight=everybody.suffix_weight,
        suffix_weighted=everybody.suffix_weighted,
        late_share=everybody.late_share,
    )


def _expected_delay(due_date, own, population):
    """The customer's expected delay for an item due on ``due_date``: its
    level, its trend, the shared month effect and its own on top of it."""
    month = due_date.month
    shared = population.season.get(month, 0.0)
    residual_sum, count = own.month_residuals.get(month, (0.0, 0))
    own_effect = (residual_sum - count * shared) / (count + SEASON_SHRINK)
    trend = 0.0
    if own.centre and own.slope:
        horizon = _months(own.last_due, own.centre) + TREND_HORIZON_MONTHS
        trend = own.slope * min(_months(due_date, own.centre), horizon)
    return own.mean_delay + trend + shared + own_effect


def _blend(own):
    """Weight of the customer's own history against the population's: all of
    it from ``SHORT_HISTORY`` invoices on, by the count below."""
    if own.count >= SHORT_HISTORY:
        return 1.0
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
    base = (weight * _expected_delay(due_date, own, population) if weight else 0.0) + (
        1 - weight
    ) * (population.mean_delay + population.season.get(due_date.month, 0.0))
    late_now = (as_of - due_date).days
    probability = weight * own.late_share + (1 - weight) * population.late_share
    if late_now > 0 and late_now >= base:
        # past due and later than usual: what payers that late still take
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
