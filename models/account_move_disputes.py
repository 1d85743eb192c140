"""Invoices: their dispute and deduction cases, and buttons to open one."""

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.account_receivable_management.models.ar_actions import form_dialog


class AccountMove(models.Model):
    _inherit = "account.move"

    ar_dispute_line_ids = fields.One2many(
        "ar.dispute.line", "move_id", string="Dispute Case Lines", readonly=True
    )
    ar_dispute_count = fields.Integer(
        string="Disputes", compute="_compute_ar_dispute_count"
    )
    ar_has_open_dispute = fields.Boolean(
        string="Open Dispute", compute="_compute_ar_dispute_count"
    )

    @api.depends("ar_dispute_line_ids.dispute_id.stage")
    def _compute_ar_dispute_count(self):
        groups = self.env["ar.dispute.line"]._read_group(
            [("move_id", "in", self.ids)], ["move_id", "stage"], ["dispute_id:count"]
        )
        total = {}
        open_moves = set()
        for move, stage, count in groups:
            total[move.id] = total.get(move.id, 0) + count
            if stage in self.env["ar.dispute"]._AR_OPEN_STAGES:
                open_moves.add(move.id)
        for move in self:
            move.ar_dispute_count = total.get(move.id, 0)
            move.ar_has_open_dispute = move.id in open_moves

    def _ar_check_disputable(self):
        for move in self:
            if move.move_type not in ("out_invoice", "out_receipt") or (
                move.state != "posted"
            ):
                raise UserError(
                    self.env._("Only posted customer invoices can be disputed.")
                )
            if move.currency_id.is_zero(move.amount_residual):
                raise UserError(
                    self.env._(
                        "Invoice %(invoice)s is paid: nothing left to dispute.",
                        invoice=move.display_name,
                    )
                )

    def action_ar_open_dispute(self):
        """Open a new dispute case on the selected invoices of one customer."""
        self._ar_check_disputable()
        if len(self.commercial_partner_id) > 1:
            raise UserError(self.env._("Select invoices of a single customer."))
        lines = [
            Command.create(
                {"move_id": move.id, "amount_currency": move.amount_residual}
            )
            for move in self
        ]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Dispute"),
            "res_model": "ar.dispute",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_partner_id": self.commercial_partner_id.id,
                "default_kind": "dispute",
                "default_company_id": self.company_id[:1].id,
                "default_line_ids": lines,
            },
        }

    def action_ar_open_deduction(self):
        self.ensure_one()
        self._ar_check_disputable()
        return form_dialog(
            "ar.deduction.wizard",
            name=self.env._("Open Deduction"),
            context={"default_invoice_id": self.id},
        )

    def action_ar_view_disputes(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Dispute Cases"),
            "res_model": "ar.dispute",
            "view_mode": "list,form",
            "domain": [("line_ids.move_id", "=", self.id)],
        }
