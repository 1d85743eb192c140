#!/usr/bin/env python3
"""Aged receivables as of a past date: ours against OCA account_financial_report.

usage: python3 benchmarks/aging_bench.py DB [--as-of YYYY-MM-DD] [--repeat N]
                                            [--no-html]

DB is a COPY of a benchmark database with account_receivable_management
installed, and ideally OCA ``account_financial_report`` installed in it too::

    psql ... -c "CREATE DATABASE aging_x TEMPLATE arm_100k"
    . scripts/lib.sh; ar_find_odoo; export AR_PG_DIR=/work/main/.local/pg; ar_pg_up
    ar_odoo -d aging_x -i account_financial_report --stop-after-init --no-http
    AR_ODOO_ADDONS=$AR_ODOO_ADDONS python3 benchmarks/aging_bench.py aging_x

Measured in the same run, on the same data, for the main company and its
receivable accounts, as of a date in the past (default: 60 days before the
last receivable journal item), best of N runs, caches invalidated before each:

- ours, aging query: ``ar.aging.query._ar_aging_rows`` (one SQL query);
- ours, screen: wizard ``action_show`` (query + result lines) and what the
  list shows (``web_search_read`` of the list view's first 80 lines);
- ours, XLSX: ``action_export_xlsx`` + ``_ar_xlsx_content`` (what the
  download route does);
- OCA, data: wizard ``_prepare_report_data`` +
  ``report.account_financial_report.aged_partner_balance._get_report_values``;
- OCA, HTML screen: ``ir.actions.report._render_qweb_html`` (skip: --no-html);
- OCA, XLSX: ``report.a_f_r.report_aged_partner_balance_xlsx.create_xlsx_report``.

Prints time, SQL queries (``cr.sql_log_count``), receivable journal items
covered, customers, and the grand totals of ours, OCA and the general ledger
receivable balance on that date. Everything is rolled back.
"""

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

import odoo
from odoo import Command, api, fields
from odoo.modules.registry import Registry
from odoo.tools import SQL, config


def measure(env, run, repeat):
    """Best wall time (s), SQL queries of that run, and its result."""
    best = None
    for _n in range(repeat):
        env.invalidate_all()
        queries = env.cr.sql_log_count
        start = time.perf_counter()
        result = run()
        elapsed = time.perf_counter() - start
        queries = env.cr.sql_log_count - queries
        if best is None or elapsed < best[0]:
            best = (elapsed, queries, result)
    return best


def open_registry(db):
    """The registry of ``db`` on the shared cluster, with our addons path."""
    addons = os.environ.get("AR_ODOO_ADDONS") or ",".join(
        [
            str(Path(__file__).resolve().parent.parent / ".local" / "addons"),
            os.environ.get("ODOO_ADDONS", "/opt/odoo19/addons"),
        ]
    )
    config.parse_config(
        [
            f"--addons-path={addons}",
            f"--db_host={os.environ.get('AR_PG_HOST', '/work/main/.local/pg/run')}",
            f"--db_port={os.environ.get('AR_PG_PORT', '54329')}",
            "--db_user=odoo",
        ]
    )
    return Registry(db)


def receivable_accounts(env, company):
    return env["account.account"].search(
        [
            ("account_type", "=", "asset_receivable"),
            ("company_ids", "in", company.ids),
        ]
    )


def measure_oca(env, company, accounts, as_of, repeat, html=True, data=True):
    """OCA aged partner balance: report data, HTML, XLSX.

    Returns (table rows, (grand total, customers)), or (rows, None) when
    ``account_financial_report`` is not installed.
    """
    table = []
    if "aged.partner.balance.report.wizard" not in env:
        print("account_financial_report is not installed in this database")
        return table, None
    peer_wizard = env["aged.partner.balance.report.wizard"].create(
        {
            "date_at": as_of,
            "company_id": company.id,
            "receivable_accounts_only": True,
            "account_ids": [Command.set(accounts.ids)],
        }
    )
    report = env["report.account_financial_report.aged_partner_balance"]

    def peer_data():
        data = peer_wizard._prepare_report_data()
        data["date_at"] = fields.Date.to_string(data["date_at"])
        return data

    def peer_values():
        return report._get_report_values(peer_wizard.ids, peer_data())

    peer = None
    if data:
        elapsed, sql, values = measure(env, peer_values, repeat)
        result = values["aged_partner_balance"]
        peer_total = sum(account["residual"] for account in result)
        peer_partners = {
            partner["name"] for account in result for partner in account["partners"]
        }
        peer_lines = sum(len(account["partners"]) for account in result)
        table.append(
            (
                "OCA: report data",
                elapsed,
                sql,
                "",
                f"{peer_lines:,} account x partner lines",
            )
        )
        peer = (peer_total, len(peer_partners))
    if html:
        actions = env["ir.actions.report"]

        def render_html():
            return actions._render_qweb_html(
                "account_financial_report.aged_partner_balance",
                peer_wizard.ids,
                peer_data(),
            )[0]

        elapsed, sql, page = measure(env, render_html, repeat)
        table.append(("OCA: HTML screen", elapsed, sql, "", f"{len(page):,} bytes"))
    xlsx_report = env["report.a_f_r.report_aged_partner_balance_xlsx"].with_context(
        active_model=peer_wizard._name, active_ids=peer_wizard.ids
    )
    elapsed, sql, content = measure(
        env,
        lambda: xlsx_report.create_xlsx_report(peer_wizard.ids, peer_data())[0],
        repeat,
    )
    table.append(("OCA: XLSX export", elapsed, sql, "", f"{len(content):,} bytes"))
    return table, peer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("--as-of", default=None)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--no-html", action="store_true")
    args = parser.parse_args()
    registry = open_registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        company = env.company
        accounts = receivable_accounts(env, company)
        if args.as_of:
            as_of = fields.Date.to_date(args.as_of)
        else:
            last = env.execute_query(
                SQL(
                    "SELECT MAX(date) FROM account_move_line "
                    "WHERE account_id = ANY(%s) AND parent_state = 'posted'",
                    accounts.ids,
                )
            )[0][0]
            as_of = min(last, fields.Date.today() - timedelta(days=1)) - timedelta(
                days=60
            )
        items, items_upto, partials = env.execute_query(
            SQL(
                """SELECT COUNT(*), COUNT(*) FILTER (WHERE date <= %s),
                          (SELECT COUNT(*) FROM account_partial_reconcile)
                     FROM account_move_line
                    WHERE account_id = ANY(%s) AND parent_state = 'posted'
                      AND company_id = %s""",
                as_of,
                accounts.ids,
                company.id,
            )
        )[0]
        print(
            f"{args.db}: company {company.name}, {len(accounts)} receivable "
            f"account(s), {items:,} posted receivable journal items "
            f"({items_upto:,} dated on or before {as_of}), {partials:,} partials"
        )
        print(f"as of {as_of} (today {fields.Date.today()}), best of {args.repeat}")
        table = []

        # --- ours -----------------------------------------------------------
        wizard_model = env["ar.aging.report.wizard"]
        wizard = wizard_model.create(
            {"as_of_date": as_of, "company_ids": [Command.set(company.ids)]}
        )
        options = wizard._ar_options()
        query = env["ar.aging.query"]
        open_ids = query._ar_open_item_ids(options)
        ledger = query._ar_ledger_balance(options)

        elapsed, sql, rows = measure(
            env, lambda: query._ar_aging_rows(options), args.repeat
        )
        table.append(("ours: aging query", elapsed, sql, "", f"{len(rows):,} rows"))

        line_model = env["ar.aging.line"]
        list_view = env.ref("account_receivable_management.ar_aging_line_view_list")

        def screen():
            action = wizard.action_show()
            lines = line_model.with_context(**action["context"])
            views = lines.get_views([(list_view.id, "list")])
            spec = {
                name: {}
                for name in views["models"]["ar.aging.line"]["fields"]
                if name not in ("id",)
            }
            spec["company_id"] = {"fields": {"display_name": {}}}
            spec["currency_id"] = {"fields": {"display_name": {}}}
            return lines.web_search_read(action["domain"], spec, limit=80)

        elapsed, sql, shown = measure(env, screen, args.repeat)
        customers = len(wizard.line_ids.filtered("partner_id"))
        table.append(
            (
                "ours: screen (wizard + list)",
                elapsed,
                sql,
                "",
                f"{shown['length']:,} lines, {len(shown['records'])} shown",
            )
        )

        def xlsx():
            wizard.action_export_xlsx()
            return wizard._ar_xlsx_content()

        elapsed, sql, content = measure(env, xlsx, args.repeat)
        table.append(("ours: XLSX export", elapsed, sql, "", f"{len(content):,} bytes"))
        ours_total = wizard.aging_total
        ours_counts = (len(open_ids), customers)

        # --- OCA account_financial_report ------------------------------------
        peer_table, peer = measure_oca(
            env, company, accounts, as_of, args.repeat, html=not args.no_html
        )
        table.extend(peer_table)

        # --- summary ----------------------------------------------------------
        print()
        print(f"{'step':32s} {'time (s)':>10s} {'SQL':>7s}  result")
        for label, elapsed, sql, _x, note in table:
            print(f"{label:32s} {elapsed:10.3f} {sql:7d}  {note}")
        print()
        print(
            f"receivable journal items on or before {as_of}: {items_upto:,}; "
            f"open on that date (ours): {ours_counts[0]:,}"
        )
        print(f"customers with an open balance: ours {ours_counts[1]:,}", end="")
        print(f", OCA {peer[1]:,}" if peer else "")
        print(f"grand total ours   {ours_total:18,.2f}")
        if peer:
            print(f"grand total OCA    {peer[0]:18,.2f}")
        print(f"GL receivable      {float(ledger):18,.2f}")
        agree = abs(ours_total - float(ledger)) < 0.01 and (
            not peer or abs(peer[0] - float(ledger)) < 0.01
        )
        print("totals agree" if agree else "TOTALS DIFFER")
        cr.rollback()
    return 0


if __name__ == "__main__":
    sys.exit(main())
