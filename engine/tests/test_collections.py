from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from engine import collections as col

TODAY = date(2026, 12, 1)

customers = st.builds(
    col.Customer,
    overdue=st.decimals(min_value=0, max_value=10**7, places=2),
    disputed=st.decimals(min_value=0, max_value=10**4, places=2),
    oldest_due=st.dates(min_value=date(2025, 1, 1), max_value=TODAY),
    grade=st.sampled_from([None, "A", "B", "C", "D", "E"]),
    broken_promises=st.integers(0, 5),
    broken_plans=st.integers(0, 2),
    predicted_days_late=st.one_of(st.none(), st.integers(0, 200)),
    last_contact=st.one_of(st.none(), st.dates(date(2025, 1, 1), TODAY)),
    open_disputes=st.integers(0, 3),
)


def test_reasons_in_order_with_parameters():
    customer = col.Customer(
        overdue=Decimal(48210),
        oldest_due=TODAY - timedelta(days=63),
        grade="D",
        broken_promises=1,
        last_broken=date(2026, 11, 12),
        last_contact=TODAY - timedelta(days=2),
        currency="EUR",
    )
    result = col.priority(customer, TODAY)
    codes = [code for code, _params in result.reasons]
    assert codes[0] == "overdue"
    assert result.reasons[0][1] == {
        "amount": Decimal("48210.00"),
        "currency": "EUR",
        "days": 63,
    }
    assert "broken" in codes and "grade" in codes
    broken = dict(result.reasons)["broken"]
    assert broken["date"] == date(2026, 11, 12) and broken["promises"] == 1
    assert 50 <= result.score <= 100


def test_nothing_collectable_scores_zero():
    disputed_only = col.Customer(
        overdue=Decimal(500), disputed=Decimal(500), open_disputes=1, oldest_due=TODAY
    )
    result = col.priority(disputed_only, TODAY)
    assert result.score == 0 and result.reasons[0][0] == "disputes"
    assert col.priority(col.Customer(), TODAY).score == 0


def test_big_old_overdue_beats_small_recent():
    big = col.Customer(overdue=Decimal(80000), oldest_due=TODAY - timedelta(days=90))
    small = col.Customer(overdue=Decimal(300), oldest_due=TODAY - timedelta(days=5))
    assert col.priority(big, TODAY).score > col.priority(small, TODAY).score


@given(customers)
def test_score_is_bounded(customer):
    assert 0 <= col.priority(customer, TODAY).score <= 100


@given(customers, st.decimals(min_value=0, max_value=10**5, places=2))
def test_more_overdue_never_lowers_priority(customer, more):
    worse = col.Customer(**{**customer.__dict__, "overdue": customer.overdue + more})
    assert col.priority(worse, TODAY).score >= col.priority(customer, TODAY).score


@given(customers, st.integers(1, 3))
def test_broken_promises_never_lower_priority(customer, more):
    worse = col.Customer(
        **{**customer.__dict__, "broken_promises": customer.broken_promises + more}
    )
    assert col.priority(worse, TODAY).score >= col.priority(customer, TODAY).score


@given(customers, st.integers(1, 100))
def test_older_contact_never_lowers_priority(customer, days):
    if customer.last_contact is None:
        return
    worse = col.Customer(
        **{
            **customer.__dict__,
            "last_contact": customer.last_contact - timedelta(days=days),
        }
    )
    assert col.priority(worse, TODAY).score >= col.priority(customer, TODAY).score


def test_assignment_first_match_wins_and_manual_override():
    rules = [
        col.Rule(1, collector_id=10, grades=frozenset({"D", "E"})),
        col.Rule(2, collector_id=20, country_ids=frozenset({75})),
        col.Rule(3, collector_id=30, min_amount=Decimal(100000)),
        col.Rule(4, collector_id=40, team_id=7),
    ]
    french_d = col.Facts(country_id=75, grade="D")
    assert col.assign(french_d, rules).collector_id == 10
    assert col.assign(col.Facts(country_id=75, grade="A"), rules).rule_id == 2
    big = col.Facts(country_id=1, open_amount=Decimal(150000))
    assert col.assign(big, rules).collector_id == 30
    fallback = col.assign(col.Facts(country_id=1), rules)
    assert (fallback.collector_id, fallback.team_id) == (40, 7)
    manual = col.assign(french_d, rules, manual_collector_id=99)
    assert manual.collector_id == 99 and manual.manual and manual.rule_id is None
    assert col.assign(col.Facts(), []).collector_id is None


def test_rule_conditions_by_salesperson_and_size_band():
    rule = col.Rule(
        1,
        salesperson_ids=frozenset({5}),
        min_amount=Decimal(10),
        max_amount=Decimal(100),
    )
    assert col.matches(rule, col.Facts(salesperson_id=5, open_amount=Decimal(10)))
    assert not col.matches(rule, col.Facts(salesperson_id=5, open_amount=Decimal(100)))
    assert not col.matches(rule, col.Facts(salesperson_id=6, open_amount=Decimal(50)))
