"""Cost of the credit check when posting customer invoices.

Run inside an Odoo shell on a database where the module is installed:

    . scripts/lib.sh && ar_odoo shell -d <db> --no-http < benchmarks/credit_check.py

Uses the arm_bench data when the database has it; otherwise it generates a
small set (customers with many open invoices). Everything is rolled back.
Prints SQL queries and milliseconds per posted invoice, check on and off.
"""

import time

from odoo import Command, fields

CUSTOMERS = 20
OPEN_INVOICES = 50  # per customer, already posted
POSTED_PER_RUN = 40

env = env  # noqa: F821, PLW0127 (given by odoo shell)
company = env.company
if not env["account.journal"].search(
    [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
):
    env["account.chart.template"].try_loading(
        "generic_coa", company, install_demo=False
    )
company.write({"account_use_credit_limit": True, "ar_credit_policy_mode": "block"})
product_line = {"name": "Bench", "quantity": 1, "price_unit": 10.0, "tax_ids": []}


def make_invoices(partners, count):
    vals = [
        {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_date": fields.Date.today(),
            "invoice_line_ids": [Command.create(product_line)],
        }
        for partner in partners
        for _i in range(count)
    ]
    return env["account.move"].with_context(ar_credit_skip_check=True).create(vals)


partners = env["res.partner"].create(
    [
        {"name": f"Credit bench {i}", "is_company": True, "credit_limit": 10**9}
        for i in range(CUSTOMERS)
    ]
)
make_invoices(partners, OPEN_INVOICES).with_context(
    ar_credit_skip_check=True
).action_post()
env.flush_all()


def run(label, check):
    moves = make_invoices(partners, POSTED_PER_RUN // CUSTOMERS)
    env.flush_all()
    env.invalidate_all()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    for move in moves:  # one by one, as users post
        move.with_context(ar_credit_skip_check=not check).action_post()
    env.flush_all()
    elapsed = time.perf_counter() - start
    queries = env.cr.sql_log_count - queries
    print(
        f"{label:10} {len(moves)} invoices: {queries / len(moves):6.1f} queries "
        f"and {elapsed * 1000 / len(moves):6.1f} ms per invoice "
        f"({OPEN_INVOICES} open invoices per customer)"
    )


run("check off", False)
run("check on", True)
run("check off", False)
run("check on", True)
single = partners[0]
env.invalidate_all()
queries = env.cr.sql_log_count
single._ar_credit_check(100)
print(f"_ar_credit_check: {env.cr.sql_log_count - queries} queries")
env.cr.rollback()
