"""Credit control when customer invoices are posted."""

from collections import defaultdict
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import formatLang

from odoo.addons.account_receivable_management.engine.money import to_decimal
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
        """Draft customer invoices with a customer: what the credit check is about."""
        return self.filtered(
            lambda m: (
                m.move_type == "out_invoice"
                and m.state == "draft"
                and m.commercial_partner_id
                and m.company_id
            )
        )

    def _ar_credit_decisions(self):
        """Decide for each draft customer invoice of self (saved or not).

        Returns ``{move: (Decision, info)}``. A constant number of queries per
        company whatever the number of invoices and open items: one for the
        figures; approvals are read only when an invoice would be refused.
        """
        moves = self._ar_credit_to_check()
        if not moves:
            return {}
        saved_ids = [move_id for move_id in moves._origin.ids if move_id]
        result = self._ar_credit_evaluate_moves(moves, saved_ids, {})
        refused = [
            move._origin.id
            for move, (decision, _info) in result.items()
            if not decision.allowed and move._origin
        ]
        if refused:
            approvals = (
                self.env["ar.credit.approval"]
                .sudo()
                .search_fetch(
                    [("move_id", "in", refused), ("state", "=", "approved")],
                    ["move_id", "amount"],
                )
            )
            approved = defaultdict(float)
            for approval in approvals:
                approved[approval.move_id.id] = max(
                    approved[approval.move_id.id], approval.amount
                )
            if approved:
                result = self._ar_credit_evaluate_moves(moves, saved_ids, approved)
        return result

    def _ar_credit_evaluate_moves(self, moves, saved_ids, approved):
        result = {}
        by_company = defaultdict(list)
        for move in moves:
            by_company[move.company_id].append(move)
        for company, company_moves in by_company.items():
            requests = []
            for move in company_moves:
                amount = to_decimal(abs(move._ar_credit_amount()))
                approved_amount = approved.get(move._origin.id)
                covered = (
                    amount
                    if approved_amount
                    and move.currency_id.compare_amounts(
                        approved_amount, move.amount_total
                    )
                    >= 0
                    else Decimal(0)
                )
                requests.append((move.commercial_partner_id, amount, covered))
            decisions = self.env["res.partner"]._ar_credit_evaluate(
                company, requests, exclude_move_ids=saved_ids
            )
            result.update(zip(company_moves, decisions, strict=True))
        return result

    def _ar_credit_amount(self):
        """The invoice total in company currency, saved or being edited.

        A record being edited in the form has its totals in ``tax_totals``
        (its journal items are only built when saved).
        """
        self.ensure_one()
        if isinstance(self.id, int):
            return self.amount_total_signed
        return (self.tax_totals or {}).get("total_amount") or 0.0

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

    @api.depends(
        "move_type",
        "state",
        "company_id",
        "commercial_partner_id",
        "currency_id",
        "amount_total_signed",
        "tax_totals",
    )
    def _compute_ar_credit_blocked(self):
        decisions = self._ar_credit_decisions()
        for move in self:
            decision, info = decisions.get(move, (None, None))
            move.ar_credit_blocked = bool(decision and not decision.allowed)
            move.ar_credit_block_message = (
                move._ar_credit_message(decision, info)
                if decision and decision.reasons
                else False
            )

    def _ar_credit_may_skip_check(self):
        """Only the superuser and credit managers may skip the check by context."""
        return bool(self.env.context.get("ar_credit_skip_check")) and (
            self.env.su or self.env["res.partner"]._ar_is_credit_manager()
        )

    def _ar_credit_may_override(self):
        """Credit managers may post past a refusal; scheduled posting never does."""
        return not self.env.context.get("ar_credit_autopost") and bool(
            self.env["res.partner"]._ar_is_credit_manager()
        )

    def _ar_credit_enforce(self):
        """Refuse posting over the limit or on hold, unless overridden or approved.

        Returns ``[(move, note)]``: what to write in the chatter of each invoice
        once posted (a credit manager's override, a warning passed by).
        Scheduled posting never overrides: a refused invoice stays draft.
        """
        if self._ar_credit_may_skip_check():
            return []
        decisions = self._ar_credit_decisions()
        if not decisions:
            return []
        errors, notes = [], []
        for move, (decision, info) in decisions.items():
            if decision.allowed and decision.level == "ok":
                continue
            message = self._ar_credit_message(decision, info)
            if decision.allowed:
                if "approved" not in decision.codes:
                    notes.append((move, "warn", decision, info, message))
            elif self._ar_credit_may_override():
                notes.append((move, "override", decision, info, message))
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
        return notes

    def _ar_credit_trace(self, notes):
        """Write on the invoice and the customer who posted past credit control."""
        for move, kind, decision, info, message in notes:
            if move.state != "posted":
                continue
            excess = max(
                (
                    reason.figures["excess"]
                    for reason in decision.reasons
                    if "excess" in reason.figures
                ),
                default=None,
            )
            values = {
                "user": self.env.user.name,
                "invoice": move.name,
                "why": message,
                "excess": formatLang(
                    self.env,
                    float(excess or 0),
                    currency_obj=info["company"].currency_id,
                ),
            }
            if kind == "override":
                body = self.env._(
                    "%(user)s overrode credit control to post this invoice: %(why)s",
                    **values,
                )
                partner_body = self.env._(
                    "%(user)s overrode credit control to post %(invoice)s: %(why)s",
                    **values,
                )
            elif excess is not None:
                body = self.env._(
                    "%(user)s posted this invoice over the credit limit by "
                    "%(excess)s (credit check: warn only). %(why)s",
                    **values,
                )
                partner_body = self.env._(
                    "%(user)s posted %(invoice)s over the credit limit by "
                    "%(excess)s (credit check: warn only). %(why)s",
                    **values,
                )
            else:
                body = self.env._(
                    "%(user)s posted this invoice despite a credit warning "
                    "(credit check: warn only). %(why)s",
                    **values,
                )
                partner_body = self.env._(
                    "%(user)s posted %(invoice)s despite a credit warning "
                    "(credit check: warn only). %(why)s",
                    **values,
                )
            move.message_post(body=body)
            info["partner"].sudo().message_post(body=partner_body)

    def _post(self, soft=True):
        if self.env.context.get("ar_credit_autopost_held_ids"):
            self = self.with_context(ar_credit_autopost_held_ids=False)  # noqa: PLW0642
        notes = self._ar_credit_enforce()
        posted = super()._post(soft=soft)
        if notes:
            self._ar_credit_trace(notes)
        return posted

    # ------------------------------------------------------------------
    # Scheduled posting (auto_post)
    # ------------------------------------------------------------------
    @api.model
    def _autopost_draft_entries(self, batch_size=100):
        """Odoo's scheduled posting, minus the invoices credit control refuses.

        Those stay draft, out of the scheduled action's search so they never
        hold up the others, with a note and an activity for the credit team
        (once, while the activity is open); they are posted by a later run
        when credit allows it.
        """
        held = self._ar_credit_hold_autopost()
        return super(
            AccountMove,
            self.with_context(
                ar_credit_autopost=True, ar_credit_autopost_held_ids=held
            ),
        )._autopost_draft_entries(batch_size=batch_size)

    @api.model
    def _search(self, domain, *args, **kwargs):
        held = self.env.context.get("ar_credit_autopost_held_ids")
        if held:
            domain = Domain(domain) & Domain("id", "not in", held)
        return super()._search(domain, *args, **kwargs)

    @api.model
    def _ar_credit_hold_autopost(self):
        """Ids of the invoices due for scheduled posting that credit control refuses."""
        candidates = self.search(
            [
                ("state", "=", "draft"),
                ("date", "<=", fields.Date.context_today(self)),
                ("auto_post", "!=", "no"),
                ("move_type", "=", "out_invoice"),
                ("partner_id", "!=", False),
            ],
            order="date, id",
        )
        decisions = candidates.with_context(
            ar_credit_autopost=True
        )._ar_credit_decisions()
        held = [
            move
            for move, (decision, _info) in decisions.items()
            if not decision.allowed
        ]
        summary = self.env._("Invoice held by credit control")
        todo = self.env.ref("mail.mail_activity_data_todo")
        for move in held:
            if move.activity_ids.filtered(
                lambda a: a.activity_type_id == todo and a.summary == summary
            ):
                continue
            decision, info = decisions[move]
            message = self._ar_credit_message(decision, info)
            move.message_post(
                body=self.env._(
                    "Scheduled posting held by credit control: %(why)s\n"
                    "It is posted by a later run once credit allows it (an "
                    "approved credit request, a higher limit, payments).",
                    why=message,
                )
            )
            partner = info["partner"].with_company(move.company_id)
            user = partner._ar_get_collector() or move.invoice_user_id
            move.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=summary,
                note=message,
                user_id=(user or self.env.user).id,
            )
        return [move.id for move in held]

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
