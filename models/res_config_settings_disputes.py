"""Settings of disputes and deductions."""

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    ar_deduction_tolerance_amount = fields.Monetary(
        related="company_id.ar_deduction_tolerance_amount",
        currency_field="currency_id",
        readonly=False,
    )
    ar_deduction_tolerance_percent = fields.Float(
        related="company_id.ar_deduction_tolerance_percent", readonly=False
    )
    ar_deduction_tolerance_reason_id = fields.Many2one(
        related="company_id.ar_deduction_tolerance_reason_id", readonly=False
    )
    ar_dispute_journal_id = fields.Many2one(
        related="company_id.ar_dispute_journal_id", readonly=False
    )
