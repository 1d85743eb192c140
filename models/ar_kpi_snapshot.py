"""Month-end collection KPIs per company and, optionally, per customer."""

import calendar
from collections import defaultdict
from decimal import Decimal
from itertools import pairwise

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.fields import Domain

from odoo.addons.account_receivable_management.engine import kpi
from odoo.addons.account_receivable_management.engine.money import to_decimal
from odoo.addons.account_receivable_management.models.ar_aging_query import (
    AgingOptions,
)
from odoo.addons.account_receivable_management.models.ar_company_check import (
    check_same_company,
)

COUNTBACK_MONTHS = 24


def month_end(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


class ArKpiSnapshot(models.Model):
    _name = "ar.kpi.snapshot"
    _description = "Receivables KPI Snapshot"
    _order = "month desc, company_id, partner_id"
    _check_company_auto = True

    month = fields.Date(
        required=True, index=True, help="Last day of the month the figures close."
    )
    company_id = fields.Many2one("res.company", required=True, index=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index=True,
        help="Empty: the figures of the whole company.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    credit_sales = fields.Monetary(
        aggregator="sum",
        help="Posted customer invoices minus credit notes of the month, taxes "
        "included, in company currency (invoice date in the month).",
    )
    receivables = fields.Monetary(
        aggregator="sum",
        help="Open receivables at month end: historical aging on the month's "
        "last day (receivable accounts, partial reconciliations up to that day).",
    )
    current_receivables = fields.Monetary(
        string="Not Yet Due",
        aggregator="sum",
        help="Part of the month-end receivables not yet due on that day.",
    )
    overdue = fields.Monetary(
        aggregator="sum", help="Month-end receivables past their due date."
    )
    disputed = fields.Monetary(
        aggregator="sum",
        help="Disputed amount (journal items' Disputed Amount) of the open items, "
        "as recorded when the snapshot was computed.",
    )
    dso = fields.Float(
        string="DSO",
        aggregator="avg",
        digits=(16, 1),
        help="Standard DSO: receivables / credit sales of the month x its days.",
    )
    dso_countback = fields.Float(
        string="DSO (Countback)",
        aggregator="avg",
        digits=(16, 1),
        help="Countback DSO: from month end, walk back month by month subtracting "
        "each month's credit sales from the receivables; whole months while the "
        "rest exceeds that month's sales, then rest / sales x days.",
    )
    best_dso = fields.Float(
        string="Best Possible DSO",
        aggregator="avg",
        digits=(16, 1),
        help="Not-yet-due receivables / credit sales of the month x days in the month.",
    )
    add = fields.Float(
        string="ADD",
        aggregator="avg",
        digits=(16, 1),
        help="Average days delinquent: DSO - best possible DSO.",
    )
    cei = fields.Float(
        string="CEI (%)",
        aggregator="avg",
        digits=(16, 1),
        help="Collection effectiveness index, full-period sales variant over the "
        "month: (opening receivables + credit sales - closing receivables) / "
        "(opening receivables + credit sales - closing not-yet-due) x 100.",
    )
    turnover = fields.Float(
        string="Receivable Turnover",
        aggregator="avg",
        digits=(16, 2),
        help="Credit sales of the month / average of opening and closing receivables.",
    )
    share_overdue = fields.Float(
        string="Overdue (%)",
        aggregator="avg",
        digits=(16, 1),
        help="Overdue / receivables x 100 at month end.",
    )
    share_disputed = fields.Float(
        string="Disputed (%)",
        aggregator="avg",
        digits=(16, 1),
        help="Disputed amount / receivables x 100 at month end.",
    )

    _month_company_partner_uniq = models.UniqueIndex(
        "(month, company_id, COALESCE(partner_id, 0))"
    )

    @api.constrains("company_id", "partner_id")
    def _check_same_company(self):
        check_same_company(self, ["partner_id"])

    @api.model
    def _ar_credit_sales(self, companies, date_from, date_to):
        """{(company id, partner id or None, month end): Decimal}, one _read_group."""
        groups = self.env["account.move"]._read_group(
            Domain("company_id", "in", companies.ids)
            & Domain("state", "=", "posted")
            & Domain("move_type", "in", ("out_invoice", "out_refund"))
            & Domain("invoice_date", ">=", date_from)
            & Domain("invoice_date", "<=", date_to),
            ["company_id", "commercial_partner_id", "invoice_date:month"],
            ["amount_total_signed:sum"],
        )
        result = defaultdict(Decimal)
        for company, partner, month, raw_amount in groups:
            end = month_end(fields.Date.to_date(month))
            amount = to_decimal(raw_amount)
            result[company.id, partner.id, end] += amount
            result[company.id, None, end] += amount
        return result

    @api.model
    def _ar_month_end_aging(self, companies, day):
        """{(company id, partner id or None): (total, current, overdue, disputed)}."""
        rows = self.env["ar.aging.query"]._ar_aging_rows(
            AgingOptions(as_of=day, company_ids=companies.ids)
        )
        result = defaultdict(lambda: [Decimal(0)] * 4)
        for (
            company_id,
            partner_id,
            _user_id,
            raw_disputed,
            bucket,
            raw_residual,
        ) in rows:
            residual = to_decimal(raw_residual)
            disputed = to_decimal(raw_disputed or 0)
            for key in ((company_id, partner_id), (company_id, None)):
                figures = result[key]
                figures[0] += residual
                figures[1 if bucket == 0 else 2] += residual
                figures[3] += disputed
        return result

    @api.model
    def _ar_compute_snapshots(
        self, companies, months=12, by_customer=False, today=None
    ):
        """(Re)compute the last ``months`` month ends for ``companies``.

        One aging query per month end plus one grouped read of the sales; the
        KPIs come from ``engine.kpi``. Returns the snapshots written.
        """
        today = today or fields.Date.context_today(self)
        last = month_end(today - relativedelta(months=1))
        ends = [
            month_end(last - relativedelta(months=n)) for n in range(months, -1, -1)
        ]
        sales = self._ar_credit_sales(
            companies,
            (ends[0] - relativedelta(months=COUNTBACK_MONTHS)).replace(day=1),
            last,
        )
        agings = {day: self._ar_month_end_aging(companies, day) for day in ends}
        values = []
        for previous, day in pairwise(ends):
            keys = set(agings[day]) | {(c, p) for (c, p, m) in sales if m == day}
            for company_id, partner_id in keys:
                if partner_id is None or by_customer:
                    values.append(
                        self._ar_snapshot_values(
                            company_id, partner_id, day, previous, agings, sales
                        )
                    )
        domain = Domain("company_id", "in", companies.ids) & Domain(
            "month", "in", ends[1:]
        )
        self.search(domain).unlink()
        return self.create(values)

    @api.model
    def _ar_snapshot_values(self, company_id, partner_id, day, previous, agings, sales):
        total, current, overdue, disputed = agings[day].get(
            (company_id, partner_id), [Decimal(0)] * 4
        )
        opening = agings[previous].get((company_id, partner_id), [Decimal(0)])[0]
        month_sales = sales.get((company_id, partner_id, day), Decimal(0))
        days = day.day
        history_sales, history_days = [], []
        cursor = day
        for _n in range(COUNTBACK_MONTHS):
            history_sales.append(
                sales.get((company_id, partner_id, cursor), Decimal(0))
            )
            history_days.append(cursor.day)
            cursor = month_end(cursor.replace(day=1) - relativedelta(days=1))
        dso = kpi.dso_standard(total, month_sales, days)
        best = kpi.best_possible_dso(current, month_sales, days)

        def number(value):
            return float(round(value, 4)) if value is not None else 0.0

        return {
            "month": day,
            "company_id": company_id,
            "partner_id": partner_id or False,
            "credit_sales": float(month_sales),
            "receivables": float(total),
            "current_receivables": float(current),
            "overdue": float(overdue),
            "disputed": float(disputed),
            "dso": number(dso),
            "dso_countback": number(
                kpi.dso_countback(total, history_sales, history_days)
            ),
            "best_dso": number(best),
            "add": number(kpi.average_days_delinquent(dso, best)),
            "cei": number(kpi.cei_full_sales(opening, month_sales, total, current)),
            "turnover": number(kpi.receivable_turnover(month_sales, opening, total)),
            "share_overdue": number(kpi.share(overdue, total)),
            "share_disputed": number(kpi.share(disputed, total)),
        }

    @api.model
    def _ar_cron_compute(self):
        """Scheduled: refresh the last 13 month ends of every company, by customer."""
        companies = self.env["res.company"].search([])
        self._ar_compute_snapshots(companies, months=13, by_customer=True)

    def action_open_receivables(self):
        """Aged receivables of this snapshot's month end and customer."""
        self.ensure_one()
        wizard = self.env["ar.aging.report.wizard"].create(
            {
                "as_of_date": self.month,
                "company_ids": [Command.set(self.company_id.ids)],
                "partner_ids": [Command.set(self.partner_id.ids)],
            }
        )
        return wizard.action_show()
