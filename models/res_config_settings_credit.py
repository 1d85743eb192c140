"""Credit policy settings in the Receivables block."""

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

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
