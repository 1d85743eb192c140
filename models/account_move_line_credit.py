"""The index the credit check reads a customer's open items through."""

from odoo import models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # Open items only (a small part of the table), by customer, with every
    # column the exposure query sums: an index-only scan per customer.
    _ar_credit_open_items_idx = models.Index(
        "(partner_id, account_id) INCLUDE (company_id, parent_state, move_id, "
        "amount_residual, balance, date_maturity, ar_disputed_amount) "
        "WHERE reconciled IS NOT TRUE AND amount_residual <> 0"
    )
