"""The current company's risk grade on the customer, searchable."""

from odoo import api, fields, models

from .ar_credit_profile import GRADES


class ResPartner(models.Model):
    _inherit = "res.partner"

    ar_risk_grade = fields.Selection(
        GRADES,
        string="Risk Grade",
        compute="_compute_ar_risk",
        search="_search_ar_risk_grade",
    )
    ar_risk_score = fields.Integer(string="Risk Score", compute="_compute_ar_risk")
    ar_risk_reasons = fields.Text(string="Risk Reasons", compute="_compute_ar_risk")
    ar_suggested_credit_limit = fields.Float(
        string="Suggested Limit", compute="_compute_ar_risk"
    )

    @api.depends_context("company")
    def _compute_ar_risk(self):
        profiles = {
            profile.partner_id.id: profile
            for profile in self.env["ar.credit.profile"]
            .sudo()
            .search_fetch(
                [
                    ("company_id", "=", self.env.company.id),
                    ("partner_id", "in", self.commercial_partner_id.ids),
                ],
                ["partner_id", "grade", "score", "reason_data", "suggested_limit"],
            )
        }
        for partner in self:
            profile = profiles.get(partner.commercial_partner_id.id)
            partner.ar_risk_grade = profile.grade if profile else False
            partner.ar_risk_score = profile.score if profile else 0
            partner.ar_risk_reasons = profile.reasons if profile else False
            partner.ar_suggested_credit_limit = (
                profile.suggested_limit if profile else 0
            )

    def _search_ar_risk_grade(self, operator, value):
        if operator not in ("in", "="):
            return NotImplemented
        grades = [value] if isinstance(value, str) else list(value)
        profiles = (
            self.env["ar.credit.profile"]
            .sudo()
            .search_fetch(
                [("company_id", "=", self.env.company.id), ("grade", "in", grades)],
                ["partner_id"],
            )
        )
        return [("commercial_partner_id", "in", profiles.partner_id.ids)]
