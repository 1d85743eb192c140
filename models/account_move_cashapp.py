"""ISO 11649 (RF) payment references on customer invoices, by company option."""

from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _get_invoice_computed_reference(self):
        """With the company option, every customer invoice gets Odoo's own
        RF creditor reference (journal code + invoice id, check digits)."""
        self.ensure_one()
        if self.company_id.ar_rf_references and self.move_type == "out_invoice":
            return self._get_invoice_reference_euro_invoice()
        return super()._get_invoice_computed_reference()
