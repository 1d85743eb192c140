#!/usr/bin/env python3
"""Reporting screens on a big book: aging screen, XLSX, dashboard, beside OCA.

usage: python3 benchmarks/reporting_bench.py DB [--as-of YYYY-MM-DD] [--repeat N]

DB is a COPY of a benchmark database with account_receivable_management
updated (and OCA ``account_financial_report`` installed for the peer figure);
see benchmarks/aging_bench.py for how to prepare one. Measured in the same
run, best of N, caches invalidated before each run, everything rolled back:

- ours, aging screen first page: ``ar.aging.screen.get_page`` (what the
  screen calls when it opens: 80 customers, bucket totals, ledger check), as
  of today and as of a past date;
- ours, unfold one customer: ``ar.aging.screen.get_items``;
- ours, XLSX: ``ar.aging.screen.action_export`` + ``_ar_xlsx_content`` (what
  the download route does);
- ours, dashboard: ``ar.reporting.dashboard.get_dashboard_data``;
- OCA, XLSX of the aged partner balance on the same date.

Prints ``uptime`` before and after: the machine may be shared.
"""

import argparse
import subprocess
import sys
from datetime import timedelta

from aging_bench import measure, measure_oca, open_registry, receivable_accounts

import odoo
from odoo import api, fields
from odoo.tools import SQL


def uptime():
    result = subprocess.run(["uptime"], check=False, capture_output=True, text=True)
    return result.stdout.strip()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("--as-of", default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("uptime:", uptime())
    registry = open_registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        company = env.company
        accounts = receivable_accounts(env, company)
        today = fields.Date.context_today(env["res.users"])
        as_of = (
            fields.Date.to_date(args.as_of)
            if args.as_of
            else today - timedelta(days=60)
        )
        items, partials = env.execute_query(
            SQL(
                """SELECT COUNT(*), (SELECT COUNT(*) FROM account_partial_reconcile)
                     FROM account_move_line
                    WHERE account_id = ANY(%s) AND parent_state = 'posted'""",
                accounts.ids,
            )
        )[0]
        total_items = env.execute_query(SQL("SELECT COUNT(*) FROM account_move_line"))[
            0
        ][0]
        print(
            f"{args.db}: {total_items:,} journal items, {items:,} posted receivable "
            f"items, {partials:,} partials; today {today}, past date {as_of}; "
            f"best of {args.repeat}"
        )
        screen = env["ar.aging.screen"]
        table = []
        for label, day in (("today", today), ("past date", as_of)):
            params = {"as_of_date": fields.Date.to_string(day)}
            elapsed, sql, page = measure(
                env, lambda p=params: screen.get_page(p), args.repeat
            )
            totals = page["totals"]
            table.append(
                (
                    f"ours: aging screen, {label}",
                    elapsed,
                    sql,
                    (
                        f"{len(page['lines'])} of {totals['customers']:,} customers, "
                        f"difference {totals['difference']:.2f}"
                    ),
                )
            )
        biggest = screen.get_page({"order": "total", "limit": 1})["lines"][0]
        elapsed, sql, unfolded = measure(
            env, lambda: screen.get_items({}, biggest["partner_id"]), args.repeat
        )
        table.append(
            (
                "ours: unfold biggest customer",
                elapsed,
                sql,
                f"{unfolded['count']} items",
            )
        )

        def xlsx():
            action = screen.action_export({"as_of_date": str(as_of)}, "xlsx")
            wizard_id = int(action["url"].rsplit("/", 1)[1])
            return env["ar.aging.report.wizard"].browse(wizard_id)._ar_xlsx_content()

        elapsed, sql, content = measure(env, xlsx, args.repeat)
        table.append(("ours: XLSX, past date", elapsed, sql, f"{len(content):,} bytes"))
        dashboard = env["ar.reporting.dashboard"]
        elapsed, sql, data = measure(env, dashboard.get_dashboard_data, args.repeat)
        table.append(
            (
                "ours: dashboard data",
                elapsed,
                sql,
                (
                    f"{len(data['dso_trend'])} months of trend, "
                    f"{len(data['top_overdue'])} top customers"
                ),
            )
        )
        peer_table, _peer = measure_oca(
            env, company, accounts, as_of, args.repeat, html=False, data=False
        )
        table.extend((row[0], row[1], row[2], row[4]) for row in peer_table)
        print()
        print(f"{'step':34s} {'time (s)':>9s} {'SQL':>5s}  result")
        for label, elapsed, sql, note in table:
            print(f"{label:34s} {elapsed:9.3f} {sql:5d}  {note}")
        cr.rollback()
    print()
    print("uptime:", uptime())
    return 0


if __name__ == "__main__":
    sys.exit(main())
