"""Company-level settings shared by every receivables feature."""

from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    ar_collector_id = fields.Many2one(
        "res.users",
        string="Default Collector",
        help="Credit controller in charge of customers that have no collector "
        "of their own: receives phone-call tasks, approval requests and "
        "dispute cases by default.",
    )
    ar_dispute_dunning_scope = fields.Selection(
        [
            ("amount", "Disputed amount only"),
            ("invoice", "Whole invoice"),
        ],
        string="Disputes Leave Dunning",
        default="amount",
        required=True,
        help="While a dispute or deduction case is open, dunning leaves out "
        "either only the disputed amount or the whole invoice.",
    )
