"""Company settings of disputes and deductions."""

from odoo import fields, models


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
