"""Receivable journal items: markers shared by dunning, disputes and credit."""

from odoo import fields, models


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
