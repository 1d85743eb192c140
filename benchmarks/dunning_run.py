#!/usr/bin/env python3
"""Time a dunning run and count its SQL queries, ours and OCA's, same data.

Usage (Odoo 19 importable, module installed in a COPY of the database; for
the comparison, OCA ``account_credit_control`` installed in the same copy)::

    python3 benchmarks/dunning_run.py --db dun_100k \\
        --db-host /path/to/socket --db-port 54329 --addons-path ... \\
        [--batch 200] [--seed-customers 300]

Measured, each in a savepoint rolled back before the next one:

* ours, manual run: preview (gather, decide, create communications) over every
  overdue customer, then validation of one slice of ``--batch`` customers
  (fees posted, emails queued, chatter, invoice levels);
* ours, scheduled action: one batch of ``--batch`` customers
  (``_ar_run_batch``: decide and validate the automatic levels);
* OCA: a policy with the same four levels on the receivable accounts, set as
  the company's policy; ``credit.control.run.generate_credit_lines`` over every
  overdue item, then communications and emails for the same slice of customers
  (``set_to_ready_lines`` and ``_generate_comm_from_credit_lines`` +
  ``_generate_emails``). The PDF summary OCA's template attaches is left out
  (``--oca-pdf`` keeps it), as our first level sends no attachment either.

``--seed-customers N`` first creates N customers with 4 overdue invoices each
(for a database without the generator's data). Everything is rolled back at
the end: the database is left as it was.
"""

import argparse
import random
import time
from contextlib import closing
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
    seconds, count = time.perf_counter() - start, env.cr.sql_log_count - queries
    print(f"{label:<34} {seconds:8.2f} s {count:8d} queries", flush=True)
    return result, seconds, count


OCA_LEVELS = (
    (1, "net_days", 7),
    (2, "net_days", 21),
    (3, "net_days", 45),
    (4, "net_days", 60),
)


def oca_policy(env, company, keep_pdf):
    """A policy of OCA account_credit_control with our four levels."""
    template = env.ref("account_credit_control.email_template_credit_control_base")
    if not keep_pdf:
        template.report_template_ids = [Command.clear()]
    accounts = env["account.account"].search(
        [
            ("account_type", "=", "asset_receivable"),
            ("company_ids", "in", company.ids),
        ]
    )
    policy = env["credit.control.policy"].create(
        {
            "name": "Benchmark policy",
            "company_id": company.id,
            "account_ids": [Command.set(accounts.ids)],
            "level_ids": [
                Command.create(
                    {
                        "name": name,
                        "level": level,
                        "computation_mode": mode,
                        "delay_days": days,
                        "email_template_id": template.id,
                        "channel": "email",
                        "custom_text": name,
                        "custom_mail_text": f"<p>{name}</p>",
                        "mail_show_invoice_detail": True,
                    }
                )
                for (level, mode, days), (_s, name, _d, _e) in zip(
                    OCA_LEVELS, LEVELS, strict=True
                )
            ],
        }
    )
    company.credit_policy_id = policy
    return policy


def row(label, items, customers, comms, seconds, queries):
    per = f"{queries / customers:8.2f}" if customers else "       -"
    return (
        f"{label:<44} {items:>8} {customers:>9} {comms:>7} "
        f"{seconds:>8.1f} {queries:>8} {per}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="arm_bench")
    parser.add_argument("--db-host")
    parser.add_argument("--db-port")
    parser.add_argument("--addons-path")
    parser.add_argument("--date", default=date.today().isoformat())
    parser.add_argument("--seed-customers", type=int, default=0)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--oca-pdf", action="store_true")
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
            )[0]
            print(f"seeded {count} invoices")
        rows = []
        # ---------------- ours ----------------
        with closing(cr.savepoint()):
            run = env["ar.dunning.run"].create(
                {"date": run_date, "company_id": company.id}
            )
            _r, sec, qry = measure(env, "ours: preview (all)", run.action_preview)
            comms = run.communication_ids
            rows.append(
                row(
                    "ours: preview, all overdue customers",
                    len(comms.line_ids),
                    len(comms.partner_id),
                    len(comms),
                    sec,
                    qry,
                )
            )
            slice_partners = sorted(comms.partner_id.ids)[: args.batch]
            part = comms.filtered(lambda c: c.partner_id.id in set(slice_partners))
            validated, sec, qry = measure(
                env, f"ours: validate {args.batch} customers", part._ar_validate
            )
            mails = validated.filtered(lambda c: c.mail_state == "queued")
            print(
                f"  validated {len(validated)} communications, {len(mails)} "
                f"emails queued, {len(validated.charge_move_id)} fee entries posted"
            )
            rows.append(
                row(
                    f"ours: validate slice ({len(mails)} emails)",
                    len(validated.line_ids),
                    len(validated.partner_id),
                    len(validated),
                    sec,
                    qry,
                )
            )
        env.invalidate_all()
        with closing(cr.savepoint()):
            auto = env["ar.dunning.run"].create(
                {"date": run_date, "company_id": company.id, "automatic": True}
            )
            _r, sec, qry = measure(
                env,
                f"ours: scheduled batch of {args.batch}",
                lambda: auto._ar_run_batch(args.batch),
            )
            comms = auto.communication_ids
            rows.append(
                row(
                    "ours: one scheduled batch (decide+validate)",
                    len(comms.line_ids),
                    len(comms.partner_id),
                    len(comms),
                    sec,
                    qry,
                )
            )
        env.invalidate_all()
        # ---------------- OCA ----------------
        if "credit.control.run" not in env:
            print("OCA account_credit_control is not installed in this database")
        else:
            with closing(cr.savepoint()):
                oca_run_date = run_date
                policy = oca_policy(env, company, args.oca_pdf)
                oca = env["credit.control.run"].create(
                    {
                        "date": oca_run_date,
                        "company_id": company.id,
                        "policy_ids": [Command.set(policy.ids)],
                    }
                )
                _r, sec, qry = measure(
                    env, "OCA: generate_credit_lines (all)", oca.generate_credit_lines
                )
                lines = oca.line_ids
                rows.append(
                    row(
                        "OCA: generate lines, all overdue items",
                        len(lines),
                        len(lines.commercial_partner_id),
                        0,
                        sec,
                        qry,
                    )
                )
                chosen = set(slice_partners)
                part = lines.filtered(
                    lambda line: (
                        line.commercial_partner_id.id in chosen
                        and line.channel == "email"
                    )
                )

                def oca_send():
                    part.write({"state": "to_be_sent"})
                    comm_model = env["credit.control.communication"]
                    oca_comms = comm_model._generate_comm_from_credit_lines(part)
                    oca_comms._generate_emails()
                    return oca_comms

                oca_comms, sec, qry = measure(
                    env, f"OCA: emails {args.batch} customers", oca_send
                )
                mails = env["mail.mail"].search_count(
                    [
                        ("model", "=", "credit.control.communication"),
                        ("res_id", "in", oca_comms.ids),
                    ]
                )
                rows.append(
                    row(
                        f"OCA: communications+emails slice ({mails} emails)",
                        len(part),
                        len(part.commercial_partner_id),
                        len(oca_comms),
                        sec,
                        qry,
                    )
                )
        cr.rollback()
    print()
    print(
        f"Summary: database {args.db}, run date {run_date}, slice = first "
        f"{args.batch} customers by id (the scheduled action's batch size)"
    )
    print(
        f"{'step':<44} {'items':>8} {'customers':>9} {'comms':>7} "
        f"{'seconds':>8} {'queries':>8} {'q/cust':>8}"
    )
    for line in rows:
        print(line)


if __name__ == "__main__":
    main()
