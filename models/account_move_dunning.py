"""Dunning level and history on invoices."""

from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    ar_dunning_level_id = fields.Many2one(
        "ar.dunning.level",
        string="Dunning Level",
        copy=False,
        index="btree_not_null",
        readonly=True,
        help="Highest dunning level sent for this invoice.",
    )
    ar_dunning_line_ids = fields.One2many(
        "ar.dunning.communication.line",
        "move_id",
        string="Dunning History",
        readonly=True,
    )
