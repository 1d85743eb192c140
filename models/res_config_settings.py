"""Receivables block of the Accounting settings: the company fields each
feature shows there (``res_company*.py`` holds them and their checks)."""

from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # shared
    ar_collector_id = fields.Many2one(
        related="company_id.ar_collector_id",
        readonly=False,
    )
    ar_dispute_dunning_scope = fields.Selection(
        related="company_id.ar_dispute_dunning_scope",
        readonly=False,
    )

    # credit
    ar_credit_policy_mode = fields.Selection(
        related="company_id.ar_credit_policy_mode", readonly=False
    )
    ar_credit_include_drafts = fields.Boolean(
        related="company_id.ar_credit_include_drafts", readonly=False
    )
    ar_credit_hold_days_overdue = fields.Integer(
        related="company_id.ar_credit_hold_days_overdue", readonly=False
    )
    ar_credit_hold_overdue_amount = fields.Monetary(
        related="company_id.ar_credit_hold_overdue_amount", readonly=False
    )

    # disputes and deductions
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

    # cash application
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
