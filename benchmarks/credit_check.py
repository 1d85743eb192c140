"""Cost of the credit check when posting customer invoices, against OCA's peer.

Runs inside an Odoo shell on a generator database (arm_bench, arm_100k) or,
better, a copy of it where OCA's ``account_financial_risk`` is installed too::

    psql ... -c "CREATE DATABASE credit_100k TEMPLATE arm_100k"
    . scripts/lib.sh && ar_find_odoo && ar_pg_up
    ar_odoo -d credit_100k -u account_receivable_management \\
        -i account_financial_risk --stop-after-init --no-http
    BENCH_N=30 ar_odoo shell -d credit_100k --no-http < benchmarks/credit_check.py

It picks the customers with the most open receivable items, creates BENCH_N
draft invoices per setup for them (credit check skipped at creation), then
posts them one by one with a cold cache (as users do, one request each) in
three setups on the same data:

(a) no check: our check skipped (``ar_credit_skip_check``) and the peer's
    bypassed (``bypass_risk``);
(b) ours: company policy "block", limits high enough to allow; peer bypassed;
(c) peer: ``account_financial_risk`` with "open invoices" included in the
    risk of those customers and a high credit limit; our check skipped.

It prints queries and ms per posted invoice and the added cost versus (a),
the same figures for a customer with few open items (query-count constancy),
and one line showing each check really refuses when the limit is low.
Everything is rolled back. Without the peer installed, (c) is left out.
"""

import os
import time

from odoo import Command, fields
from odoo.exceptions import UserError

N = int(os.environ.get("BENCH_N", "30"))
MANY = 5  # customers with the most open items

env = env  # noqa: F821, PLW0127 (given by odoo shell)
cr = env.cr
company = env.company
peer = "risk_invoice_open_include" in env["res.partner"]._fields

cr.execute(
    """
    SELECT p.commercial_partner_id, count(*)
      FROM account_move_line l
      JOIN account_account a ON a.id = l.account_id
      JOIN res_partner p ON p.id = l.partner_id
     WHERE a.account_type = 'asset_receivable' AND NOT l.reconciled
       AND l.parent_state = 'posted' AND l.company_id = %s
     GROUP BY p.commercial_partner_id
     ORDER BY count(*) DESC, p.commercial_partner_id
    """,
    [company.id],
)
counts = dict(cr.fetchall())
total_open = sum(counts.values())
ranked = list(counts)
many = env["res.partner"].browse(ranked[:MANY])
# Same group structure as the biggest customer (a group member reads its
# head too: +2 queries whatever the open items), so only open items differ.
few = env["res.partner"].browse(
    next(
        pid
        for pid in reversed(ranked)
        if counts[pid] <= 3
        and bool(env["res.partner"].browse(pid).parent_id) == bool(many[0].parent_id)
    )
)
journal = env["account.journal"].search(
    [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
)
line = {"name": "Credit bench", "quantity": 1, "price_unit": 10.0, "tax_ids": []}

company.write({"account_use_credit_limit": True, "ar_credit_policy_mode": "block"})
(many | few).write({"credit_limit": 10**9})
(many | few).with_company(company).write({"ar_credit_policy_mode": "company"})
if peer:
    company.allow_overrisk_invoice_validation = False
    (many | few).write({"risk_invoice_open_include": True})

CONTEXTS = {
    "a": {"ar_credit_skip_check": True, "bypass_risk": True},
    "b": {"bypass_risk": True},
    "c": {"ar_credit_skip_check": True},
}
LABELS = {
    "a": "(a) no check",
    "b": "(b) ours, block",
    "c": "(c) OCA financial_risk",
}


def drafts(partners, count):
    return (
        env["account.move"]
        .with_context(ar_credit_skip_check=True)
        .create(
            [
                {
                    "move_type": "out_invoice",
                    "journal_id": journal.id,
                    "partner_id": partner.id,
                    "invoice_date": fields.Date.today(),
                    "invoice_line_ids": [Command.create(line)],
                }
                for _i in range(count)
                for partner in partners
            ]
        )
        .with_env(env)  # drop the creation context
    )


def post(setup, partners, count):
    """Post ``count`` invoices per partner one by one; (queries, ms) each."""
    moves = drafts(partners, count)
    env.flush_all()
    queries, elapsed = 0, 0.0
    for move in moves:
        env.invalidate_all()
        before = cr.sql_log_count
        start = time.perf_counter()
        result = move.with_context(**CONTEXTS[setup]).action_post()
        env.flush_all()
        elapsed += time.perf_counter() - start
        queries += cr.sql_log_count - before
        assert result in (None, False, True), f"{setup}: not posted: {result}"
    assert set(moves.mapped("state")) == {"posted"}
    return queries / len(moves), elapsed * 1000 / len(moves)


setups = ["a", "b", "c"] if peer else ["a", "b"]
for setup in setups:  # warm-up: caches, registry, prepared plans
    post(setup, many[:1], 1)
figures = {setup: post(setup, many, N // MANY or 1) for setup in setups}
constancy = {
    (setup, name): post(setup, partners, N // MANY or 1)
    for setup in setups
    for name, partners in (("few", few), ("many", many[:1]))
}

# The checks are really evaluated: a low limit is refused by each.
# The shell user is a credit manager (posts with an override note), so ours
# is shown refusing for a plain invoicing user.
refusals = []
low, low_peer = drafts(many[:1], 2)
many[:1].write({"credit_limit": 1.0})
clerk = env["res.users"].create(
    {
        "name": "Credit bench clerk",
        "login": "credit_bench_clerk",
        "group_ids": [Command.set(env.ref("account.group_account_invoice").ids)],
    }
)
env.flush_all()
try:
    low.with_user(clerk).with_context(bypass_risk=True).action_post()
    refusals.append(f"ours: NOT refused, state {low.state}")
except UserError:
    refusals.append(f"ours: UserError, state {low.state}")
if peer:
    result = low_peer.with_context(ar_credit_skip_check=True).action_post()
    wizard = isinstance(result, dict) and result.get("res_model")
    refusals.append(f"OCA: returns {wizard or result}, state {low_peer.state}")
cr.rollback()

print()
print(f"Database {cr.dbname}: {total_open} open receivable items in total")
print(
    f"Customers posted to: {len(many)} with "
    f"{', '.join(str(counts[p.id]) for p in many)} open items; "
    f"few: 1 with {counts[few.id]}"
)
print(f"{N // MANY or 1} invoices per customer per setup, posted one by one")
print()
print(f"{'setup':26} {'queries/inv':>12} {'ms/inv':>8} {'+queries':>9} {'+ms':>7}")
base_q, base_ms = figures["a"]
for setup in setups:
    q, ms = figures[setup]
    print(
        f"{LABELS[setup]:26} {q:12.1f} {ms:8.1f}"
        f" {q - base_q:+9.1f} {ms - base_ms:+7.1f}"
    )
print()
print("Constancy (queries/inv, ms/inv) by open items of the customer:")
for setup in setups:
    few_q, few_ms = constancy[(setup, "few")]
    many_q, many_ms = constancy[(setup, "many")]
    print(
        f"{LABELS[setup]:26} {counts[few.id]:>6} items: {few_q:6.1f} q {few_ms:7.1f} ms"
        f" | {counts[many[0].id]:>6} items: {many_q:6.1f} q {many_ms:7.1f} ms"
    )
print()
print("Low limit: " + "; ".join(refusals))
print("(everything rolled back)")
