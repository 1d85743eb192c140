"""Manual credit hold or lift, with a reason, by a credit manager."""

from odoo import fields, models
from odoo.exceptions import AccessError

CREDIT_MANAGER = "account_receivable_management.group_ar_credit_manager"


class ArCreditHoldWizard(models.TransientModel):
    _name = "ar.credit.hold.wizard"
    _description = "Put on or Lift Credit Hold"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        check_company=True,
        default=lambda self: self.env.context.get("active_ids"),
    )
    action = fields.Selection(
        [("hold", "Put on hold"), ("lift", "Lift hold")],
        default="hold",
        required=True,
    )
    reason = fields.Char(required=True)

    def action_apply(self):
        self.ensure_one()
        if not self.env.user.has_group(CREDIT_MANAGER):
            raise AccessError(
                self.env._("Only credit managers put on or lift credit holds.")
            )
        self.partner_ids._ar_set_credit_hold(self.action == "hold", self.reason)
        return {"type": "ir.actions.act_window_close"}
