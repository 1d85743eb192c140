"""Company settings of cash application."""

from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    ar_cash_writeoff_account_id = fields.Many2one(
        "account.account",
        string="Bank Fees Account",
        check_company=True,
        help="Short payments within the tolerance (bank fees) are written off "
        "to this account when cash is applied.",
    )
    ar_cash_discount_account_id = fields.Many2one(
        "account.account",
        string="Early-Payment Discount Account",
        check_company=True,
        help="Discounts taken by customers; defaults to the cash discount loss "
        "account of the company.",
    )
    ar_cash_tolerance = fields.Monetary(
        string="Bank Fee Tolerance",
        currency_field="currency_id",
        default=5.0,
        help="Largest short payment written off as a bank fee (at most 1% of "
        "the items paid).",
    )
    ar_rf_references = fields.Boolean(
        string="RF Payment References",
        help="Give customer invoices an ISO 11649 creditor reference (RF...) "
        "as payment reference, whatever their journal's communication "
        "standard: customers' banks carry it through, matches are certain.",
    )
    ar_cash_auto_threshold = fields.Float(
        string="Confirm-All Confidence",
        default=0.9,
        help="'Confirm confident' applies the proposals at or above this confidence.",
    )

    def _ar_cash_discount_account(self):
        self.ensure_one()
        return (
            self.ar_cash_discount_account_id
            or self.account_journal_early_pay_discount_loss_account_id
        )
