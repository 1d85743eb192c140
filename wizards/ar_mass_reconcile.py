"""Mass reconciliation: open payments and credit notes against invoices per
customer, by reference then oldest first; previewed, then posted."""

from odoo import Command, fields, models
from odoo.exceptions import UserError

from odoo.addons.account_receivable_management.engine import netting
from odoo.addons.account_receivable_management.engine.money import to_decimal
from odoo.addons.account_receivable_management.models.ar_actions import reopen_form


class ArMassReconcile(models.TransientModel):
    _name = "ar.mass.reconcile"
    _description = "Mass Reconciliation of Receivables"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        check_company=True,
        help="Leave empty for every customer.",
    )
    line_ids = fields.One2many("ar.mass.reconcile.line", "wizard_id", string="Preview")
    state = fields.Selection(
        [("draft", "Draft"), ("preview", "Preview"), ("done", "Done")], default="draft"
    )

    def _compute_display_name(self):
        for wizard in self:
            wizard.display_name = self.env._("Mass Reconciliation")

    def _open_items(self):
        domain = [
            *self.env["account.move.line"]._ar_open_receivable_domain(self.company_id),
            ("partner_id", "!=", False),
            ("currency_id", "=", self.company_id.currency_id.id),
        ]
        if self.partner_ids:
            domain.append(("partner_id", "child_of", self.partner_ids.ids))
        return self.env["account.move.line"].search_fetch(
            domain,
            [
                "partner_id",
                "amount_residual",
                "date",
                "move_name",
                "ref",
                "name",
                "account_id",
                "move_id",
            ],
        )

    def action_preview(self):
        self.ensure_one()
        amls = self._open_items()
        items = [
            netting.NettingItem(
                id=str(aml.id),
                partner_ref=f"{aml.partner_id.commercial_partner_id.id}-{aml.account_id.id}",
                amount=to_decimal(aml.amount_residual),
                date=aml.date,
                number=aml.move_name or "",
                reference=" ".join(filter(None, [aml.ref, aml.name, aml.move_id.ref])),
            )
            for aml in amls
            if not self.company_id.currency_id.is_zero(aml.amount_residual)
        ]
        pairs = netting.plan(items)
        self.line_ids = [Command.clear()] + [
            Command.create(
                {
                    "credit_line_id": int(p.credit_id),
                    "debit_line_id": int(p.debit_id),
                    "amount": float(p.amount),
                    "rule": p.rule,
                }
            )
            for p in pairs
        ]
        self.state = "preview"
        return reopen_form(self)

    def action_post(self):
        self.ensure_one()
        if self.state != "preview" or not self.line_ids:
            raise UserError(self.env._("Preview the reconciliation first."))
        for line in self.line_ids:
            pair = line.credit_line_id | line.debit_line_id
            if any(pair.mapped("reconciled")):
                continue
            pair.reconcile()
        self.state = "done"
        return reopen_form(self)


class ArMassReconcileLine(models.TransientModel):
    _name = "ar.mass.reconcile.line"
    _description = "Mass Reconciliation Preview Line"
    _check_company_auto = True

    wizard_id = fields.Many2one("ar.mass.reconcile", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="wizard_id.company_id", store=True)
    credit_line_id = fields.Many2one(
        "account.move.line", string="Payment / Credit Note", check_company=True
    )
    debit_line_id = fields.Many2one(
        "account.move.line", string="Invoice", check_company=True
    )
    partner_id = fields.Many2one(related="debit_line_id.partner_id")
    currency_id = fields.Many2one(related="wizard_id.company_id.currency_id")
    amount = fields.Monetary()
    rule = fields.Selection([("reference", "By reference"), ("oldest", "Oldest first")])
