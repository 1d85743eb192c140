"""Dunning on the customer: policy override, history, escalation flags."""

from odoo import fields, models


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

    def _ar_statement_aging(self, items, today):
        """Aging buckets of ``items`` by days past due on ``today``."""
        buckets = {
            "not_due": 0.0,
            "1_30": 0.0,
            "31_60": 0.0,
            "61_90": 0.0,
            "over_90": 0.0,
        }
        for line in items:
            days = (today - (line.date_maturity or line.date)).days
            if days <= 0:
                key = "not_due"
            elif days <= 30:
                key = "1_30"
            elif days <= 60:
                key = "31_60"
            elif days <= 90:
                key = "61_90"
            else:
                key = "over_90"
            buckets[key] += line.amount_residual
        return buckets
