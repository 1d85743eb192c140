"""Why a customer contests an invoice or pays less: reason codes for cases."""

from odoo import fields, models


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
