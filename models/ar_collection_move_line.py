"""Receivable items as the collections panel shows them, and the one hook
dunning calls to leave items under an active payment plan alone."""

from odoo import api, fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    ar_move_dunning_level_id = fields.Many2one(
        related="move_id.ar_dunning_level_id", string="Dunning Level"
    )
    ar_payment_plan_id = fields.Many2one(
        "ar.payment.plan",
        compute="_compute_ar_payment_plan_id",
        string="Payment Plan",
        help="The running payment plan that covers this item.",
    )

    def _compute_ar_payment_plan_id(self):
        plans = (
            self.env["ar.payment.plan"]
            .sudo()
            .search([("state", "=", "active"), ("move_line_ids", "in", self.ids)])
        )
        plan_of = {line.id: plan for plan in plans for line in plan.move_line_ids}
        for line in self:
            line.ar_payment_plan_id = plan_of.get(line.id, False)

    @api.model
    def _ar_items_under_payment_plan(self, line_ids):
        """Ids among ``line_ids`` covered by a running payment plan: not dunned."""
        line_ids = list(line_ids)
        if not line_ids:
            return set()
        self.env["ar.payment.plan"].flush_model(["state"])
        self.env["ar.payment.plan.line"].flush_model(["interest_move_id"])
        rows = self.env.execute_query(
            self.env["ar.payment.plan"]._ar_active_items_query(line_ids)
        )
        return {row[0] for row in rows}
