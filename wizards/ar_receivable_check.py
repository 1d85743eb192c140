"""Receivable reconciliation check: for each receivable account on a date, the
ledger balance against the sum of customer balances, differences explained."""

from odoo import Command, fields, models

from odoo.addons.account_receivable_management.models.ar_actions import reopen_form


class ArReceivableCheck(models.TransientModel):
    _name = "ar.receivable.check"
    _description = "Receivable Reconciliation Check"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    line_ids = fields.One2many("ar.receivable.check.line", "wizard_id")

    def _compute_display_name(self):
        for wizard in self:
            wizard.display_name = self.env._("Receivable Check")

    def _domain(self):
        return [
            ("company_id", "=", self.company_id.id),
            ("parent_state", "=", "posted"),
            ("account_id.account_type", "=", "asset_receivable"),
            ("date", "<=", self.date),
        ]

    def action_check(self):
        """One grouped query: balance per account, with and without customer,
        open payments and foreign-currency items."""
        self.ensure_one()
        groups = self.env["account.move.line"]._read_group(
            self._domain(),
            ["account_id", "partner_id"],
            ["balance:sum"],
        )
        open_payments = dict(
            self.env["account.move.line"]._read_group(
                self._domain()
                + [("payment_id", "!=", False), ("reconciled", "=", False)],
                ["account_id"],
                ["balance:sum"],
            )
        )
        foreign = dict(
            self.env["account.move.line"]._read_group(
                self._domain()
                + [("currency_id", "!=", self.company_id.currency_id.id)],
                ["account_id"],
                ["balance:sum"],
            )
        )
        totals = {}
        for account, partner, balance in groups:
            row = totals.setdefault(account, {"gl": 0.0, "customers": 0.0})
            row["gl"] += balance
            if partner:
                row["customers"] += balance
        self.line_ids = [Command.clear()] + [
            Command.create(
                {
                    "account_id": account.id,
                    "gl_balance": row["gl"],
                    "customer_balance": row["customers"],
                    "without_customer": row["gl"] - row["customers"],
                    "open_payments": open_payments.get(account, 0.0),
                    "foreign_currency": foreign.get(account, 0.0),
                }
            )
            for account, row in totals.items()
        ]
        return reopen_form(self)


class ArReceivableCheckLine(models.TransientModel):
    _name = "ar.receivable.check.line"
    _description = "Receivable Reconciliation Check Line"
    _check_company_auto = True

    wizard_id = fields.Many2one(
        "ar.receivable.check", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="wizard_id.company_id", store=True)
    currency_id = fields.Many2one(related="wizard_id.company_id.currency_id")
    account_id = fields.Many2one("account.account", check_company=True)
    gl_balance = fields.Monetary(string="Ledger Balance")
    customer_balance = fields.Monetary(string="Sum of Customer Balances")
    without_customer = fields.Monetary(string="Items Without Customer")
    open_payments = fields.Monetary(string="Unreconciled Payments")
    foreign_currency = fields.Monetary(string="In Foreign Currency")

    def action_open_without_customer(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Receivable items without a customer"),
            "res_model": "account.move.line",
            "view_mode": "list,form",
            "domain": self.wizard_id._domain()
            + [("account_id", "=", self.account_id.id), ("partner_id", "=", False)],
        }
