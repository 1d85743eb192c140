from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from engine import dunning as d

RUN = date(2026, 3, 1)
LEVELS = [
    d.Level(1, 10, 7),
    d.Level(2, 20, 21, wait_days=7),
    d.Level(3, 30, 45, min_amount_customer=Decimal(100)),
    d.Level(4, 40, 60),
]


def item(id_, days_late, residual="100", partner=1, currency=1, **kw):
    return d.Item(
        id_, partner, currency, RUN - timedelta(days=days_late), Decimal(residual), **kw
    )


def levels_of(communications):
    return {line.item.id: line.level.id for c in communications for line in c.lines}


def test_first_level_by_days_past_due():
    comms = d.plan_run(RUN, LEVELS, [item(1, 6), item(2, 7), item(3, 50)])
    # item 3 is 50 days late but has had no level yet: no skipping
    assert levels_of(comms) == {2: 1, 3: 1}


def test_skip_allowed_goes_to_highest_level_reached():
    comms = d.plan_run(RUN, LEVELS, [item(3, 50)], allow_skip=True)
    assert levels_of(comms) == {3: 3}


def test_never_back_and_wait_days():
    recent = item(1, 30, current_level_id=1, last_dunning_date=RUN - timedelta(days=3))
    waited = item(2, 30, current_level_id=1, last_dunning_date=RUN - timedelta(days=7))
    top = item(3, 90, current_level_id=4, last_dunning_date=RUN - timedelta(days=30))
    comms = d.plan_run(RUN, LEVELS, [recent, waited, top])
    assert levels_of(comms) == {2: 2}


def test_minimum_per_item_and_per_customer():
    levels = [d.Level(1, 10, 7, min_amount_item=Decimal(50))]
    comms = d.plan_run(RUN, levels, [item(1, 10, "49.99"), item(2, 10, "50")])
    assert levels_of(comms) == {2: 1}
    # level 3 needs 100 overdue per customer
    small = [
        item(1, 50, "60", current_level_id=2, last_dunning_date=RUN - timedelta(30))
    ]
    assert d.plan_run(RUN, LEVELS, small) == []
    # any overdue item counts towards the customer's total, even below level 1
    enough = small + [item(2, 3, "40")]
    assert levels_of(d.plan_run(RUN, LEVELS, enough)) == {1: 3}
    enough = small + [item(2, 8, "40")]
    assert levels_of(d.plan_run(RUN, LEVELS, enough)) == {1: 3, 2: 1}


def test_grouping_per_customer_and_currency():
    items = [
        item(1, 10),
        item(2, 12),
        item(3, 10, currency=2),
        item(4, 10, partner=2),
        item(5, 30, current_level_id=1, last_dunning_date=RUN - timedelta(days=20)),
    ]
    comms = d.plan_run(RUN, LEVELS, items)
    assert [c.key for c in comms] == [(1, 1), (1, 2), (2, 1)]
    # items 1, 2 at level 1 and item 5 at level 2: one communication at level 2
    assert comms[0].level.id == 2
    assert levels_of(comms[:1]) == {1: 1, 2: 1, 5: 2}
    assert comms[0].total_due == Decimal(300)
    assert [c.level.id for c in comms[1:]] == [1, 1]


def test_fee_and_invoice_at_different_levels_merged():
    """A posted fee chased at level 1 and an older invoice reaching level 3 on
    the same day: one communication at level 3, each item at its own level."""
    invoice = item(
        1, 50, "1000", current_level_id=2, last_dunning_date=RUN - timedelta(27)
    )
    fee = item(2, 27, "10")
    for allow_skip in (False, True):
        (comm,) = d.plan_run(RUN, LEVELS, [invoice, fee], allow_skip=allow_skip)
        assert comm.level.id == 3
        # the fee is not pushed to level 3: 27 days late reach level 2 at most
        assert levels_of([comm]) == {1: 3, 2: 2 if allow_skip else 1}
        assert {line.item.id: line.days_late for line in comm.lines} == {1: 50, 2: 27}
        assert comm.total_due == Decimal(1010)


def test_credits_netted_oldest_first():
    items = [item(1, 30, "100"), item(2, 10, "100"), item(3, 10, "80", currency=2)]
    credits = [d.Credit(1, 1, Decimal(150)), d.Credit(2, 1, Decimal(1000))]
    comms = d.plan_run(RUN, LEVELS, items, credits)
    lines = {line.item.id: line for c in comms for line in c.lines}
    assert 1 not in lines  # oldest item fully covered
    assert lines[2].due == Decimal(50) and lines[2].netted == Decimal(50)
    assert lines[3].due == Decimal(80)  # other currency untouched


def test_exclusions():
    items = [
        item(1, 10, no_followup=True),
        item(2, 10, blocked=True),
        item(3, 10, promised_until=RUN),
        item(4, 10, promised_until=RUN - timedelta(days=1)),
        item(5, 10, disputed=Decimal(30)),
        item(6, 10, disputed=Decimal(100)),
    ]
    comms = d.plan_run(RUN, LEVELS, items)
    lines = {line.item.id: line for c in comms for line in c.lines}
    assert set(lines) == {4, 5}
    assert lines[5].due == Decimal(70)
    comms = d.plan_run(RUN, LEVELS, items, dispute_scope="invoice")
    assert levels_of(comms) == {4: 1}


def test_unknown_current_level_is_left_alone():
    assert d.plan_run(RUN, LEVELS, [item(1, 80, current_level_id=99)]) == []


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=-10, max_value=120),
            st.decimals(min_value="0.01", max_value=10000, places=2),
            st.sampled_from([None, 1, 2, 3, 4]),
            st.integers(min_value=0, max_value=40),
            st.sampled_from([1, 2]),
            st.sampled_from([1, 2]),
        ),
        max_size=20,
    ),
    st.decimals(min_value=0, max_value=20000, places=2),
    st.booleans(),
)
def test_properties(rows, credit, allow_skip):
    items = [
        item(
            i,
            late,
            str(amount),
            current_level_id=level,
            partner=partner,
            currency=currency,
            last_dunning_date=RUN - timedelta(days=since) if level else None,
        )
        for i, (late, amount, level, since, partner, currency) in enumerate(rows)
    ]
    comms = d.plan_run(RUN, LEVELS, items, [d.Credit(1, 1, credit)], allow_skip)
    order = {level.id: level.sequence for level in LEVELS}
    # at most one communication per customer and currency, at its items' top level
    assert len({c.key for c in comms}) == len(comms)
    seen = set()
    for comm in comms:
        assert comm.lines
        keys = {(line.item.partner_id, line.item.currency_id) for line in comm.lines}
        assert keys == {comm.key}
        assert order[comm.level.id] == max(order[line.level.id] for line in comm.lines)
        for line in comm.lines:
            assert line.item.id not in seen
            seen.add(line.item.id)
            # each item at the level it reached itself, never its neighbours'
            reached = d.select_level(line.item, line.days_late, LEVELS, RUN, allow_skip)
            assert line.level == reached
            # never back, never dunned before its days
            if line.item.current_level_id:
                assert order[line.level.id] > order[line.item.current_level_id]
            assert line.level.days_past_due <= line.days_late
            assert 0 < line.due <= line.item.residual
    total_netted = sum((line.netted for c in comms for line in c.lines), Decimal(0))
    assert total_netted <= credit


def test_charge_rules_moved_from_the_models():
    charges = d.item_charges
    assert charges(
        charge_interest=True,
        charge_compensation=True,
        is_charge=False,
        compensated=False,
    ) == (True, True)
    # no interest nor compensation on a fee, interest or compensation entry
    assert charges(
        charge_interest=True,
        charge_compensation=True,
        is_charge=True,
        compensated=False,
    ) == (False, False)
    # the fixed compensation once per invoice
    assert charges(
        charge_interest=True,
        charge_compensation=True,
        is_charge=False,
        compensated=True,
    ) == (True, False)
    assert charges(
        charge_interest=True,
        charge_compensation=True,
        is_charge=False,
        compensated=False,
        excluded=True,
    ) == (False, False)
    assert d.level_allowed(level_automatic=False, scheduled=False)
    assert not d.level_allowed(level_automatic=False, scheduled=True)
    assert d.level_allowed(level_automatic=True, scheduled=True)


def test_why_not_dunned():
    run = date(2026, 3, 1)
    levels = [d.Level(1, 10, 7), d.Level(2, 20, 21, wait_days=7)]
    items = [
        # dunned at level 1 two days ago: level 2 not reached, waiting
        d.Item(
            1,
            100,
            1,
            run - timedelta(days=10),
            Decimal(100),
            current_level_id=1,
            last_dunning_date=run - timedelta(days=2),
        ),
        d.Item(
            2, 200, 1, run - timedelta(days=30), Decimal(100), disputed=Decimal(100)
        ),
        d.Item(3, 300, 1, run - timedelta(days=30), Decimal(100), promised_until=run),
        d.Item(4, 400, 1, run - timedelta(days=30), Decimal(100)),
        d.Item(5, 500, 1, run - timedelta(days=30), Decimal(100)),
    ]
    credits = [d.Credit(400, 1, Decimal(100))]
    reasons = d.why_not_dunned(run, levels, items, credits)
    assert reasons == {100: "waiting", 200: "disputed", 300: "promise", 400: "netted"}
