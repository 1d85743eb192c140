"""Payments: open a deduction for what a short payment left open."""

from odoo import models
from odoo.exceptions import UserError

from odoo.addons.account_receivable_management.models.ar_actions import form_dialog


class AccountPayment(models.Model):
    _inherit = "account.payment"

    def action_ar_open_deduction(self):
        self.ensure_one()
        invoices = self.reconciled_invoice_ids.filtered(
            lambda m: (
                m.move_type in ("out_invoice", "out_receipt")
                and not m.currency_id.is_zero(m.amount_residual)
            )
        )
        if not invoices:
            raise UserError(
                self.env._("This payment left no customer invoice partly open.")
            )
        return form_dialog(
            "ar.deduction.wizard",
            name=self.env._("Open Deduction"),
            context={
                "default_payment_id": self.id,
                "default_invoice_id": invoices[:1].id,
                "ar_invoice_ids": invoices.ids,
            },
        )
