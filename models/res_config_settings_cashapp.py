"""Cash application settings in Accounting > Settings > Receivables."""

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    ar_cash_writeoff_account_id = fields.Many2one(
        related="company_id.ar_cash_writeoff_account_id", readonly=False
    )
    ar_cash_discount_account_id = fields.Many2one(
        related="company_id.ar_cash_discount_account_id", readonly=False
    )
    ar_cash_tolerance = fields.Monetary(
        related="company_id.ar_cash_tolerance", readonly=False
    )
    ar_cash_auto_threshold = fields.Float(
        related="company_id.ar_cash_auto_threshold", readonly=False
    )
    ar_rf_references = fields.Boolean(
        related="company_id.ar_rf_references", readonly=False
    )
