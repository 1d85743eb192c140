"""Who works dispute cases: a small team of users, no CRM needed."""

from odoo import fields, models


class ArDisputeTeam(models.Model):
    _name = "ar.dispute.team"
    _description = "Dispute Team"
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    leader_id = fields.Many2one("res.users", string="Team Leader", check_company=True)
    member_ids = fields.Many2many("res.users", string="Members", check_company=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
