"""Proposals for a whole bank statement of 5,000 lines, end to end, in Odoo.

Runs inside an Odoo shell on a COPY of the benchmark database (never on
arm_dun itself: statement lines and proposals are written)::

    createdb -h ... -T arm_dun cashapp_copy
    ar_odoo -d cashapp_copy -u account_receivable_management --stop-after-init
    ar_odoo shell -d cashapp_copy --no-http < benchmarks/cashapp_statement_bench.py

The first run adds ``BENCH_LINES`` (default 5,000) bank statement lines to the
copy's bank journal and commits them: customer payments of open invoices the
way remittances come (the invoice number, two numbers, the number's digits,
a bank fee deducted, no reference at all with the payer's name and IBAN, and
unknown payers), with the invoices each line truly pays kept in the line's
``transaction_details``. Later runs reuse them.

Measured with a cold ORM cache, in one transaction rolled back afterwards:
``ar.cash.proposal._ar_compute_proposals`` for the company, what the
"Compute Proposals" button and the scheduler run: gather (statement lines,
every open receivable item of the book, customers, IBANs, learned payers,
advices), match (the engine, one call), write (every proposal and its items
created). Then the phases one by one, the same calls. Printed with the
machine's load and the automatic rate and precision against the truth.

There is no peer figure: Odoo 19 Community has no invoice matching for bank
lines, and OCA ``account_reconcile_oca`` proposes one line at a time, when a
person opens it.
"""

import os
import random
import subprocess
import time
from datetime import timedelta

from odoo import fields
from odoo.tools import SQL

from odoo.addons.account_receivable_management.engine import matching

env = env  # noqa: F821, PLW0127 (given by odoo shell)
LINES = int(os.environ.get("BENCH_LINES", "5000"))
MARK = "cashapp-bench"
company = env.company
Proposal = env["ar.cash.proposal"]
StatementLine = env["account.bank.statement.line"]


def uptime():
    return subprocess.run(
        ["uptime"], check=False, capture_output=True, text=True
    ).stdout.strip()


def open_invoices():
    """(item id, customer id, customer name, number, residual, due date) of the
    open customer invoices, one query."""
    return env.execute_query(
        SQL(
            """
            SELECT l.id, p.commercial_partner_id, cp.name, l.move_name,
                   l.amount_residual, l.date_maturity
              FROM account_move_line l
              JOIN account_account a ON a.id = l.account_id
              JOIN account_move m ON m.id = l.move_id
              JOIN res_partner p ON p.id = l.partner_id
              JOIN res_partner cp ON cp.id = p.commercial_partner_id
             WHERE a.account_type = 'asset_receivable' AND NOT l.reconciled
               AND l.parent_state = 'posted' AND m.move_type = 'out_invoice'
               AND l.company_id = %s AND l.amount_residual > 0
             ORDER BY l.id
            """,
            company.id,
        )
    )


def add_statement_lines(count):
    """Bank lines paying open invoices as customers write remittances."""
    rng = random.Random(13)
    journal = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
    )
    ibans = dict(
        env.execute_query(
            SQL(
                "SELECT DISTINCT ON (partner_id) partner_id, acc_number "
                "FROM res_partner_bank ORDER BY partner_id, id"
            )
        )
    )
    rows = open_invoices()
    by_customer = {}
    for row in rows:
        by_customer.setdefault(row[1], []).append(row)
    rng.shuffle(rows)
    used, vals, today = set(), [], fields.Date.context_today(company)
    patterns = (
        ("number", 40),
        ("two_numbers", 12),
        ("digits", 10),
        ("bank_fee", 8),
        ("payer_only", 20),
        ("unknown", 10),
    )
    weights = [w for _p, w in patterns]
    for row in rows:
        if len(vals) == count:
            break
        if row[0] in used:
            continue
        item_id, customer, name, number, _residual, due = row
        pattern = rng.choices([p for p, _w in patterns], weights)[0]
        paid = [row]
        if pattern == "two_numbers":
            others = [r for r in by_customer[customer] if r[0] not in used | {item_id}]
            if not others:
                pattern = "number"
            else:
                paid.append(rng.choice(others))
        used.update(r[0] for r in paid)
        amount = round(sum(r[4] for r in paid), 2)
        memo = {
            "number": f"Payment {number}",
            "two_numbers": " ".join(r[3] for r in paid),
            "digits": f"invoice {number.rsplit('/', 1)[-1].lstrip('0')}",
            "bank_fee": f"{number}",
            "payer_only": "",
            "unknown": "",
        }[pattern]
        if pattern == "bank_fee" and amount > 200:
            amount = round(amount - 1.5, 2)
        truth = ",".join(str(r[0]) for r in paid)
        vals.append(
            {
                "journal_id": journal.id,
                "date": due + timedelta(rng.randint(0, 20)) if due else today,
                "amount": amount,
                "payment_ref": memo or "/",
                "partner_name": "" if pattern == "unknown" else name.upper()[:70],
                "account_number": ""
                if pattern == "unknown"
                else (ibans.get(customer) or ""),
                "transaction_details": {MARK: pattern, "paid": truth},
            }
        )
    # one by one in date order: Odoo's sequence look-up then finds the
    # journal's previous entry at once (in a batch, or out of order, it scans
    # every entry of the book for each line)
    vals.sort(key=lambda v: v["date"])
    for number, line_vals in enumerate(vals, 1):
        StatementLine.create(line_vals)
        if number % 500 == 0:
            env.cr.commit()
    env.cr.commit()
    return len(vals)


def bench_lines():
    return StatementLine.search(
        [
            ("company_id", "=", company.id),
            ("is_reconciled", "=", False),
            ("amount", ">", 0),
        ]
    )


def score(proposals):
    """Per remittance pattern: lines, automatic proposals, and how many of
    them apply exactly the items the line truly pays."""
    rows = {}
    for proposal in proposals:
        details = proposal.statement_line_id.transaction_details or {}
        truth = set(filter(None, (details.get("paid") or "").split(",")))
        row = rows.setdefault(details.get(MARK, "?"), [0, 0, 0])
        row[0] += 1
        if proposal.auto:
            row[1] += 1
            row[2] += {str(i) for i in proposal.line_ids.move_line_id.ids} == truth
    return rows


def cold():
    env.flush_all()
    env.invalidate_all()
    env.registry.clear_cache()


lines = bench_lines()
if len(lines) < LINES:
    started = time.perf_counter()
    added = add_statement_lines(LINES - len(lines))
    seconds = time.perf_counter() - started
    print(f"setup: {added} statement lines added in {seconds:.0f} s")
    lines = bench_lines()

print(f"load before: {uptime()}")
open_items = len(open_invoices())
savepoint = env.cr.savepoint()
cold()
queries, start = env.cr.sql_log_count, time.perf_counter()
created = Proposal._ar_compute_proposals(company)
env.flush_all()
whole = time.perf_counter() - start
whole_queries = env.cr.sql_log_count - queries
by_pattern = score(created)
savepoint.rollback()
savepoint.close()

cold()
t0 = time.perf_counter()
st_lines = Proposal._ar_open_statement_lines(company)
engine_input = Proposal._ar_engine_input(st_lines, company)
t1 = time.perf_counter()
engine_proposals = matching.match(*engine_input)
t2 = time.perf_counter()
Proposal._ar_write_proposals(company, st_lines, engine_proposals)
env.flush_all()
t3 = time.perf_counter()
env.cr.rollback()
print(f"load after:  {uptime()}")

print(
    f"{len(lines)} bank statement lines against {len(engine_input[1])} open items "
    f"({open_items} open invoices) of {len(engine_input[0])} customers"
)
print(
    f"end to end (_ar_compute_proposals): {whole:.1f} s, {whole_queries} queries, "
    f"{len(lines) / whole * 60:,.0f} lines a minute"
)
print(f"  gather {t1 - t0:.1f} s, match {t2 - t1:.1f} s, write {t3 - t2:.1f} s")
auto = sum(row[1] for row in by_pattern.values())
right = sum(row[2] for row in by_pattern.values())
print(
    f"{len(created)} proposals, {auto} automatic ({auto / len(created):.1%}), "
    f"{right} of them right ({right / max(auto, 1):.2%} precision)"
)
print(f"{'pattern':<12} {'lines':>6} {'auto':>6} {'right':>6}")
for pattern, (count, auto_count, right_count) in sorted(by_pattern.items()):
    print(f"{pattern:<12} {count:>6} {auto_count:>6} {right_count:>6}")
print("peer: none (Odoo 19 Community has no invoice matching of bank lines)")
