"""Company credit policy: how the native credit limit is enforced."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

CREDIT_POLICY_MODES = [
    ("none", "No check"),
    ("warn", "Warn only"),
    ("block", "Block posting"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    ar_credit_policy_mode = fields.Selection(
        CREDIT_POLICY_MODES,
        string="Credit Check",
        default="warn",
        required=True,
        help="What happens when a customer invoice takes the customer over its "
        "credit limit or past the overdue thresholds: nothing, a warning, or "
        "posting is refused unless a credit manager approves. A credit hold "
        "always blocks posting.",
    )
    ar_credit_include_drafts = fields.Boolean(
        string="Count Draft Invoices in Exposure",
        help="Draft customer invoices count in the customer's credit exposure.",
    )
    ar_credit_hold_days_overdue = fields.Integer(
        string="Hold After Days Overdue",
        help="Customers with an item overdue for more days than this are put on "
        "credit hold by the daily check (0: off).",
    )
    ar_credit_hold_overdue_amount = fields.Monetary(
        string="Hold Above Overdue Amount",
        currency_field="currency_id",
        help="Customers whose overdue amount (disputes left out) is above this "
        "are put on credit hold by the daily check (0: off).",
    )

    @api.constrains("ar_credit_hold_days_overdue", "ar_credit_hold_overdue_amount")
    def _check_ar_credit_thresholds(self):
        for company in self:
            if (
                company.ar_credit_hold_days_overdue < 0
                or company.ar_credit_hold_overdue_amount < 0
            ):
                raise ValidationError(
                    self.env._("Credit hold thresholds cannot be negative.")
                )
