"""Why a customer contests an invoice or pays less: reason codes for cases."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.account_receivable_management.models.ar_number_input import (
    check_numbers,
)

MAX_TARGET_DAYS = 3650


class ArDisputeReason(models.Model):
    _name = "ar.dispute.reason"
    _description = "Dispute Reason"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    target_days = fields.Integer(
        string="Target Days",
        default=14,
        help="Calendar days a case with this reason should take to resolve: "
        "the case deadline is its opening date plus these days.",
    )
    writeoff_account_id = fields.Many2one(
        "account.account",
        string="Write-off Account",
        company_dependent=True,
        check_company=True,
        domain="[('account_type', 'not in',"
        " ('asset_receivable', 'liability_payable'))]",
        help="Account debited when the disputed amount of a case with this "
        "reason is written off.",
    )
    company_id = fields.Many2one(
        "res.company",
        help="Leave empty to share the reason between companies.",
    )
    description = fields.Text(translate=True)

    _code_company_uniq = models.Constraint(
        "unique(code, company_id)",
        "A reason code must be unique per company.",
    )
    _target_days_positive = models.Constraint(
        "CHECK(target_days >= 0)",
        "Target days cannot be negative.",
    )

    @api.constrains("target_days")
    def _check_target_days(self):
        for reason in self:
            reason._ar_check_target_days(reason.target_days, reason.name)

    def _ar_check_target_days(self, target_days, name):
        if not 0 <= target_days <= MAX_TARGET_DAYS:
            raise ValidationError(
                self.env._(
                    "Target days of reason %(reason)s must be between 0 and %(max)s.",
                    reason=name or "",
                    max=MAX_TARGET_DAYS,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        # checked before the insert: the database would refuse with its own words
        check_numbers(self, vals_list, ["target_days"])
        for vals in vals_list:
            if vals.get("target_days"):
                self._ar_check_target_days(vals["target_days"], vals.get("name"))
        return super().create(vals_list)

    def write(self, vals):
        check_numbers(self, [vals], ["target_days"])
        return super().write(vals)
