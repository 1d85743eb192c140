"""Dunning level and history on invoices."""

from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    ar_dunning_level_id = fields.Many2one(
        "ar.dunning.level",
        string="Dunning Level",
        compute="_compute_ar_dunning_level_id",
        store=True,
        copy=False,
        index="btree_not_null",
        help="Highest dunning level sent for this invoice.",
    )
    ar_dunning_line_ids = fields.One2many(
        "ar.dunning.communication.line",
        "move_id",
        string="Dunning History",
        readonly=True,
    )

    @api.depends(
        "ar_dunning_line_ids.state",
        "ar_dunning_line_ids.excluded",
        "ar_dunning_line_ids.level_id",
    )
    def _compute_ar_dunning_level_id(self):
        # computed, not written: a write on a posted invoice runs the whole
        # account.move.write machinery (and marks it manually modified)
        for move in self:
            sent = move.ar_dunning_line_ids.filtered(
                lambda line: line.state in ("done", "error") and not line.excluded
            )
            move.ar_dunning_level_id = max(
                sent.level_id,
                key=lambda level: (level.sequence, level.id),
                default=self.env["ar.dunning.level"],
            )
