"""Collection teams: collectors working customers together under a leader."""

from odoo import fields, models


class ArCollectionTeam(models.Model):
    _name = "ar.collection.team"
    _description = "Collection Team"
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    leader_id = fields.Many2one("res.users", string="Leader", check_company=True)
    member_ids = fields.Many2many("res.users", string="Collectors", check_company=True)
