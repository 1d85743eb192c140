from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine import credit
from engine.credit import Decision, Exposure, OverdueItem, decide

money = st.decimals(min_value=0, max_value=10**7, places=2)


def test_no_limit_is_ok():
    decision = decide(Exposure(Decimal(500)), Decimal(100), limit=None, mode="block")
    assert decision == Decision(True, "ok", [], Decimal(600), None)


def test_block_over_limit_gives_figures():
    exposure = Exposure(Decimal(800), Decimal(100), Decimal(-50), Decimal(20))
    decision = decide(exposure, Decimal(300), limit=Decimal(1000), mode="block")
    assert not decision.allowed and decision.level == "block"
    (reason,) = decision.reasons
    assert reason.code == "over_limit"
    assert reason.figures["exposure"] == Decimal(850)
    assert reason.figures["exposure_after"] == Decimal(1150)
    assert reason.figures["excess"] == Decimal(150)
    assert decision.available == Decimal(150)


def test_warn_mode_allows_with_reasons():
    decision = decide(Exposure(Decimal(1000)), Decimal(1), limit=Decimal(1000))
    assert decision.allowed and decision.level == "warn"
    assert decision.codes == ["over_limit"]


def test_exactly_at_limit_is_ok():
    decision = decide(Exposure(Decimal(900)), Decimal(100), Decimal(1000), "block")
    assert decision.allowed and decision.level == "ok"


def test_zero_limit_means_no_credit():
    decision = decide(Exposure(), Decimal(1), Decimal(0), "block")
    assert not decision.allowed


def test_hold_blocks_in_every_mode_and_approval_covers():
    for mode in credit.MODES:
        decision = decide(
            Exposure(), Decimal(10), None, mode, hold=True, hold_reason="x"
        )
        assert not decision.allowed and decision.codes == ["on_hold"]
    approved = decide(
        Exposure(), Decimal(10), None, "none", hold=True, approved_amount=10
    )
    assert approved.allowed and approved.level == "warn"
    assert approved.codes == ["on_hold", "approved"]


def test_partial_approval_does_not_cover():
    decision = decide(Exposure(), Decimal(10), Decimal(5), "block", approved_amount=9)
    assert not decision.allowed


def test_overdue_thresholds():
    overdue = [OverdueItem(10, Decimal(100)), OverdueItem(75, Decimal(50))]
    decision = decide(
        Exposure(Decimal(150)),
        Decimal(10),
        None,
        "block",
        overdue=overdue,
        max_days_overdue=60,
        max_overdue_amount=Decimal(120),
    )
    assert decision.codes == ["overdue_days", "overdue_amount"]
    assert decision.reasons[0].figures["days_overdue"] == 75
    assert decision.reasons[1].figures["overdue_amount"] == Decimal(150)
    none_mode = decide(
        Exposure(), Decimal(10), None, "none", overdue=overdue, max_days_overdue=1
    )
    assert none_mode.level == "ok"


def test_bad_input():
    with pytest.raises(ValueError):
        decide(Exposure(), Decimal(-1))
    with pytest.raises(ValueError):
        decide(Exposure(), Decimal(1), limit=Decimal(-5))
    with pytest.raises(ValueError):
        decide(Exposure(), Decimal(1), mode="strict")


def test_combine_takes_the_worst():
    own = decide(Exposure(Decimal(10)), Decimal(5), Decimal(100), "block")
    group = decide(Exposure(Decimal(500)), Decimal(5), Decimal(400), "block")
    both = credit.combine(own, group)
    assert not both.allowed and both.level == "block"
    assert both.available == Decimal(-100)


@given(money, money, money, money)
def test_block_over_limit_never_allowed_without_approval(open_, drafts, amount, limit):
    exposure = Exposure(open_, drafts)
    decision = decide(exposure, amount, limit, "block")
    if exposure.total + amount > limit:
        assert not decision.allowed
    else:
        assert decision.allowed
    covered = decide(exposure, amount, limit, "block", approved_amount=amount)
    assert covered.allowed or amount == 0


@given(money, money, money, st.sampled_from(credit.MODES))
def test_more_exposure_never_improves_the_level(open_, extra, amount, mode):
    limit = Decimal(1000)
    low = decide(Exposure(open_), amount, limit, mode)
    high = decide(Exposure(open_ + extra), amount, limit, mode)
    assert credit.LEVELS.index(high.level) >= credit.LEVELS.index(low.level)


def _exposure(open_):
    return Exposure(Decimal(open_))


def test_customer_without_group_is_checked_on_its_own_exposure():
    decision = credit.decide_in_group(
        _exposure(900),
        _exposure(5000),
        Decimal(50),
        credit.CreditTerms(Decimal(1000)),
        mode="block",
    )
    assert decision.allowed and decision.level == "ok"


def test_group_head_limit_covers_the_whole_group():
    decision = credit.decide_in_group(
        _exposure(100),
        _exposure(950),
        Decimal(100),
        credit.CreditTerms(Decimal(1000)),
        is_head=True,
        has_group=True,
        mode="block",
    )
    assert not decision.allowed
    assert decision.codes == ["over_limit"]
    assert decision.reasons[0].figures["exposure"] == Decimal(950)


def test_subsidiary_checked_on_own_limit_and_on_the_heads_for_the_group():
    own_ok_group_over = credit.decide_in_group(
        _exposure(100),
        _exposure(950),
        Decimal(100),
        credit.CreditTerms(Decimal(500)),
        credit.CreditTerms(Decimal(1000)),
        head_name="Head Ltd",
        is_head=False,
        has_group=True,
        mode="block",
    )
    assert not own_ok_group_over.allowed
    assert own_ok_group_over.codes == ["group_over_limit"]
    assert own_ok_group_over.reasons[0].figures["head"] == "Head Ltd"
    head_on_hold = credit.decide_in_group(
        _exposure(100),
        _exposure(100),
        Decimal(10),
        credit.CreditTerms(Decimal(500)),
        credit.CreditTerms(None, hold=True, hold_reason="lawsuit"),
        head_name="Head Ltd",
        is_head=False,
        has_group=True,
        mode="warn",
    )
    assert not head_on_hold.allowed
    assert head_on_hold.codes == ["group_on_hold"]
    own_over = credit.decide_in_group(
        _exposure(450),
        _exposure(450),
        Decimal(100),
        credit.CreditTerms(Decimal(500)),
        credit.CreditTerms(Decimal(10_000)),
        is_head=False,
        has_group=True,
        mode="block",
    )
    assert own_over.codes == ["over_limit"]
    assert own_over.available == Decimal(50)


def test_overdue_items_weigh_on_the_customer_not_twice_on_the_group():
    decision = credit.decide_in_group(
        _exposure(0),
        _exposure(0),
        Decimal(10),
        credit.CreditTerms(),
        credit.CreditTerms(),
        is_head=False,
        has_group=True,
        mode="block",
        overdue=[OverdueItem(90, Decimal(100))],
        max_days_overdue=60,
    )
    assert decision.codes == ["overdue_days"]
