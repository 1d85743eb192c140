"""Collector assignment rules: by salesperson, country, grade and size."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.account_receivable_management.engine import collections
from odoo.addons.account_receivable_management.engine.money import to_decimal

GRADE_LETTERS = ("A", "B", "C", "D", "E")


class ArCollectionRule(models.Model):
    _name = "ar.collection.rule"
    _description = "Collector Assignment Rule"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(
        default=10, help="Rules are tried in this order; the first that matches wins."
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    collector_id = fields.Many2one(
        "res.users",
        string="Collector",
        check_company=True,
        domain="[('share', '=', False)]",
    )
    team_id = fields.Many2one("ar.collection.team", string="Team", check_company=True)
    salesperson_ids = fields.Many2many(
        "res.users",
        "ar_collection_rule_salesperson_rel",
        "rule_id",
        "user_id",
        string="Salespersons",
        help="Empty: any salesperson.",
    )
    country_ids = fields.Many2many(
        "res.country", string="Countries", help="Empty: any country."
    )
    grades = fields.Char(
        string="Risk Grades",
        help="Comma-separated risk grades, e.g. D,E. Empty: any grade.",
    )
    min_amount = fields.Monetary(
        string="Open Amount From", help="Customer's open receivable, at least."
    )
    max_amount = fields.Monetary(
        string="Open Amount Below",
        help="Customer's open receivable, below. 0: no limit.",
    )

    @api.constrains("grades", "min_amount", "max_amount", "collector_id", "team_id")
    def _check_rule(self):
        for rule in self:
            if not (rule.collector_id or rule.team_id):
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s assigns nobody: set a collector or a team.",
                        rule=rule.name,
                    )
                )
            unknown = set(rule._ar_grade_set()) - set(GRADE_LETTERS)
            if unknown:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: unknown grades %(grades)s; use A to E.",
                        rule=rule.name,
                        grades=", ".join(sorted(unknown)),
                    )
                )
            if rule.max_amount and rule.max_amount <= rule.min_amount:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: the upper amount must exceed the lower one.",
                        rule=rule.name,
                    )
                )

    def _ar_grade_set(self):
        self.ensure_one()
        return frozenset(
            part.strip().upper()
            for part in (self.grades or "").split(",")
            if part.strip()
        )

    def _ar_engine_rules(self):
        """The rules as the engine takes them, in their order."""
        return [
            collections.Rule(
                id=rule.id,
                collector_id=rule.collector_id.id or None,
                team_id=rule.team_id.id or None,
                salesperson_ids=frozenset(rule.salesperson_ids.ids),
                country_ids=frozenset(rule.country_ids.ids),
                grades=rule._ar_grade_set(),
                min_amount=to_decimal(rule.min_amount),
                max_amount=to_decimal(rule.max_amount) if rule.max_amount else None,
            )
            for rule in self.sorted(lambda r: (r.sequence, r.id))
        ]
