"""Company settings of cash application kept within sensible ranges."""

from odoo import api, models
from odoo.exceptions import ValidationError

from odoo.addons.account_receivable_management.engine.inputs import number_problem


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.constrains("ar_cash_tolerance", "ar_cash_auto_threshold")
    def _check_ar_cash_settings(self):
        for company in self:
            if number_problem(company.ar_cash_tolerance, 0, 10**9):
                raise ValidationError(
                    self.env._(
                        "The cash application tolerance must be zero (exact "
                        "amounts only) or a positive amount."
                    )
                )
            if number_problem(company.ar_cash_auto_threshold, 0, 1):
                raise ValidationError(
                    self.env._(
                        "The confidence for 'Confirm confident' must be between "
                        "0 and 1 (e.g. 0.9)."
                    )
                )
