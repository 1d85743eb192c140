"""Figures of the credit controller's dashboard, in one call."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError

from odoo.addons.account_receivable_management.engine import aging
from odoo.addons.account_receivable_management.models.ar_aging_query import (
    AgingOptions,
)

TOP_CUSTOMERS = 10


class ArReportingDashboard(models.AbstractModel):
    _name = "ar.reporting.dashboard"
    _description = "Receivables Dashboard"

    @api.model
    def _ar_items_action(self, name, domain):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "account.move.line",
            "views": [[False, "list"], [False, "form"]],
            "domain": [
                *self.env["account.move.line"]._ar_open_receivable_domain(
                    self.env.company
                ),
                *domain,
            ],
            "context": {"create": False},
        }

    @api.model
    def _ar_bucket_domain(self, today, index, bounds):
        """Journal-item domain of bucket ``index`` on ``today`` (by due date)."""
        if index == 0:
            return [("date_maturity", ">=", today)]
        thresholds = aging.sql_thresholds(bounds)
        domain = [
            ("date_maturity", "<=", today - timedelta(days=thresholds[index - 1]))
        ]
        if index < len(thresholds):
            upper = thresholds[index] - 1
            domain.append(("date_maturity", ">=", today - timedelta(days=upper)))
        return domain

    @api.model
    def get_dashboard_data(self, months=12):
        """Everything the dashboard shows, with the action each figure opens.

        Today's figures come from ONE aggregate query (the aging screen's page
        query: bucket totals and the customers with most overdue), the trend
        from the month-end KPI snapshots: a handful of queries on any book.
        """
        if not self.env.user.has_group("account_receivable_management.group_ar_user"):
            raise AccessError(
                self.env._("The receivables dashboard is for receivables users.")
            )
        company = self.env.company
        today = fields.Date.context_today(self)
        bounds = aging.DEFAULT_BOUNDS
        query = self.env["ar.aging.query"]
        page = query._ar_partner_page(
            AgingOptions(as_of=today, company_ids=company.ids, bounds=bounds),
            limit=TOP_CUSTOMERS,
            order="overdue",
            with_ledger=False,
        )
        labels = query._ar_bucket_labels(bounds)
        totals = page["totals"]
        top = [
            line for line in page["lines"] if line["partner_id"] and line["overdue"] > 0
        ]
        return {
            "currency_id": company.currency_id.id,
            "today": fields.Date.to_string(today),
            "total": float(totals["total"]),
            "overdue": float(totals["overdue"]),
            "disputed": float(totals["disputed"]),
            "customers": totals["customers"],
            "total_action": self._ar_items_action(self.env._("Open receivables"), []),
            "overdue_action": self._ar_items_action(
                self.env._("Overdue receivables"), [("date_maturity", "<", today)]
            ),
            "buckets": [
                {
                    "label": label,
                    "amount": float(totals["buckets"][index]),
                    "action": self._ar_items_action(
                        label, self._ar_bucket_domain(today, index, bounds)
                    ),
                }
                for index, label in enumerate(labels)
            ],
            "top_overdue": [
                {
                    "partner_id": line["partner_id"],
                    "name": line["name"],
                    "overdue": float(line["overdue"]),
                    "total": float(line["total"]),
                    "action": self._ar_items_action(
                        line["name"],
                        [
                            ("partner_id", "=", line["partner_id"]),
                            ("date_maturity", "<", today),
                        ],
                    ),
                }
                for line in top
            ],
            "dso_trend": self.get_dso_trend(months),
            "kpi_action": "account_receivable_management.ar_kpi_dso_trend_action",
            "aging_action": "account_receivable_management.ar_aged_receivables_action",
            "disputes": self._ar_disputes(company),
        }

    @api.model
    def get_dso_trend(self, months=12):
        """The company's last ``months`` month-end snapshots, oldest first."""
        months = max(1, min(int(months or 12), 120))
        snapshots = self.env["ar.kpi.snapshot"].search_fetch(
            [("company_id", "=", self.env.company.id), ("partner_id", "=", False)],
            ["month", "dso", "dso_countback", "add"],
            order="month desc",
            limit=months,
        )
        return [
            {
                "month": fields.Date.to_string(snapshot.month),
                "dso": snapshot.dso,
                "dso_countback": snapshot.dso_countback,
                "add": snapshot.add,
            }
            for snapshot in reversed(snapshots)
        ]

    @api.model
    def _ar_disputes(self, company):
        """Open dispute cases of ``company``; False for a user who may not read them."""
        model = self.env["ar.dispute"]
        if not model.has_access("read"):
            return False
        domain = [("company_id", "=", company.id), ("is_open", "=", True)]
        return {
            "count": model.search_count(domain),
            "action": {
                "type": "ir.actions.act_window",
                "name": self.env._("Open disputes"),
                "res_model": "ar.dispute",
                "views": [[False, "list"], [False, "form"]],
                "domain": domain,
            },
        }
