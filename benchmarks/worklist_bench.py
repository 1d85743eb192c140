"""Time to open the collections worklist on a large book.

Runs inside an Odoo shell on a COPY of the benchmark database (never on
arm_dun itself: the worklist rows are written)::

    createdb -h ... -T arm_dun collections_copy
    ar_odoo -d collections_copy -u account_receivable_management --stop-after-init
    ar_odoo shell -d collections_copy --no-http < benchmarks/worklist_bench.py

Opening the worklist is what the menu does: refresh the company's rows
set-wise (``action_ar_open_worklist``), then the list's first page as the web
client reads it (``web_search_read`` of 80 rows with the reasons in words,
plus the count), each with a cold ORM cache: the very first opening (every
row inserted), the first opening of a day when the nightly action has not run
(the customers whose items fell due overnight gathered again, every other
row rescored from its stored figures, every priority changed: every row
updated), the same after a week away, an opening after the worklist's mark
was lost (every row gathered again), a later opening (nothing
changed: only the watermark queries) and an opening after 20 customers got a
promise (only those rows recomputed).
The reference printed next to it is what plain Odoo offers to see overdue per
customer: a ``_read_group`` of the open receivable items by customer.
"""

import json
import subprocess
import time
from datetime import timedelta

from odoo import fields
from odoo.tools import SQL

env = env  # noqa: F821, PLW0127 (given by odoo shell)
company = env.company
Worklist = env["ar.collection.customer"]
AccountMoveLine = env["account.move.line"]

# every customer to the administrator: "My Worklist" is the whole book
env["ar.collection.rule"].search([]).unlink()
env["ar.collection.rule"].create(
    [
        {"name": "Grade E", "grades": "E", "collector_id": env.uid, "sequence": 1},
        {"name": "Everyone", "collector_id": env.uid, "sequence": 9},
    ]
)
env.cr.commit()

items = env.execute_query(
    SQL(
        """
        SELECT COUNT(*), COUNT(DISTINCT p.commercial_partner_id)
          FROM account_move_line aml
          JOIN account_account acc ON acc.id = aml.account_id
          JOIN res_partner p ON p.id = aml.partner_id
         WHERE aml.company_id = %s AND aml.parent_state = 'posted'
           AND acc.account_type = 'asset_receivable' AND NOT aml.reconciled
        """,
        company.id,
    )
)[0]
SPEC = {
    "priority": {},
    "partner_id": {"fields": {"display_name": {}}},
    "reasons": {},
    "overdue_amount": {},
    "currency_id": {"fields": {}},
    "days_overdue": {},
    "grade": {},
    "last_contact_date": {},
    "phone": {},
    "collector_id": {"fields": {"display_name": {}}},
}


def open_worklist(label):
    env.invalidate_all()
    env.registry.clear_cache()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    action = Worklist.action_ar_open_worklist()
    refreshed = time.perf_counter()
    domain = [("collector_id", "=", env.uid), *Worklist._ar_worklist_domain()]
    page = Worklist.web_search_read(
        domain, SPEC, limit=80, order="priority desc, overdue_amount desc, id"
    )
    end = time.perf_counter()
    env.cr.commit()
    print(
        f"  {label:<34} {1000 * (end - start):7.0f} ms "
        f"(refresh {1000 * (refreshed - start):.0f} ms, first page "
        f"{1000 * (end - refreshed):.0f} ms), {env.cr.sql_log_count - queries} "
        f"queries, {page['length']} customers to work, action {action['name']}"
    )
    return page


print(subprocess.run(["uptime"], check=False, capture_output=True, text=True).stdout)
print(
    f"database {env.cr.dbname}: {items[0]} open receivable items, "
    f"{items[1]} customers with open items"
)
env.execute_query(
    SQL("DELETE FROM ar_collection_customer WHERE company_id = %s", company.id)
)
env.cr.commit()
print("our worklist (refresh + first page of 80):")
Param = env["ir.config_parameter"].sudo()
open_worklist("first opening ever (insert all)")


def yesterday_mark(days=1):
    """Move the worklist's mark back as if last opened ``days`` days ago, with
    every priority stale (every row rewritten: the worst case)."""
    key = Worklist._ar_mark_key(company)
    mark = json.loads(Param.get_param(key))
    mark["date"] = str(fields.Date.to_date(mark["date"]) - timedelta(days=days))
    Param.set_param(key, json.dumps(mark))
    env.execute_query(
        SQL(
            "UPDATE ar_collection_customer SET priority = -1 WHERE company_id = %s",
            company.id,
        )
    )
    env.cr.commit()


yesterday_mark()
open_worklist("new day, nightly action not run")
yesterday_mark(days=7)
open_worklist("first opening after a week away")
Param.set_param(Worklist._ar_mark_key(company), "")
env.cr.commit()
open_worklist("mark lost (every row from scratch)")
page = open_worklist("opening again (nothing changed)")
some = Worklist.search([], limit=20)
env["ar.promise.to.pay"].create(
    [
        {
            "partner_id": row.partner_id.id,
            "amount": 100.0,
            "promised_date": row.create_date.date(),
        }
        for row in some
    ]
)
env.cr.commit()
open_worklist("after 20 customers changed")
for row in page["records"][:5]:
    name = row["partner_id"]["display_name"]
    print(f"    {row['priority']:3d}  {name}: {row['reasons']}")

env.invalidate_all()
start = time.perf_counter()
groups = AccountMoveLine._read_group(
    [
        *AccountMoveLine._ar_open_receivable_domain(company),
        ("amount_residual", ">", 0),
    ],
    ["partner_id"],
    ["amount_residual:sum"],
)
end = time.perf_counter()
print("reference, plain Odoo:")
print(
    f"  {'read_group open items by customer':<34} {1000 * (end - start):7.0f} ms "
    f"({len(groups)} customers, no ranking, no reasons)"
)
