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

    def _ar_set_dunning_level(self, level):
        """Record the dunning level reached: a marker, not an accounting change.

        The context keeps Odoo from resynchronising the posted invoices' lines
        (which reads every line's taxes, as Odoo's own payments avoid) and from
        flagging the invoices as manually modified.
        """
        self.with_context(
            skip_invoice_sync=True,
            skip_is_manually_modified=True,
            skip_account_move_synchronization=True,
            check_move_validity=False,
        ).write({"ar_dunning_level_id": level.id})
