# Copyright 2026 Accounts Receivable Management contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Demo seeding: what the receivables generator does not make, so that every
screen of the demo database shows data.

Called by ``scripts/run-demo`` after ``scripts/generate --bulk``; never
imported by the server. Everything goes through the addon's own methods (the
ones its buttons and scheduled actions call): credit settings, limits, holds
and approval requests; a dunning history of three validated runs with fees
and letters, and a run left in preview; disputes at every stage and
deductions on short payments; promises to pay; risk grades; cash-application
proposals for the bank statement lines; month-end KPI snapshots.
"""

import logging
import random
import time
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import Command, fields

_logger = logging.getLogger(__name__)

MODULE = "account_receivable_management"
# The second demo user: a credit controller working in French.
DEMO_USER = {
    "login": "claire",
    "password": "claire",
    "name": "Claire Dubois",
    "lang": "fr_FR",
    "tz": "Europe/Paris",
}
KPI_MONTHS = 18
DUNNING_RUN_DAYS_AGO = (56, 28, 7)  # validated runs; one more today, in preview
COMMUNICATIONS_PER_RUN = 40


class DemoSeeder:
    """Seeds the demo company; ``run()`` returns what it made, as counts."""

    def __init__(self, env, seed=1):
        # texts the addon stores (hold reasons, chatter, activities) are
        # written in the admin's language, English
        self.env = env = env(context=dict(env.context, lang="en_US"))
        self.company = env.company
        self.rng = random.Random(seed)
        self.today = fields.Date.context_today(env["res.partner"])
        self.stats = {}

    def run(self):
        steps = (
            self._languages_and_users,
            self._credit_settings,
            self._credit_limits,
            self._risk_grades,
            self._dunning_history,
            self._disputes,
            self._deductions,
            self._promises_to_pay,
            self._credit_holds,
            self._credit_approvals,
            self._cash_proposals,
            self._kpi_snapshots,
            self._collections,
        )
        for step in steps:
            started = time.monotonic()
            step()
            self.env.flush_all()
            _logger.info(
                "demo seed: %s in %.1f s",
                step.__name__.strip("_"),
                time.monotonic() - started,
            )
        return self.stats

    # ---------------------------------------------------------------- helpers
    def _open_invoices(self, overdue=None):
        """Posted customer invoices with something left to pay, oldest first."""
        domain = [
            ("company_id", "=", self.company.id),
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "in", ("not_paid", "partial")),
        ]
        if overdue is not None:
            domain.append(("invoice_date_due", "<" if overdue else ">=", self.today))
        return self.env["account.move"].search(domain, order="invoice_date_due, id")

    @staticmethod
    def _open_item(invoice):
        """The invoice's open receivable item with the most left to pay."""
        return invoice.line_ids.filtered(
            lambda l: l.account_type == "asset_receivable" and not l.reconciled
        ).sorted(lambda l: -l.amount_residual_currency)[:1]

    def _pick(self, records, count):
        ids = records.ids
        return records.browse(self.rng.sample(ids, min(count, len(ids))))

    # ---------------------------------------------------------------- steps
    def _languages_and_users(self):
        """English and French installed; admin in English; Claire in French."""
        for code in ("en_US", "fr_FR"):
            self.env["res.lang"]._activate_lang(code)
        self.env.ref("base.user_admin").write({"lang": "en_US"})
        self.env.ref("base.partner_admin").write({"lang": "en_US"})
        Users = self.env["res.users"].with_context(no_reset_password=True)
        claire = Users.search([("login", "=", DEMO_USER["login"])])
        if not claire:
            claire = Users.create(
                {
                    **DEMO_USER,
                    "email": "claire.dubois@example.com",
                    "company_id": self.company.id,
                    "company_ids": [Command.set(self.company.ids)],
                    "group_ids": [
                        Command.link(self.env.ref("base.group_user").id),
                        Command.link(self.env.ref(f"{MODULE}.group_ar_user").id),
                    ],
                }
            )
        self.claire = claire
        self.collectors = self.env.ref("base.user_admin") | claire
        self.stats["users"] = ["admin (en_US)", f"{claire.login} (fr_FR)"]

    def _credit_settings(self):
        """Credit control on, in block mode, with automatic hold thresholds."""
        self.company.write(
            {
                "account_use_credit_limit": True,
                "ar_credit_policy_mode": "block",
                "ar_credit_hold_days_overdue": 365,
            }
        )

    def _credit_limits(self):
        """A limit for every customer with receivables: most have room, a few
        are already over it."""
        rows = self.env["account.move.line"]._read_group(
            [
                ("company_id", "=", self.company.id),
                ("account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("partner_id", "!=", False),
            ],
            ["partner_id"],
            ["amount_residual:sum", "balance:sum"],
        )
        by_limit = defaultdict(list)
        over = 0
        for customer, residual, balance in rows:
            partner = customer.commercial_partner_id
            activity = max(abs(balance), residual, 1000.0)
            if residual > 5000 and self.rng.random() < 0.04:
                limit = residual * 0.8  # over its limit already
                over += 1
            else:
                limit = max(residual, activity / 6) * self.rng.uniform(1.3, 2.5)
            by_limit[round(limit, -3) or 1000.0].append(partner.id)
        Partner = self.env["res.partner"].with_company(self.company)
        for limit, partner_ids in by_limit.items():
            Partner.browse(partner_ids).write({"credit_limit": limit})
        self.stats["credit_limits"] = sum(len(ids) for ids in by_limit.values())
        self.stats["customers_over_limit"] = over

    def _risk_grades(self):
        self.env["ar.credit.profile"]._ar_score_company(self.company)
        self.stats["risk_profiles"] = self.env["ar.credit.profile"].search_count(
            [("company_id", "=", self.company.id)]
        )

    def _dunning_history(self):
        """Three validated runs in the last two months (emails, letters to
        print, phone calls, fees and interest posted), and today's run in
        preview for the user to validate."""
        policy = self.env.ref(f"{MODULE}.ar_dunning_policy_default")
        income = self.env["account.account"].search(
            [
                ("company_ids", "in", self.company.id),
                ("account_type", "in", ("income_other", "income")),
            ],
            order="account_type desc, code",
            limit=1,
        )
        journal = self.env["account.journal"].search(
            [("company_id", "=", self.company.id), ("type", "=", "general")],
            limit=1,
        )
        policy.write(
            {
                "fee_journal_id": journal.id,
                "fee_account_id": income.id,
                "interest_account_id": income.id,
                "compensation_account_id": income.id,
            }
        )
        # the statements attached to formal notices are rendered by
        # wkhtmltopdf, about a second each: the history goes without them
        attaching = policy.level_ids.filtered("attach_statement")
        attaching.attach_statement = False
        Run = self.env["ar.dunning.run"]
        validated = Run
        for days in DUNNING_RUN_DAYS_AGO:
            run = Run.create(
                {
                    "company_id": self.company.id,
                    "date": self.today - relativedelta(days=days),
                }
            )
            run.action_preview()
            self._keep_some(run.communication_ids)
            if run.communication_ids:
                run.action_validate()
                validated |= run
            else:
                run.unlink()
        attaching.attach_statement = True
        preview = Run.create({"company_id": self.company.id, "date": self.today})
        preview.action_preview()
        self._keep_some(preview.communication_ids)
        comms = validated.communication_ids
        self.stats["dunning_runs"] = len(validated)
        self.stats["dunning_communications"] = len(comms)
        self.stats["dunning_letters"] = len(comms.filtered("level_id.channel_letter"))
        self.stats["dunning_preview"] = len(preview.communication_ids)

    def _keep_some(self, comms):
        extra = len(comms) - COMMUNICATIONS_PER_RUN
        if extra > 0:
            self._pick(comms, extra).unlink()

    def _disputes(self):
        """Disputes at every stage, owned by admin or Claire; a few resolved
        with a credit note."""
        reasons = self.env["ar.dispute.reason"].search(
            [("company_id", "in", (False, self.company.id))]
        )
        invoices = self._pick(self._open_invoices(), 24)
        Dispute = self.env["ar.dispute"]
        cases = Dispute
        for index, invoice in enumerate(invoices.sorted("id")):
            item = self._open_item(invoice)
            share = self.rng.choice((1.0, 0.5, 0.25, 0.1))
            amount = invoice.currency_id.round(item.amount_residual_currency * share)
            cases |= Dispute.create(
                {
                    "company_id": self.company.id,
                    "kind": "dispute",
                    "partner_id": invoice.commercial_partner_id.id,
                    "reason_id": self.rng.choice(reasons.ids),
                    "user_id": self.collectors[index % 2].id,
                    "date_opened": self.today
                    - relativedelta(days=self.rng.randint(1, 40)),
                    "priority": self.rng.choice(("0", "0", "1")),
                    "line_ids": [
                        Command.create(
                            {
                                "move_id": invoice.id,
                                "move_line_id": item.id,
                                "amount_currency": amount,
                            }
                        )
                    ],
                }
            )
        cases = cases.sorted("id")
        for case in cases[:6]:
            case.action_investigate()
        for case in cases[6:10]:
            case.action_wait_customer()
        for case in cases[10:13]:
            case._ar_resolve(
                accepted=case.currency_id.round(case.amount_disputed / 2),
                note=self.env._("Half the amount credited after review."),
            )
        self.stats["disputes"] = len(cases)
        self.stats["disputes_resolved"] = 3

    def _deductions(self):
        """Short payments left open on partly paid invoices become deductions."""
        partial = self._open_invoices().filtered(
            lambda m: (
                m.payment_state == "partial"
                and not m.ar_dispute_count
                and m.amount_residual < m.amount_total / 3
            )
        )
        Dispute = self.env["ar.dispute"]
        cases = Dispute
        for invoice in self._pick(partial, 8):
            cases |= Dispute._ar_create_deduction(invoice, invoice.amount_residual)
        self.stats["deductions"] = len(cases)

    def _promises_to_pay(self):
        """Promises on overdue items: pending, kept and broken."""
        overdue = self._open_invoices(overdue=True).filtered(
            lambda m: not m.ar_dispute_count
        )
        Promise = self.env["ar.promise.to.pay"]
        promises = Promise
        for invoice in self._pick(overdue, 14):
            lines = invoice.line_ids.filtered(
                lambda l: l.account_type == "asset_receivable" and not l.reconciled
            )
            # made by a collector, as in real life: the dashboard's
            # effectiveness card counts promises per collector
            collector = self.collectors[self.rng.randrange(len(self.collectors))]
            promises |= Promise.with_user(collector).create(
                {
                    "company_id": self.company.id,
                    "partner_id": invoice.commercial_partner_id.id,
                    "move_line_ids": [Command.set(lines.ids)],
                    "amount": invoice.amount_residual,
                    "promised_date": self.today
                    + relativedelta(days=self.rng.randint(-10, 20)),
                    "note": self.env._("Promised on the phone."),
                }
            )
        promises = promises.sudo().sorted("id")
        promises[:2].action_mark_broken()
        promises[2:4].action_mark_kept()
        self.stats["promises"] = len(promises)

    def _credit_holds(self):
        """The daily check holds customers far overdue; a few more by hand."""
        Partner = self.env["res.partner"]
        Partner._ar_apply_credit_holds()
        held = Partner.search([("ar_credit_hold", "=", True)])
        customers = Partner.search(
            [
                ("ar_credit_hold", "=", False),
                ("is_company", "=", True),
                ("customer_rank", ">", 0),
            ]
        )
        self._pick(customers, 3)._ar_set_credit_hold(
            True, self.env._("Cheque returned unpaid: payment by transfer only.")
        )
        self.stats["customers_on_hold"] = Partner.search_count(
            [("ar_credit_hold", "=", True)]
        )
        self.stats["held_by_the_daily_check"] = len(held)

    def _credit_approvals(self):
        """Draft invoices the block mode refuses, each with a pending request."""
        Partner = self.env["res.partner"].with_company(self.company)
        over = Partner.search(
            [("ar_credit_hold", "=", False), ("credit_limit", ">", 0)]
        ).filtered(lambda p: p.credit and p.credit > p.credit_limit * 0.7)
        product = self.env["product.product"].search(
            [("sale_ok", "=", True), ("company_id", "in", (False, self.company.id))],
            limit=1,
        )
        Approval = self.env["ar.credit.approval"]
        approvals = Approval
        for partner in self._pick(over, 5):
            price = round(max(partner.credit_limit - partner.credit, 0) + 2500, -2)
            invoice = self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "company_id": self.company.id,
                    "partner_id": partner.id,
                    "invoice_date": self.today,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "quantity": 1,
                                "price_unit": price,
                            }
                        )
                    ],
                }
            )
            approvals |= Approval.with_user(self.claire).create(
                {
                    "move_id": invoice.id,
                    "amount": invoice.amount_total,
                    "currency_id": invoice.currency_id.id,
                    "reason": self.env._(
                        "Urgent order; the customer pays the overdue items this week."
                    ),
                }
            )
        self.stats["credit_approvals_pending"] = len(approvals)

    def _cash_proposals(self):
        proposals = self.env["ar.cash.proposal"]._ar_compute_proposals(self.company)
        self.stats["cash_proposals"] = len(proposals or ())

    def _kpi_snapshots(self):
        snapshots = self.env["ar.kpi.snapshot"]._ar_compute_snapshots(
            self.company, months=KPI_MONTHS, by_customer=True
        )
        self.stats["kpi_snapshots"] = len(snapshots)

    def _collections(self):
        """Collectors assigned by rules (French customers to Claire, the rest to
        the admin) and today's worklists computed, as the daily action does."""
        france = self.env.ref("base.fr")
        Rule = self.env["ar.collection.rule"]
        Rule.create(
            [
                {
                    "name": "French customers",
                    "sequence": 10,
                    "country_ids": [Command.set(france.ids)],
                    "collector_id": self.claire.id,
                },
                {
                    "name": "Other customers",
                    "sequence": 20,
                    "collector_id": self.env.ref("base.user_admin").id,
                },
            ]
        )
        Worklist = self.env["ar.collection.customer"]
        Worklist._ar_refresh(self.company)
        self.stats["worklist_customers"] = Worklist.search_count(
            [("company_id", "=", self.company.id)]
        )
