"""The risk score counts broken payment plans (last 12 months)."""

from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.account_receivable_management.engine import risk

BROKEN_PLAN_POINTS = 15  # added to the risk score per broken plan
LOOKBACK_DAYS = 365


class ArCreditProfile(models.Model):
    _inherit = "ar.credit.profile"

    @api.model
    def _ar_score_company(self, company):
        profiles = super()._ar_score_company(company)
        since = fields.Date.context_today(self) - timedelta(days=LOOKBACK_DAYS)
        broken = dict(
            self.env["ar.payment.plan"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "broken"),
                    ("broken_date", ">=", since),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        for profile in profiles.filtered(lambda p: p.partner_id in broken):
            count = broken[profile.partner_id]
            score = min(profile.score + BROKEN_PLAN_POINTS * count, 100)
            profile.write(
                {
                    "score": score,
                    "grade": risk.grade_of(score),
                    # a reason code, worded for the reader by the profile
                    "reason_data": [
                        ["broken_plans", {"count": count}],
                        *(profile.reason_data or []),
                    ],
                }
            )
        return profiles
