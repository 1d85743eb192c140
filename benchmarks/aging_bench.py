#!/usr/bin/env python3
"""Time the historical aging query, the screen run and the XLSX export.

usage: python3 benchmarks/aging_bench.py DB [--as-of YYYY-MM-DD] [--repeat N]

Runs against a database where account_receivable_management is installed,
with this worktree first on the addons path; everything is rolled back.
"""

import argparse
import os
import sys
import time
from pathlib import Path

import odoo
from odoo import api
from odoo.modules.registry import Registry
from odoo.tools import config


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("--as-of", default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    addons = Path(__file__).resolve().parent.parent / ".local" / "addons"
    odoo_addons = os.environ.get("ODOO_ADDONS", "/opt/odoo19/addons")
    config.parse_config(
        [
            f"--addons-path={addons},{odoo_addons}",
            f"--db_host={os.environ.get('AR_PG_HOST', '/work/main/.local/pg/run')}",
            f"--db_port={os.environ.get('AR_PG_PORT', '54329')}",
            "--db_user=odoo",
        ]
    )
    registry = Registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        companies = env["res.company"].search([])
        counts = env.execute_query(
            odoo.tools.SQL(
                "SELECT COUNT(*) FILTER (WHERE move_type = 'out_invoice'), "
                "(SELECT COUNT(*) FROM account_partial_reconcile) FROM account_move"
            )
        )[0]
        print(f"{args.db}: {counts[0]} customer invoices, {counts[1]} partials")
        wizard = env["ar.aging.report.wizard"].new(
            {
                "as_of_date": args.as_of or odoo.fields.Date.today(),
                "company_ids": [(6, 0, companies.ids)],
            }
        )
        options = wizard._ar_options()
        if not env.execute_query(
            odoo.tools.SQL("SELECT to_regclass('ar_aging_line') IS NOT NULL")
        )[0][0]:
            print("reporting tables missing (module not updated): query only")
        else:
            wizard = env["ar.aging.report.wizard"].create(
                {"as_of_date": options.as_of, "company_ids": [(6, 0, companies.ids)]}
            )
        for label, run in (
            ("aging query", lambda: env["ar.aging.query"]._ar_aging_rows(options)),
            ("ledger check", lambda: env["ar.aging.query"]._ar_ledger_balance(options)),
            ("screen (query + lines)", wizard.id and wizard._ar_compute),
            ("xlsx export", wizard.id and wizard._ar_xlsx_content),
        ):
            if not run:
                continue
            timings = []
            for _n in range(args.repeat):
                start = time.perf_counter()
                run()
                timings.append(time.perf_counter() - start)
            print(f"{label:24s} best {min(timings) * 1000:8.1f} ms")
        if wizard.id:
            print(
                f"lines: {len(wizard.line_ids)}, total {wizard.aging_total:,.2f}, "
                f"ledger {wizard.ledger_balance:,.2f}, "
                f"difference {wizard.difference:,.2f}"
            )
        cr.rollback()
    return 0


if __name__ == "__main__":
    sys.exit(main())
