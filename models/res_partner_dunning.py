"""Dunning on the customer: policy override, history, escalation flags."""

from odoo import fields, models
from odoo.exceptions import AccessError

from odoo.addons.account_receivable_management.engine import aging


class ResPartner(models.Model):
    _inherit = "res.partner"

    ar_dunning_policy_id = fields.Many2one(
        "ar.dunning.policy",
        string="Dunning Policy",
        company_dependent=True,
        help="Empty: the company's default dunning policy.",
    )
    ar_collection_agency = fields.Boolean(
        string="With Collection Agency",
        company_dependent=True,
        copy=False,
        help="Set by the dunning level that hands the customer over to an agency.",
    )
    ar_dunning_communication_count = fields.Integer(
        compute="_compute_ar_dunning_communication_count",
        string="Dunning Letters",
    )

    def _compute_ar_dunning_communication_count(self):
        counts = dict(
            self.env["ar.dunning.communication"]._read_group(
                [
                    ("partner_id", "in", self.commercial_partner_id.ids),
                    ("state", "in", ("done", "error")),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.ar_dunning_communication_count = counts.get(
                partner.commercial_partner_id, 0
            )

    def action_ar_dunning_history(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_receivable_management.action_ar_dunning_communication"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {}
        return action

    def action_ar_print_statement(self):
        if not self.env.su and not self.env.user.has_group(
            "account_receivable_management.group_ar_user"
        ):
            raise AccessError(
                self.env._("Only receivables users can print customer statements.")
            )
        return self.env.ref(
            "account_receivable_management.action_report_customer_statement"
        ).report_action(self.commercial_partner_id)

    def _ar_statement_items(self):
        """Open receivable items of this customer for the statement."""
        self.ensure_one()
        AccountMoveLine = self.env["account.move.line"]
        return AccountMoveLine.search(
            [
                *AccountMoveLine._ar_open_receivable_domain(self.env.company),
                ("partner_id", "child_of", self.commercial_partner_id.id),
                ("amount_residual", "!=", 0),
            ],
            order="date_maturity, id",
        )

    def _ar_statement_sections(self, items, today):
        """The statement per currency: each item in its own currency, aged with
        the aging report's buckets, and the currency's totals.

        Returns a list of dicts (currency, rows of (item, residual, days late),
        bucket labels, bucket amounts, total), by currency name.
        """
        bounds = aging.DEFAULT_BOUNDS
        labels = self.env["ar.aging.query"]._ar_bucket_labels(bounds)
        sections = []
        for currency, lines in sorted(
            items.grouped(lambda line: line.currency_id).items(),
            key=lambda pair: pair[0].name,
        ):
            buckets = [0.0] * len(labels)
            rows = []
            for line in lines:
                days = aging.days_past_due(today, line.date_maturity or line.date)
                residual = (
                    line.amount_residual
                    if currency == line.company_currency_id
                    else line.amount_residual_currency
                )
                buckets[aging.bucket_index(days, bounds)] += residual
                rows.append((line, residual, max(days, 0)))
            sections.append(
                {
                    "currency": currency,
                    "rows": rows,
                    "labels": labels,
                    "buckets": buckets,
                    "total": currency.round(sum(buckets)),
                }
            )
        return sections
