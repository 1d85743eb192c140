"""Receivables section of the Accounting settings."""

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    ar_collector_id = fields.Many2one(
        related="company_id.ar_collector_id",
        readonly=False,
    )
    ar_dispute_dunning_scope = fields.Selection(
        related="company_id.ar_dispute_dunning_scope",
        readonly=False,
    )
