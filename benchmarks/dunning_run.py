#!/usr/bin/env python3
"""Time a dunning run and count its SQL queries.

Usage (Odoo 19 importable, module installed in the database)::

    python3 benchmarks/dunning_run.py --db arm_bench \\
        --db-host /path/to/socket --db-port 54329 [--seed-customers 300]

``--seed-customers N`` first creates N customers with 4 overdue invoices
each (for a database without the receivables generator's data). Everything
is rolled back at the end: the database is left as it was.
"""

import argparse
import random
import time
from datetime import date, timedelta

import odoo
from odoo import Command, api
from odoo.modules.registry import Registry
from odoo.tools import config

LEVELS = (
    (10, "Friendly reminder", 7, {"automatic": True}),
    (20, "Firm reminder", 21, {"automatic": True, "fee_amount": 10.0}),
    (30, "Formal notice", 45, {"charge_interest": True, "charge_compensation": True}),
    (40, "Final notice", 60, {"credit_hold": True}),
)


def ensure_policy(env, company):
    Policy = env["ar.dunning.policy"]
    policy = Policy.search(
        [("company_id", "=", company.id), ("is_default", "=", True)], limit=1
    )
    if policy:
        return policy
    template = env.ref("account_receivable_management.mail_template_dunning")
    return Policy.create(
        {
            "name": "Benchmark policy",
            "company_id": company.id,
            "is_default": True,
            "interest_mode": "fixed",
            "interest_fixed_rate": 10.15,
            "level_ids": [
                Command.create(
                    dict(
                        extra,
                        sequence=seq,
                        name=name,
                        days_past_due=days,
                        mail_template_id=template.id,
                    )
                )
                for seq, name, days, extra in LEVELS
            ],
        }
    )


def seed(env, company, customers, run_date):
    rng = random.Random(1)
    partners = env["res.partner"].create(
        [
            {"name": f"Bench customer {i}", "email": f"c{i}@example.com"}
            for i in range(customers)
        ]
    )
    vals = []
    for partner in partners:
        for _ in range(4):
            due = run_date - timedelta(days=rng.randint(-10, 90))
            vals.append(
                {
                    "move_type": "out_invoice",
                    "company_id": company.id,
                    "partner_id": partner.id,
                    "invoice_date": due,
                    "invoice_date_due": due,
                    "invoice_payment_term_id": False,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Goods",
                                "quantity": 1,
                                "price_unit": rng.randint(50, 5000),
                                "tax_ids": [],
                            }
                        )
                    ],
                }
            )
    moves = env["account.move"].create(vals)
    moves.action_post()
    return len(moves)


def measure(env, label, func):
    env.flush_all()
    queries, start = env.cr.sql_log_count, time.perf_counter()
    result = func()
    env.flush_all()
    print(
        f"{label:<22} {time.perf_counter() - start:8.2f} s "
        f"{env.cr.sql_log_count - queries:8d} queries"
    )
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="arm_bench")
    parser.add_argument("--db-host")
    parser.add_argument("--db-port")
    parser.add_argument("--addons-path")
    parser.add_argument("--date", default=date.today().isoformat())
    parser.add_argument("--seed-customers", type=int, default=0)
    args = parser.parse_args()
    options = ["-d", args.db, "--db_user", "odoo"]
    if args.db_host:
        options += ["--db_host", args.db_host]
    if args.db_port:
        options += ["--db_port", args.db_port]
    if args.addons_path:
        options += ["--addons-path", args.addons_path]
    config.parse_config(options)
    odoo.tools.config["log_level"] = "warn"
    run_date = date.fromisoformat(args.date)
    registry = Registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        company = env.company
        ensure_policy(env, company)
        if args.seed_customers:
            count = measure(
                env,
                "seed invoices",
                lambda: seed(env, company, args.seed_customers, run_date),
            )
            print(f"seeded {count} invoices")
        run = env["ar.dunning.run"].create({"date": run_date, "company_id": company.id})
        measure(env, "preview (decide)", run.action_preview)
        comms = run.communication_ids
        print(
            f"customers dunned: {len(comms.partner_id)}, communications: "
            f"{len(comms)}, items: {len(comms.line_ids)}"
        )
        measure(env, "validate (act)", run.action_validate)
        cr.rollback()


if __name__ == "__main__":
    main()
