"""Allowance for doubtful accounts: provision matrix, specific provisions, entry."""

from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.account_receivable_management.engine import aging
from odoo.addons.account_receivable_management.engine import allowance as engine
from odoo.addons.account_receivable_management.models.ar_aging_query import (
    AgingOptions,
)


class ArAllowancePolicy(models.Model):
    _name = "ar.allowance.policy"
    _description = "Allowance for Doubtful Accounts"
    _inherit = "mail.thread"
    _check_company_auto = True

    name = fields.Char(required=True, default="Provision matrix")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    rate_0 = fields.Float(string="Not due (%)", default=0.5)
    rate_1 = fields.Float(string="1-30 (%)", default=2.0)
    rate_2 = fields.Float(string="31-60 (%)", default=5.0)
    rate_3 = fields.Float(string="61-90 (%)", default=10.0)
    rate_4 = fields.Float(string="91-120 (%)", default=25.0)
    rate_5 = fields.Float(string="Over 120 (%)", default=50.0)
    specific_ids = fields.One2many(
        "ar.allowance.specific", "policy_id", string="Specific Provisions"
    )
    expense_account_id = fields.Many2one(
        "account.account",
        string="Bad Debt Expense Account",
        required=True,
        check_company=True,
        domain=[("account_type", "in", ("expense", "expense_other"))],
    )
    allowance_account_id = fields.Many2one(
        "account.account",
        string="Allowance Account",
        required=True,
        check_company=True,
        help="Contra-asset account holding the allowance for doubtful accounts.",
    )
    journal_id = fields.Many2one(
        "account.journal",
        required=True,
        check_company=True,
        domain=[("type", "=", "general")],
    )
    allowance_date = fields.Date(
        string="As of", default=fields.Date.context_today, required=True
    )
    proposed_amount = fields.Monetary(
        readonly=True, help="Allowance computed as of the date above."
    )
    move_ids = fields.Many2many("account.move", string="Entries", readonly=True)

    _company_uniq = models.Constraint(
        "unique(company_id)", "One provision matrix per company."
    )

    @api.constrains("rate_0", "rate_1", "rate_2", "rate_3", "rate_4", "rate_5")
    def _check_rates(self):
        for policy in self:
            try:
                engine.check_rates(policy._ar_rates())
            except engine.AllowanceInputError as error:
                field = policy._fields[f"rate_{error.values['index']}"]
                raise ValidationError(
                    self.env._(
                        "The loss rate of bucket %(bucket)s must be between 0%% "
                        "and 100%%.",
                        bucket=field._description_string(self.env),
                    )
                ) from error

    def _ar_rates(self):
        return [self[f"rate_{index}"] for index in range(6)]

    def _ar_posted_entry_on_date(self):
        """The allowance entry already posted for ``allowance_date``, if any."""
        self.ensure_one()
        return self.move_ids.filtered(
            lambda move: (
                move.state == "posted"
                and not move.reversed_entry_id
                and move.date == self.allowance_date
            )
        )[:1]

    def _ar_compute(self):
        """Allowance per customer and total, as of ``allowance_date``."""
        self.ensure_one()
        options = AgingOptions(
            as_of=self.allowance_date, company_ids=self.company_id.ids
        )
        rows = self.env["ar.aging.query"]._ar_aging_rows(options)
        aged = aging.pivot_bucket_rows(rows, 6, key_of=lambda row: row[1])
        specific = {s.partner_id.id: s.amount for s in self.specific_ids}
        return engine.allowance(
            {r.key: r.buckets for r in aged}, self._ar_rates(), specific
        )

    def _ar_check_manager(self):
        if not (
            self.env.su
            or self.env.user.has_group(
                "account_receivable_management.group_ar_credit_manager"
            )
        ):
            raise AccessError(
                self.env._("Only credit managers compute or book the allowance.")
            )

    def action_compute(self):
        self._ar_check_manager()
        for policy in self:
            _per_customer, total = policy._ar_compute()
            policy.proposed_amount = float(total)

    def action_post_entry(self):
        """Post the allowance entry and its reversal dated the next day."""
        self.ensure_one()
        self._ar_check_manager()
        self.lock_for_update()
        existing = self._ar_posted_entry_on_date()
        if existing:
            raise UserError(
                self.env._(
                    "An allowance entry already exists for %(date)s: %(move)s. "
                    "Choose another date.",
                    date=self.allowance_date,
                    move=existing.name,
                )
            )
        _per_customer, total = self._ar_compute()
        if total <= 0:
            raise UserError(self.env._("There is no allowance to book on this date."))
        label = self.env._(
            "Allowance for doubtful accounts as of %(date)s", date=self.allowance_date
        )
        move = self.env["account.move"].create(
            {
                "move_type": "entry",
                "date": self.allowance_date,
                "journal_id": self.journal_id.id,
                "company_id": self.company_id.id,
                "ref": label,
                "line_ids": [
                    Command.create(
                        {
                            "name": label,
                            "account_id": self.expense_account_id.id,
                            "debit": float(total),
                        }
                    ),
                    Command.create(
                        {
                            "name": label,
                            "account_id": self.allowance_account_id.id,
                            "credit": float(total),
                        }
                    ),
                ],
            }
        )
        move.action_post()
        reversal = move._reverse_moves(
            [
                {
                    "date": self.allowance_date + timedelta(days=1),
                    "ref": self.env._("Reversal of: %(ref)s", ref=label),
                }
            ]
        )
        reversal.action_post()
        self.write(
            {
                "proposed_amount": float(total),
                "move_ids": [Command.link(move.id), Command.link(reversal.id)],
            }
        )
        self.message_post(
            body=self.env._(
                "Allowance of %(amount)s booked in %(move)s, reversed on %(date)s.",
                amount=total,
                move=move.name,
                date=reversal.date,
            )
        )
        return move


class ArAllowanceSpecific(models.Model):
    _name = "ar.allowance.specific"
    _inherit = "ar.number.input.mixin"
    _ar_number_fields = ("amount",)
    _description = "Specific Provision"
    _check_company_auto = True

    policy_id = fields.Many2one(
        "ar.allowance.policy", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="policy_id.company_id", store=True)
    currency_id = fields.Many2one(related="policy_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, check_company=True
    )
    amount = fields.Monetary(
        required=True, help="Provision for this customer, instead of the matrix."
    )
    reason = fields.Char(help="Insolvency, litigation...")

    @api.constrains("amount")
    def _check_amount(self):
        for specific in self:
            try:
                engine.check_specific_amount(specific.amount)
            except engine.AllowanceInputError as error:
                raise ValidationError(
                    self.env._(
                        "The specific provision for %(customer)s must be zero or "
                        "a positive amount.",
                        customer=specific.partner_id.display_name,
                    )
                ) from error
