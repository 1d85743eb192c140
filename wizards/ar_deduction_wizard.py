"""Open a deduction case for what a short payment left open on an invoice."""

from odoo import api, fields, models


class ArDeductionWizard(models.TransientModel):
    _name = "ar.deduction.wizard"
    _inherit = "ar.number.input.mixin"
    _ar_number_fields = ("amount",)
    _description = "Open a Deduction"
    _check_company_auto = True

    invoice_id = fields.Many2one(
        "account.move",
        string="Invoice",
        required=True,
        domain="[('move_type', 'in', ('out_invoice', 'out_receipt')),"
        " ('state', '=', 'posted'), ('payment_state', 'in', ('not_paid', 'partial'))]",
    )
    company_id = fields.Many2one(related="invoice_id.company_id", store=True)
    payment_id = fields.Many2one(
        "account.payment", string="Payment", check_company=True
    )
    currency_id = fields.Many2one(related="invoice_id.currency_id")
    amount = fields.Monetary(
        string="Deducted Amount", compute="_compute_amount", store=True, readonly=False
    )
    reason_id = fields.Many2one(
        "ar.dispute.reason", string="Reason", check_company=True
    )
    within_tolerance = fields.Boolean(compute="_compute_within_tolerance")

    @api.depends("invoice_id")
    def _compute_amount(self):
        for wizard in self:
            wizard.amount = wizard.invoice_id.amount_residual

    @api.depends("invoice_id", "amount")
    def _compute_within_tolerance(self):
        for wizard in self:
            wizard.within_tolerance = bool(
                wizard.invoice_id
                and wizard.amount > 0
                and self.env["ar.dispute"]._ar_within_tolerance(
                    wizard.invoice_id, wizard.amount
                )
            )

    def action_confirm(self):
        self.ensure_one()
        case = self.env["ar.dispute"]._ar_create_deduction(
            self.invoice_id,
            self.amount,
            reason=self.reason_id or None,
            payment_move=self.payment_id.move_id or None,
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "ar.dispute",
            "res_id": case.id,
            "view_mode": "form",
            "target": "current",
        }
