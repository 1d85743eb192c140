"""Cost of the credit check when posting customer invoices, against OCA's peer.

Runs inside an Odoo shell on a COPY of a generator database (arm_dun) where
OCA's ``account_financial_risk`` is installed too::

    createdb -h $SOCKET -p 54329 -U odoo -T arm_dun credit_copy
    . scripts/lib.sh && ar_find_odoo && ar_pg_up
    ar_odoo -d credit_copy -u account_receivable_management \\
        -i account_financial_risk --stop-after-init --no-http
    BENCH_N=30 ar_odoo shell -d credit_copy --no-http < benchmarks/credit_check.py

Customers, each posted BENCH_N invoices per setup:

* ``few``: a customer with one open item, no group;
* ``10k``: a customer given 10,000 open receivable items (open items of
  other customers moved to it for the run);
* ``group``: a company made a subsidiary of the 10k customer: its check
  reads its own and the whole group's exposure.

Setups, on the same data:

(a) no check: our check skipped (``ar_credit_skip_check``) and the peer's
    bypassed (``bypass_risk``);
(b) ours: company policy "block", limits high enough to allow; peer bypassed;
(c) peer: ``account_financial_risk`` with "open invoices" included in the
    risk of those customers and a high credit limit; our check skipped.

Invoices are posted one by one with a cold cache (as users do, one request
each), the setups interleaved (a, b, c, a, b, c...) so that the machine's
load weighs on each alike. It prints, per customer and setup, the queries
and the median milliseconds per posted invoice (wall clock, and the CPU of
the Odoo process), and the added cost versus (a); then each check refusing
when the limit is low. ``totals ms`` is the time PostgreSQL spent in the
triggers that keep the open receivable totals (``ar_credit_balance``) for
each posting: a cost of every setup, (a) included, already in its ms (read
from ``pg_stat_xact_user_functions``, so it needs a superuser connection
for ``track_functions``; else it prints n/a). Everything is rolled back.
Without the peer installed, (c) is left out.
"""

import os
import statistics
import subprocess
import time

from odoo import Command, fields
from odoo.exceptions import UserError

N = int(os.environ.get("BENCH_N", "30"))


def uptime():
    return subprocess.run(
        ["uptime"], check=False, capture_output=True, text=True
    ).stdout.strip()


START = uptime()
MANY = 10_000

env = env  # noqa: F821, PLW0127 (given by odoo shell)
cr = env.cr
company = env.company
Partner = env["res.partner"]
peer = "risk_invoice_open_include" in Partner._fields


def open_items_by_customer():
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
    return dict(cr.fetchall())


counts = open_items_by_customer()
total_open = sum(counts.values())
ranked = [
    pid
    for pid in counts
    if Partner.browse(pid).is_company and not Partner.browse(pid).parent_id
]
big, member, few = (
    Partner.browse(ranked[0]),
    Partner.browse(ranked[1]),
    Partner.browse(next(pid for pid in reversed(ranked) if counts[pid] == 1)),
)
# 10,000 open items for ``big``: move other customers' open items to it
# (their moves too, so the lines stay consistent); rolled back at the end.
cr.execute(
    """
    WITH moved AS (
        SELECT DISTINCT l.move_id
          FROM account_move_line l
          JOIN account_account a ON a.id = l.account_id
          JOIN res_partner p ON p.id = l.partner_id
         WHERE a.account_type = 'asset_receivable' AND NOT l.reconciled
           AND l.parent_state = 'posted' AND l.company_id = %(company)s
           AND p.commercial_partner_id NOT IN %(keep)s
         LIMIT %(limit)s
    ), lines AS (
        UPDATE account_move_line l SET partner_id = %(big)s
          FROM moved WHERE l.move_id = moved.move_id
    )
    UPDATE account_move m SET partner_id = %(big)s,
           commercial_partner_id = %(big)s
      FROM moved WHERE m.id = moved.move_id
    """,
    {
        "company": company.id,
        "keep": (big.id, member.id, few.id),
        "limit": MANY - counts[big.id],
        "big": big.id,
    },
)
env.invalidate_all()
counts = open_items_by_customer()

journal = env["account.journal"].search(
    [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
)
line = {"name": "Credit bench", "quantity": 1, "price_unit": 10.0, "tax_ids": []}
company.write({"account_use_credit_limit": True, "ar_credit_policy_mode": "block"})
partners = few | big | member
partners.write({"credit_limit": 10**9})
partners.with_company(company).write({"ar_credit_policy_mode": "company"})
if peer:
    company.allow_overrisk_invoice_validation = False
    partners.write({"risk_invoice_open_include": True})

CONTEXTS = {
    "a": {"ar_credit_skip_check": True, "bypass_risk": True},
    "b": {"bypass_risk": True},
    "c": {"ar_credit_skip_check": True},
}
LABELS = {"a": "(a) no check", "b": "(b) ours, block", "c": "(c) OCA financial_risk"}
setups = ["a", "b", "c"] if peer else ["a", "b"]


def drafts(partner, count):
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
            ]
        )
        .with_env(env)  # drop the creation context
    )


try:
    with cr.savepoint():
        cr.execute("SET track_functions = 'pl'")
    TRACKED = True
except Exception:  # noqa: BLE001 (not a superuser: the column says n/a)
    TRACKED = False


def trigger_ms():
    """Milliseconds spent so far in this transaction in the balance triggers."""
    if not TRACKED:
        return 0.0
    cr.execute(
        """
        SELECT COALESCE(SUM(total_time), 0) FROM pg_stat_xact_user_functions
         WHERE funcname LIKE 'ar_credit_balance_%'
        """
    )
    return float(cr.fetchone()[0])


def post_one(setup, move):
    env.invalidate_all()
    triggers = trigger_ms()
    before = cr.sql_log_count
    cpu, start = time.process_time(), time.perf_counter()
    result = move.with_context(**CONTEXTS[setup]).action_post()
    env.flush_all()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    queries = cr.sql_log_count - before
    assert result in (None, False, True), f"{setup}: not posted: {result}"
    assert move.state == "posted", f"{setup}: {move.state}"
    return queries, wall * 1000, cpu * 1000, trigger_ms() - triggers


def measure(partner, count):
    """Post ``count`` invoices per setup, the setups interleaved."""
    moves = {setup: drafts(partner, count) for setup in setups}
    env.flush_all()
    samples = {setup: [] for setup in setups}
    for index in range(count):
        for setup in setups:
            samples[setup].append(post_one(setup, moves[setup][index]))
    return {
        setup: (
            statistics.mean(row[0] for row in rows),
            statistics.median(row[1] for row in rows),
            statistics.median(row[2] for row in rows),
            statistics.median(row[3] for row in rows),
        )
        for setup, rows in samples.items()
    }


measure(few, 2)  # warm-up: caches, registry, prepared plans
figures = {"few": measure(few, N), "10k": measure(big, N)}
# the group: ``member`` becomes a subsidiary of ``big`` (the group head)
# (in SQL: Odoo refuses a parent with another VAT number, which is beside
# the point here)
cr.execute("UPDATE res_partner SET parent_id = %s WHERE id = %s", [big.id, member.id])
env.invalidate_all()
figures["group"] = measure(member, N)

# The checks are really evaluated: a low limit is refused by each.
# The shell user is a credit manager (posts with an override note), so ours
# is shown refusing for a plain invoicing user.
refusals = []
low, low_peer = drafts(member, 2)
(member | big).write({"credit_limit": 1.0})
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
print("start:", START)
print(f"Database {cr.dbname}: {total_open} open receivable items in total")
print(
    f"Customers: few = 1 with {counts[few.id]} open item; 10k = 1 with "
    f"{counts[big.id]} open items; group = a subsidiary with "
    f"{counts.get(member.id, 0)} open items, the 10k customer its group head"
)
print(
    f"{N} invoices per customer and setup, posted one by one, setups "
    "interleaved; ms are medians"
)
print()
print(
    f"{'customer':8} {'setup':24} {'queries/inv':>11} {'ms/inv':>7} {'cpu ms':>7}"
    f" {'+queries':>8} {'+ms':>6} {'+cpu ms':>7} {'totals ms':>9}"
)
for name, by_setup in figures.items():
    base_q, base_ms, base_cpu, _base_t = by_setup["a"]
    for setup in setups:
        q, ms, cpu, totals = by_setup[setup]
        print(
            f"{name:8} {LABELS[setup]:24} {q:11.1f} {ms:7.1f} {cpu:7.1f}"
            f" {q - base_q:+8.1f} {ms - base_ms:+6.1f} {cpu - base_cpu:+7.1f}"
            f" {f'{totals:9.2f}' if TRACKED else '      n/a'}"
        )
print()
print("Low limit: " + "; ".join(refusals))
print("(everything rolled back)")
print("end:  ", uptime())
