#!/usr/bin/env python3
"""Time a WHOLE dunning run and count its SQL queries, ours and OCA's, same data.

Usage (Odoo 19 importable, module upgraded in a COPY of the benchmark
database, OCA ``account_credit_control`` installed in the same copy)::

    python3 benchmarks/dunning_run.py --db dunning_copy \
        --db-host /path/to/socket --db-port 54329 --addons-path ... \
        [--workers 2] [--seed-customers 300]

Measured in one process, each in a savepoint rolled back before the next:

* ours, the whole manual run for every overdue customer: preview (gather,
  decide, create the communications), then validation of all of them (every
  fee, interest and compensation entry posted, every email queued, chatter,
  invoice levels);
* OCA, the same customers: a policy with the same four levels on the
  receivable accounts; ``generate_credit_lines`` over every overdue item,
  then ``_generate_comm_from_credit_lines`` and ``_generate_emails`` for every
  email line (OCA's PDF summary is left out unless ``--oca-pdf``: our
  formal notice's statement is rendered when the email leaves, not in the
  run, so neither side renders a PDF here).

``--workers N`` then runs the scheduled action in N server-side workers at
once (N processes, each its own transaction per batch, as N cron workers
would), COMMITTED to the copy, and checks every overdue customer got exactly
one communication: run it on a copy you drop afterwards.
"""

import argparse
import os
import random
import subprocess
import sys
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


def uptime():
    return subprocess.run(
        ["uptime"], check=False, capture_output=True, text=True
    ).stdout.strip()


def connect(args):
    options = ["-d", args.db, "--db_user", "odoo"]
    if args.db_host:
        options += ["--db_host", args.db_host]
    if args.db_port:
        options += ["--db_port", args.db_port]
    if args.addons_path:
        options += ["--addons-path", args.addons_path]
    config.parse_config(options)
    odoo.tools.config["log_level"] = "warn"
    return Registry(args.db)


def ours_whole_run(env, company, run_date, rows):
    run = env["ar.dunning.run"].create({"date": run_date, "company_id": company.id})
    _r, sec_p, qry_p = measure(env, "ours: preview (all)", run.action_preview)
    comms = run.communication_ids
    _r, sec_v, qry_v = measure(env, "ours: validate (all)", run.action_validate)
    done = comms.filtered(lambda c: c.state in ("done", "error"))
    mails = done.filtered(lambda c: c.mail_state == "queued")
    print(
        f"  {len(done)} communications validated, {len(mails)} emails queued, "
        f"{len(done.charge_move_id)} fee/interest entries posted",
        flush=True,
    )
    customers = len(comms.partner_id)
    rows.append(
        row("ours: preview", len(comms.line_ids), customers, len(comms), sec_p, qry_p)
    )
    rows.append(
        row(
            f"ours: validate ({len(mails)} emails)",
            len(done.line_ids),
            len(done.partner_id),
            len(done),
            sec_v,
            qry_v,
        )
    )
    total = sec_p + sec_v
    rows.append(
        row(
            "ours: WHOLE RUN",
            len(comms.line_ids),
            customers,
            len(done),
            total,
            qry_p + qry_v,
        )
    )
    return total, set(comms.partner_id.ids)


def oca_whole_run(env, company, run_date, keep_pdf, rows):
    policy = oca_policy(env, company, keep_pdf)
    oca = env["credit.control.run"].create(
        {
            "date": run_date,
            "company_id": company.id,
            "policy_ids": [Command.set(policy.ids)],
        }
    )
    _r, sec_g, qry_g = measure(
        env, "OCA: generate_credit_lines (all)", oca.generate_credit_lines
    )
    lines = oca.line_ids
    rows.append(
        row(
            "OCA: generate lines",
            len(lines),
            len(lines.commercial_partner_id),
            0,
            sec_g,
            qry_g,
        )
    )
    emailed = lines.filtered(lambda line: line.channel == "email")

    def send():
        emailed.write({"state": "to_be_sent"})
        comm_model = env["credit.control.communication"]
        oca_comms = comm_model._generate_comm_from_credit_lines(emailed)
        oca_comms._generate_emails()
        return oca_comms

    oca_comms, sec_s, qry_s = measure(env, "OCA: communications+emails (all)", send)
    mails = env["mail.mail"].search_count(
        [
            ("model", "=", "credit.control.communication"),
            ("res_id", "in", oca_comms.ids),
        ]
    )
    customers = len(emailed.commercial_partner_id)
    rows.append(
        row(
            f"OCA: communications+emails ({mails} emails)",
            len(emailed),
            customers,
            len(oca_comms),
            sec_s,
            qry_s,
        )
    )
    total = sec_g + sec_s
    rows.append(
        row(
            "OCA: WHOLE RUN",
            len(lines),
            len(lines.commercial_partner_id),
            len(oca_comms),
            total,
            qry_g + qry_s,
        )
    )
    return total


def worker(args):
    """One scheduled-action worker: batches until nothing is left it can take."""
    registry = connect(args)
    start = time.perf_counter()
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        Run = env["ar.dunning.run"]
        company = env.company
        day = date.fromisoformat(args.date)
        run = Run._ar_scheduled_run(company, day)
        cr.commit()
        if not run:
            # the other worker created it: seen from this new transaction on,
            # as _commit_progress does for a cron worker
            run = Run._ar_scheduled_run(company, day)
        batches = customers = 0
        while run and run.state != "done":
            processed, remaining = run._ar_run_batch(args.batch)
            cr.commit()  # what _commit_progress does in a cron worker
            batches += 1
            customers += processed
            if remaining and not processed:
                break
    print(
        f"worker {os.getpid()}: {customers} customers in {batches} batches, "
        f"{time.perf_counter() - start:.1f} s",
        flush=True,
    )


def expected_automatic(args):
    """Before the workers: the customers the scheduled run must dun (decided by
    the same plan, automatic levels only), in a transaction rolled back."""
    registry = connect(args)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        run = env["ar.dunning.run"].create(
            {"company_id": env.company.id, "date": date.fromisoformat(args.date)}
        )
        candidates = run._ar_candidate_partners()
        planned = run._ar_plan(candidates, automatic_only=True)
        expected = {(vals["partner_id"], vals["currency_id"]) for vals in planned}
        cr.rollback()
    return len(candidates), expected


def workers_run(args):
    """N workers at once on the committed copy; every overdue customer once."""
    candidates, expected = expected_automatic(args)
    print(
        f"before the workers: {candidates} overdue customers; the plan of the "
        f"automatic levels dunns {len(expected)} (customer, currency) of them"
    )
    base = [sys.executable, __file__, "--worker", "--db", args.db, "--date", args.date]
    for flag in ("db_host", "db_port", "addons_path"):
        value = getattr(args, flag)
        if value:
            base += [f"--{flag.replace('_', '-')}", value]
    base += ["--batch", str(args.batch)]
    start = time.perf_counter()
    procs = [subprocess.Popen(base) for _n in range(args.workers)]
    codes = [proc.wait() for proc in procs]
    seconds = time.perf_counter() - start
    registry = connect(args)
    with registry.cursor() as cr:
        cr.execute(
            """
            SELECT count(*), count(DISTINCT c.partner_id),
                   count(*) FILTER (WHERE c.state IN ('done', 'error'))
              FROM ar_dunning_communication c
              JOIN ar_dunning_run r ON r.id = c.run_id
             WHERE r.automatic AND r.date = %s
            """,
            [args.date],
        )
        _comms, partners, validated = cr.fetchone()
        cr.execute(
            """
            SELECT count(*) FROM (
                SELECT c.partner_id, c.currency_id FROM ar_dunning_communication c
                  JOIN ar_dunning_run r ON r.id = c.run_id
                 WHERE r.automatic AND r.date = %s
              GROUP BY 1, 2 HAVING count(*) > 1) twice
            """,
            [args.date],
        )
        twice = cr.fetchone()[0]
        cr.execute(
            """
            SELECT count(*) FROM ar_dunning_queue q
              JOIN ar_dunning_run r ON r.id = q.run_id
             WHERE r.automatic AND r.date = %s
            """,
            [args.date],
        )
        queued = cr.fetchone()[0]
        cr.execute(
            "SELECT count(*) FROM ar_dunning_run WHERE automatic AND date = %s",
            [args.date],
        )
        runs = cr.fetchone()[0]
        cr.execute(
            """
            SELECT c.partner_id, c.currency_id FROM ar_dunning_communication c
              JOIN ar_dunning_run r ON r.id = c.run_id
             WHERE r.automatic AND r.date = %s AND c.state IN ('done', 'error')
            """,
            [args.date],
        )
        got = set(cr.fetchall())
    print(
        f"expected (customer, currency) dunned: {len(expected)}; got: {len(got)}; "
        f"expected but missing: {len(expected - got)}; not expected: "
        f"{len(got - expected)}"
    )
    print(
        f"{args.workers} workers: {seconds:.1f} s (exit codes {codes}); "
        f"{runs} scheduled run(s); {validated} communications validated for "
        f"{partners} customers, {twice} customer(s) with two, {queued} still queued"
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
    parser.add_argument("--skip-whole", action="store_true")
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    print(f"$ uptime: {uptime()}")
    run_date = date.fromisoformat(args.date)
    if not args.skip_whole:
        registry = connect(args)
        rows, ours = [], None
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
            with closing(cr.savepoint()):
                ours, _customers = ours_whole_run(env, company, run_date, rows)
            env.invalidate_all()
            oca = None
            if "credit.control.run" not in env:
                print("OCA account_credit_control is not installed in this database")
            else:
                with closing(cr.savepoint()):
                    oca = oca_whole_run(env, company, run_date, args.oca_pdf, rows)
            env.invalidate_all()
            cr.rollback()
        print()
        print(f"Summary: database {args.db}, run date {run_date}, whole run")
        print(
            f"{'step':<44} {'items':>8} {'customers':>9} {'comms':>7} "
            f"{'seconds':>8} {'queries':>8} {'q/cust':>8}"
        )
        for line in rows:
            print(line)
        if oca:
            print(f"OCA / ours, whole run: {oca / ours:.1f}x")
        print(f"$ uptime: {uptime()}")
    if args.workers:
        workers_run(args)
        print(f"$ uptime: {uptime()}")


if __name__ == "__main__":
    main()
