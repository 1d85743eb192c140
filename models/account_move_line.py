"""Receivable journal items: markers shared by dunning, disputes and credit."""

from odoo import api, fields, models
from odoo.exceptions import AccessError


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    ar_disputed_amount = fields.Monetary(
        string="Disputed Amount",
        currency_field="company_currency_id",
        copy=False,
        default=0.0,
        help="Part of this receivable, in company currency, under an open "
        "dispute or deduction case. It is kept out of dunning and shown "
        "apart in the customer's exposure.",
    )

    def write(self, vals):
        # Kept by the dispute cases (which write it as superuser): a disputed
        # amount leaves the item out of dunning and overdue figures.
        if (
            "ar_disputed_amount" in vals
            and not self.env.su
            and not self.env.user.has_group(
                "account_receivable_management.group_ar_credit_manager"
            )
        ):
            raise AccessError(
                self.env._(
                    "The disputed amount of an item follows its dispute cases; "
                    "open a dispute case instead."
                )
            )
        return super().write(vals)

    @api.model
    def _ar_open_receivable_domain(self, companies=None):
        """Posted receivable items not fully reconciled, of ``companies``: what
        the customers owe or have paid without application, item by item."""
        domain = [
            ("parent_state", "=", "posted"),
            ("account_id.account_type", "=", "asset_receivable"),
            ("reconciled", "=", False),
        ]
        if companies is not None:
            domain.append(("company_id", "in", companies.ids))
        return domain
