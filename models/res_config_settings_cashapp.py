"""Cash application settings in Accounting > Settings > Receivables."""

from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    ar_cash_writeoff_account_id = fields.Many2one(
        related="company_id.ar_cash_writeoff_account_id", readonly=False
    )
    ar_cash_chart_writeoff_account_id = fields.Many2one(
        "account.account",
        string="Bank Fees Account of the Chart",
        compute="_compute_ar_cash_chart_writeoff_account_id",
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

    @api.depends("company_id")
    def _compute_ar_cash_chart_writeoff_account_id(self):
        for settings in self:
            company = settings.company_id.with_company(settings.company_id)
            settings.ar_cash_chart_writeoff_account_id = (
                company.ar_cash_writeoff_account_id
                or company._ar_cash_writeoff_account()
            )
