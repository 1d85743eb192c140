"""Company settings of disputes and deductions."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.account_receivable_management.engine.inputs import number_problem


class ResCompany(models.Model):
    _inherit = "res.company"

    ar_deduction_tolerance_amount = fields.Monetary(
        string="Deduction Tolerance",
        currency_field="currency_id",
        help="Short payments up to this amount are written off at once. "
        "Zero: not used.",
    )
    ar_deduction_tolerance_percent = fields.Float(
        string="Deduction Tolerance (%)",
        digits=(5, 2),
        help="Short payments up to this share of the invoice total are written "
        "off at once. Zero: not used. With both tolerances set, both must hold.",
    )
    ar_deduction_tolerance_reason_id = fields.Many2one(
        "ar.dispute.reason",
        string="Tolerance Reason",
        help="Reason (and its write-off account) used for automatic write-offs.",
    )
    ar_dispute_journal_id = fields.Many2one(
        "account.journal",
        string="Dispute Write-off Journal",
        domain="[('type', '=', 'general'), ('company_id', '=', id)]",
        help="Journal of write-off entries; the first miscellaneous journal "
        "when empty.",
    )

    @api.constrains("ar_deduction_tolerance_amount", "ar_deduction_tolerance_percent")
    def _check_ar_deduction_tolerance(self):
        for company in self:
            if number_problem(company.ar_deduction_tolerance_amount, 0, 10**9):
                raise ValidationError(
                    self.env._(
                        "The deduction tolerance must be zero (not used) or a "
                        "positive amount."
                    )
                )
            if number_problem(company.ar_deduction_tolerance_percent, 0, 100):
                raise ValidationError(
                    self.env._(
                        "The deduction tolerance in percent must be between 0 and 100."
                    )
                )
