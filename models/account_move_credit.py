"""Credit control when customer invoices are posted."""

from collections import defaultdict
from decimal import Decimal

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import formatLang

from odoo.addons.account_receivable_management.models.ar_actions import form_dialog


class AccountMove(models.Model):
    _inherit = "account.move"

    ar_credit_approval_ids = fields.One2many(
        "ar.credit.approval", "move_id", string="Credit Approvals"
    )
    ar_credit_blocked = fields.Boolean(
        string="Blocked by Credit Control",
        compute="_compute_ar_credit_blocked",
        help="Posting this draft invoice is refused by the credit policy.",
    )
    ar_credit_block_message = fields.Text(compute="_compute_ar_credit_blocked")

    def _ar_credit_to_check(self):
        return self.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "draft"
        )

    def _ar_credit_decisions(self):
        """Decide for each draft customer invoice of self.

        Returns ``{move_id: (Decision, info)}``; a constant number of queries
        per company whatever the number of invoices and open items.
        """
        moves = self._ar_credit_to_check()
        if not moves:
            return {}
        approvals = (
            self.env["ar.credit.approval"]
            .sudo()
            .search_fetch(
                [("move_id", "in", moves.ids), ("state", "=", "approved")],
                ["move_id", "amount"],
            )
        )
        approved = defaultdict(float)
        for approval in approvals:
            approved[approval.move_id.id] = max(
                approved[approval.move_id.id], approval.amount
            )
        result = {}
        by_company = defaultdict(self.browse)
        for move in moves:
            by_company[move.company_id] |= move
        for company, company_moves in by_company.items():
            requests = []
            for move in company_moves:
                amount = Decimal(str(abs(move.amount_total_signed)))
                covered = (
                    amount
                    if approved[move.id]
                    and move.currency_id.compare_amounts(
                        approved[move.id], move.amount_total
                    )
                    >= 0
                    else Decimal(0)
                )
                requests.append((move.commercial_partner_id, amount, covered))
            decisions = self.env["res.partner"]._ar_credit_evaluate(
                company, requests, exclude_move_ids=company_moves.ids
            )
            for move, decision in zip(company_moves, decisions, strict=True):
                result[move.id] = decision
        return result

    def _ar_credit_message(self, decision, info):
        partner = info["partner"]
        currency = info["company"].currency_id
        lines = [partner._ar_credit_reason_text(r, currency) for r in decision.reasons]
        if info["overdue_count"]:
            lines.append(
                self.env._(
                    "%(count)s overdue items for %(amount)s.",
                    count=info["overdue_count"],
                    amount=formatLang(
                        self.env, float(info["overdue_amount"]), currency_obj=currency
                    ),
                )
            )
        return "\n".join(lines)

    def _compute_ar_credit_blocked(self):
        decisions = self._ar_credit_decisions() if self.ids else {}
        for move in self:
            decision, info = decisions.get(move.id, (None, None))
            move.ar_credit_blocked = bool(decision and not decision.allowed)
            move.ar_credit_block_message = (
                move._ar_credit_message(decision, info)
                if decision and decision.reasons
                else False
            )

    def _ar_credit_enforce(self):
        """Refuse posting over the limit or on hold, unless overridden or approved."""
        if self.env.context.get("ar_credit_skip_check"):
            return
        decisions = self._ar_credit_decisions()
        if not decisions:
            return
        manager = self.env["res.partner"]._ar_is_credit_manager()
        errors, overrides = [], []
        for move in self.browse(list(decisions)):
            decision, info = decisions[move.id]
            if decision.allowed:
                continue
            message = self._ar_credit_message(decision, info)
            if manager:
                overrides.append((move, message))
            else:
                errors.append(
                    self.env._(
                        "%(invoice)s for %(customer)s (%(amount)s):\n%(why)s",
                        invoice=move.display_name,
                        customer=info["partner"].display_name,
                        amount=formatLang(
                            self.env,
                            move.amount_total,
                            currency_obj=move.currency_id,
                        ),
                        why=message,
                    )
                )
        if errors:
            raise UserError(
                self.env._(
                    "Credit control refuses to post:\n\n%(errors)s\n\n"
                    "Request a credit approval or ask a credit manager.",
                    errors="\n\n".join(errors),
                )
            )
        for move, message in overrides:
            move.message_post(
                body=self.env._(
                    "%(user)s overrode credit control to post this invoice: %(why)s",
                    user=self.env.user.name,
                    why=message,
                )
            )

    def _post(self, soft=True):
        self._ar_credit_enforce()
        return super()._post(soft=soft)

    def action_ar_request_credit_approval(self):
        """Open a credit approval request for this held draft invoice."""
        self.ensure_one()
        if self.move_type != "out_invoice" or self.state != "draft":
            raise UserError(
                self.env._("Credit approval is for draft customer invoices.")
            )
        return form_dialog(
            "ar.credit.approval",
            name=self.env._("Request Credit Approval"),
            context={
                "default_move_id": self.id,
                "default_amount": self.amount_total,
                "default_currency_id": self.currency_id.id,
            },
        )
