"""ISO 11649 (RF) payment references on customer invoices, by company option;
unapplied customer payments and credit notes, matched to open invoices."""

from odoo import Command, api, models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    _inherit = "account.move"

    def _get_invoice_computed_reference(self):
        """With the company option, every customer invoice gets Odoo's own
        RF creditor reference (journal code + invoice id, check digits)."""
        self.ensure_one()
        if self.company_id.ar_rf_references and self.move_type == "out_invoice":
            return self._get_invoice_reference_euro_invoice()
        return super()._get_invoice_computed_reference()


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    @api.model
    def _ar_unapplied_credit_domain(self, companies=None, partners=None):
        """Posted receivable credits not applied yet: payments received on
        account, open credit notes, overpayments left by cash application."""
        domain = [
            *self._ar_open_receivable_domain(companies),
            ("amount_residual", "<", 0),
            ("partner_id", "!=", False),
        ]
        if partners is not None:
            domain.append(("partner_id", "child_of", partners.ids))
        return domain

    @api.model
    def action_ar_open_unapplied_credits(self):
        """Every unapplied payment and credit note, by customer."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Unapplied Payments"),
            "res_model": "account.move.line",
            "views": [
                [
                    self.env.ref(
                        "account_receivable_management.account_move_line_view_list_ar_unapplied"
                    ).id,
                    "list",
                ],
                [False, "form"],
            ],
            "domain": self._ar_unapplied_credit_domain(self.env.companies),
            "context": {"search_default_group_by_partner": 1, "create": False},
            "help": self.env._(
                "No unapplied payment: every payment and credit note is matched."
            ),
        }

    def action_ar_match_to_invoices(self):
        """Preview the reconciliation of these customers' credits with their
        open invoices (by reference, then oldest first)."""
        partners = self.partner_id.commercial_partner_id
        if not partners:
            raise UserError(self.env._("Select payments or credit notes of customers."))
        wizard = self.env["ar.mass.reconcile"].create(
            {
                "company_id": (self.company_id[:1] or self.env.company).id,
                "partner_ids": [Command.set(partners.ids)],
            }
        )
        return wizard.action_preview()
