"""Figures of the credit controller's dashboard, in one call."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError

from odoo.addons.account_receivable_management.engine import aging
from odoo.addons.account_receivable_management.engine.money import to_decimal
from odoo.addons.account_receivable_management.models.ar_aging_query import (
    AgingOptions,
)

TOP_CUSTOMERS = 10
CLOSED_DISPUTE_STATES = (
    "resolved",
    "closed",
    "done",
    "rejected",
    "cancel",
    "cancelled",
)


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
    def get_dashboard_data(self):
        """Everything the dashboard shows, with the action each figure opens."""
        if not self.env.user.has_group("account_receivable_management.group_ar_user"):
            raise AccessError(
                self.env._("The receivables dashboard is for receivables users.")
            )
        company = self.env.company
        today = fields.Date.context_today(self)
        bounds = aging.DEFAULT_BOUNDS
        rows = self.env["ar.aging.query"]._ar_aging_rows(
            AgingOptions(as_of=today, company_ids=company.ids, bounds=bounds)
        )
        labels = self.env["ar.aging.query"]._ar_bucket_labels(bounds)
        buckets = [0.0] * len(labels)
        by_partner = aging.pivot_bucket_rows(rows, len(labels), key_of=lambda r: r[1])
        disputed_total = sum(to_decimal(row[3] or 0) for row in rows)
        for row in by_partner:
            for index, amount in enumerate(row.buckets):
                buckets[index] += float(amount)
        total = sum(buckets)
        overdue = total - buckets[0]
        top = sorted(
            (row for row in by_partner if row.key and row.overdue > 0),
            key=lambda row: row.overdue,
            reverse=True,
        )[:TOP_CUSTOMERS]
        partners = self.env["res.partner"].browse([row.key for row in top])
        names = dict(zip(partners.ids, partners.mapped("display_name"), strict=True))
        snapshots = self.env["ar.kpi.snapshot"].search(
            [("company_id", "=", company.id), ("partner_id", "=", False)],
            order="month desc",
            limit=12,
        )
        return {
            "currency_id": company.currency_id.id,
            "total": total,
            "overdue": overdue,
            "disputed": float(disputed_total),
            "total_action": self._ar_items_action(self.env._("Open receivables"), []),
            "overdue_action": self._ar_items_action(
                self.env._("Overdue receivables"), [("date_maturity", "<", today)]
            ),
            "buckets": [
                {
                    "label": label,
                    "amount": buckets[index],
                    "action": self._ar_items_action(
                        label, self._ar_bucket_domain(today, index, bounds)
                    ),
                }
                for index, label in enumerate(labels)
            ],
            "top_overdue": [
                {
                    "partner_id": row.key,
                    "name": names[row.key],
                    "overdue": float(row.overdue),
                    "total": float(row.total),
                    "action": self._ar_items_action(
                        names[row.key],
                        [("partner_id", "=", row.key), ("date_maturity", "<", today)],
                    ),
                }
                for row in top
            ],
            "dso_trend": [
                {
                    "month": fields.Date.to_string(snapshot.month),
                    "dso": snapshot.dso,
                    "dso_countback": snapshot.dso_countback,
                    "add": snapshot.add,
                }
                for snapshot in snapshots.sorted("month")
            ],
            "kpi_action": self.env["ir.actions.act_window"]._for_xml_id(
                "account_receivable_management.action_ar_kpi_snapshot"
            ),
            "disputes": self._ar_disputes(company),
        }

    @api.model
    def _ar_disputes(self, company):
        """Open dispute cases, when the disputes feature is installed."""
        if "ar.dispute" not in self.env:
            return False
        model = self.env["ar.dispute"]
        if not model.has_access("read"):
            return False
        domain = []
        if "company_id" in model._fields:
            domain.append(("company_id", "=", company.id))
        if "is_open" in model._fields:
            domain.append(("is_open", "=", True))
        elif "state" in model._fields:
            domain.append(("state", "not in", CLOSED_DISPUTE_STATES))
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
