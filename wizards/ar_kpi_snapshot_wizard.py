"""Compute the month-end KPI snapshots on demand."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

MAX_MONTHS = 120


class ArKpiSnapshotWizard(models.TransientModel):
    _name = "ar.kpi.snapshot.wizard"
    _inherit = "ar.number.input.mixin"
    _ar_number_fields = ("months",)
    _description = "Compute Receivables KPIs"
    _check_company_auto = True

    months = fields.Integer(
        default=12, required=True, help="How many past month ends to (re)compute."
    )
    by_customer = fields.Boolean(
        string="Per Customer", default=True, help="Also one snapshot per customer."
    )
    company_ids = fields.Many2many(
        "res.company", required=True, default=lambda self: self.env.company
    )

    @api.constrains("months")
    def _check_months(self):
        for wizard in self:
            if not 1 <= wizard.months <= MAX_MONTHS:
                raise ValidationError(
                    self.env._(
                        "Compute between 1 and %(max)s month ends.", max=MAX_MONTHS
                    )
                )

    def _compute_display_name(self):
        for wizard in self:
            wizard.display_name = self.env._("Compute KPIs")

    def action_compute(self):
        self.ensure_one()
        months = max(1, min(self.months, MAX_MONTHS))
        self.env["ar.kpi.snapshot"]._ar_compute_snapshots(
            self.company_ids, months=months, by_customer=self.by_customer
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_receivable_management.ar_kpi_dso_trend_action"
        )
        return action
