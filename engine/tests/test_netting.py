from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from engine.netting import NettingItem, plan

D = Decimal


def test_reference_first_then_oldest():
    items = [
        NettingItem("I1", "P", D("100"), date(2026, 1, 1), "INV/2026/00001"),
        NettingItem("I2", "P", D("200"), date(2026, 2, 1), "INV/2026/00002"),
        NettingItem(
            "C1",
            "P",
            D("-200"),
            date(2026, 3, 1),
            "RINV/2026/00001",
            "Reversal of: INV/2026/00002",
        ),
        NettingItem("C2", "P", D("-150"), date(2026, 3, 2)),
    ]
    pairs = plan(items)
    assert [(p.credit_id, p.debit_id, p.amount, p.rule) for p in pairs] == [
        ("C1", "I2", D("200"), "reference"),
        ("C2", "I1", D("100"), "oldest"),
    ]


def test_customers_are_never_mixed():
    items = [
        NettingItem("I1", "P", D("100")),
        NettingItem("C1", "Q", D("-100")),
    ]
    assert plan(items) == []


amounts = st.decimals(min_value=-1000, max_value=1000, places=2).filter(bool)


@given(st.lists(st.tuples(st.sampled_from("PQ"), amounts), max_size=20))
def test_plan_never_exceeds_what_is_open(rows):
    items = [NettingItem(f"X{i}", p, a) for i, (p, a) in enumerate(rows)]
    open_amount = {i.id: abs(i.amount) for i in items}
    partner = {i.id: i.partner_ref for i in items}
    for pair in plan(items):
        assert pair.amount > 0
        assert partner[pair.credit_id] == partner[pair.debit_id]
        open_amount[pair.credit_id] -= pair.amount
        open_amount[pair.debit_id] -= pair.amount
    assert all(v >= 0 for v in open_amount.values())
