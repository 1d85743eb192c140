"""Company settings of cash application."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.account_receivable_management.engine.inputs import number_problem


class ResCompany(models.Model):
    _inherit = "res.company"

    ar_cash_writeoff_account_id = fields.Many2one(
        "account.account",
        string="Bank Fees Account",
        check_company=True,
        help="Short payments within the tolerance (bank fees) are written off "
        "to this account when cash is applied. Empty: the account of the chart's "
        "Bank Fees reconciliation model.",
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

    def _ar_cash_writeoff_account(self):
        """The bank-fee account: the one set, else the chart's (the account of
        Odoo's Bank Fees reconciliation model, which the chart fills in)."""
        self.ensure_one()
        if self.ar_cash_writeoff_account_id:
            return self.ar_cash_writeoff_account_id
        xmlid = f"account.{self.id}_bank_fees_reco"
        model = self.env.ref(xmlid, raise_if_not_found=False)
        return (
            model.sudo().line_ids.account_id[:1]
            if model
            else self.env["account.account"]
        )

    @api.constrains("ar_cash_tolerance", "ar_cash_writeoff_account_id")
    def _check_ar_cash_tolerance_account(self):
        for company in self:
            if (
                company.ar_cash_tolerance
                and company.chart_template
                and not company._ar_cash_writeoff_account()
            ):
                raise ValidationError(
                    self.env._(
                        "A bank fee tolerance of %(amount)s needs a bank fees "
                        "account to write the fees off to: set one in the "
                        "Receivables settings, or set the tolerance to 0.",
                        amount=company.ar_cash_tolerance,
                    )
                )

    @api.constrains("ar_cash_tolerance", "ar_cash_auto_threshold")
    def _check_ar_cash_settings(self):
        for company in self:
            if number_problem(company.ar_cash_tolerance, 0, 10**9):
                raise ValidationError(
                    self.env._(
                        "The cash application tolerance must be zero (exact "
                        "amounts only) or a positive amount."
                    )
                )
            if number_problem(company.ar_cash_auto_threshold, 0, 1):
                raise ValidationError(
                    self.env._(
                        "The confidence for 'Confirm confident' must be between "
                        "0 and 1 (e.g. 0.9)."
                    )
                )
