"""Risk profile of a customer in a company: score, grade, suggested limit.

A small model (one row per commercial partner and company) rather than
company-dependent fields on the partner: the scoring cron creates and
updates rows in batches, the rows get their own list ("Risk Grades"),
multi-company rule, review activities and grouping by grade, and the
partner table stays lean. The partner shows the current company's row.
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL, formatLang

from odoo.addons.account_receivable_management.engine import risk
from odoo.addons.account_receivable_management.engine.money import to_decimal

GRADES = [
    ("A", "A - Low risk"),
    ("B", "B - Moderate"),
    ("C", "C - Watch"),
    ("D", "D - High risk"),
    ("E", "E - Severe"),
]


class ArCreditProfile(models.Model):
    _name = "ar.credit.profile"
    _description = "Customer Credit Risk Profile"
    _inherit = ["mail.thread", "mail.activity.mixin"]  # noqa: RUF012
    _order = "score desc, id"
    _rec_name = "partner_id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    score = fields.Integer(help="0 is the safest customer, 100 the riskiest.")
    grade = fields.Selection(GRADES, index=True)
    reason_data = fields.Json(
        readonly=True, help="Technical: the reason codes and figures of the score."
    )
    reasons = fields.Text(compute="_compute_reasons")
    suggested_limit = fields.Monetary(
        currency_field="currency_id",
        help="Peak sales over 90 days in the last year times a factor of the grade.",
    )
    credit_limit = fields.Float(
        string="Current Limit",
        compute="_compute_credit_limit",
        inverse="_inverse_credit_limit",
        help="The customer's credit limit in this company; credit managers "
        "change it here.",
    )
    credit_limit_editable = fields.Boolean(compute="_compute_credit_limit_editable")
    review_date = fields.Date(string="Next Credit Review")
    scored_on = fields.Date(readonly=True)

    _partner_company_uniq = models.Constraint(
        "unique(partner_id, company_id)",
        "A customer has one risk profile per company.",
    )

    def _compute_credit_limit(self):
        for profile in self:
            profile.credit_limit = (
                profile.partner_id.sudo().with_company(profile.company_id).credit_limit
            )

    def _inverse_credit_limit(self):
        """Write the customer's limit as the user (credit managers only)."""
        for profile in self:
            profile.partner_id.with_company(
                profile.company_id
            ).credit_limit = profile.credit_limit

    @api.depends_context("uid")
    def _compute_credit_limit_editable(self):
        self.credit_limit_editable = self.env["res.partner"]._ar_is_credit_manager()

    @api.model
    def _ar_cron_risk_scores(self):
        """Scheduled action: score every customer with receivables, per company."""
        companies = self.env["res.company"].search([])
        for index, company in enumerate(companies):
            self._ar_score_company(company)
            self._ar_schedule_reviews(company)
            self.env["ir.cron"]._commit_progress(
                1, remaining=len(companies) - index - 1
            )

    @api.model
    def _ar_score_company(self, company):
        """Score the customers of ``company`` set-wise (a few aggregate queries)."""
        today = fields.Date.context_today(self)
        since = today - relativedelta(years=1)
        self.env.flush_all()
        company_ids = tuple(
            self.env["res.company"]
            .sudo()
            .search([("id", "child_of", company.root_id.id)])
            .ids
        )
        receivable = SQL(
            """account_move_line l
              JOIN account_account a ON a.id = l.account_id
              JOIN res_partner p ON p.id = l.partner_id
              JOIN account_move m ON m.id = l.move_id"""
        )
        customers = self.env.execute_query(
            SQL(
                """SELECT p.commercial_partner_id, MIN(m.invoice_date)
                     FROM %s
                    WHERE a.account_type = 'asset_receivable'
                      AND l.parent_state = 'posted' AND m.move_type = 'out_invoice'
                      AND l.company_id IN %s
                 GROUP BY p.commercial_partner_id""",
                receivable,
                company_ids,
            )
        )
        if not customers:
            return self.browse()
        first_invoice = dict(customers)
        payments = {
            row[0]: row[1:]
            for row in self.env.execute_query(
                SQL(
                    """SELECT p.commercial_partner_id, SUM(pr.amount),
                              SUM(pr.amount
                                  * GREATEST(pr.max_date - l.date_maturity, 0)),
                              SUM(CASE WHEN pr.max_date > l.date_maturity
                                       THEN pr.amount ELSE 0 END)
                         FROM account_partial_reconcile pr
                         JOIN %s ON l.id = pr.debit_move_id
                        WHERE a.account_type = 'asset_receivable'
                          AND m.move_type = 'out_invoice'
                          AND l.company_id IN %s AND pr.max_date >= %s
                     GROUP BY p.commercial_partner_id""",
                    receivable,
                    company_ids,
                    since,
                )
            )
        }
        sales = {}
        for pid, day, amount in self.env.execute_query(
            SQL(
                """SELECT p.commercial_partner_id, m.invoice_date, SUM(l.balance)
                     FROM %s
                    WHERE a.account_type = 'asset_receivable'
                      AND l.parent_state = 'posted' AND m.move_type = 'out_invoice'
                      AND l.company_id IN %s AND m.invoice_date >= %s
                 GROUP BY p.commercial_partner_id, m.invoice_date""",
                receivable,
                company_ids,
                since,
            )
        ):
            sales.setdefault(pid, []).append((day, to_decimal(amount or 0)))
        figures = self.env["res.partner"]._ar_credit_raw_figures(
            list(first_invoice), company
        )
        existing = {
            profile.partner_id.id: profile
            for profile in self.search_fetch(
                [
                    ("company_id", "=", company.id),
                    ("partner_id", "in", list(first_invoice)),
                ],
                ["partner_id"],
            )
        }
        to_create = []
        for pid, first in first_invoice.items():
            paid, weighted, late = (
                to_decimal(v or 0) for v in payments.get(pid, (0, 0, 0))
            )
            fig = figures[pid]
            months = (
                relativedelta(today, first).years * 12
                + relativedelta(today, first).months
                if first
                else 0
            )
            result = risk.score(
                risk.Behaviour(
                    paid_amount=paid,
                    weighted_days_late=weighted,
                    late_paid_amount=late,
                    overdue_now=to_decimal(fig["overdue_amount"]),
                    exposure=to_decimal(fig["open"]),
                    disputed=to_decimal(fig["disputed"]),
                    months_of_relationship=months,
                )
            )
            vals = {
                "score": result.score,
                "grade": result.grade,
                "reason_data": [
                    [reason.code, {k: float(v) for k, v in reason.params.items()}]
                    for reason in result.reasons
                ],
                "suggested_limit": float(
                    risk.suggested_limit(sales.get(pid, []), result.grade)
                ),
                "scored_on": today,
            }
            if pid in existing:
                existing[pid].write(vals)
            else:
                to_create.append(
                    dict(
                        vals,
                        partner_id=pid,
                        company_id=company.id,
                        review_date=today + timedelta(days=365),
                    )
                )
        self.create(to_create)
        return self.search([("company_id", "=", company.id)])

    @api.depends("reason_data")
    @api.depends_context("lang")
    def _compute_reasons(self):
        for profile in self:
            profile.reasons = (
                "\n".join(
                    profile._ar_reason_text(code, params)
                    for code, params in profile.reason_data
                )
                if profile.reason_data
                else False
            )

    def _ar_reason_text(self, code, fig):
        """A risk reason (engine code and figures) in the user's words."""
        if code == "days_late":
            return self.env._(
                "Pays %(days)s days late on average",
                days=formatLang(self.env, fig["average_days_late"], digits=1),
            )
        if code == "share_late":
            return self.env._(
                "%(percent)s%% of the amounts paid came late",
                percent=formatLang(self.env, fig["share_late_percent"], digits=0),
            )
        if code == "overdue_now":
            return self.env._(
                "%(percent)s%% of the exposure is overdue",
                percent=formatLang(self.env, fig["overdue_percent"], digits=0),
            )
        if code == "disputed":
            return self.env._(
                "%(percent)s%% of the exposure is disputed",
                percent=formatLang(self.env, fig["disputed_percent"], digits=0),
            )
        if code == "broken_plans":
            return self.env._(
                "%(count)s payment plans broken in the last 12 months",
                count=int(fig["count"]),
            )
        if code == "new_customer":
            return self.env._(
                "Customer for %(months)s months only", months=int(fig["months"])
            )
        return code

    @api.model
    def _ar_schedule_reviews(self, company):
        """A to-do for the collector on each profile whose review date is due."""
        today = fields.Date.context_today(self)
        due = self.search(
            [
                ("company_id", "=", company.id),
                ("review_date", "<=", today),
                ("activity_ids", "=", False),
            ]
        )
        for profile in due:
            collector = profile.partner_id.with_company(company)._ar_get_collector()
            profile.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=profile.review_date,
                summary=self.env._("Credit review"),
                user_id=(collector or self.env.user).id,
            )
        return due
