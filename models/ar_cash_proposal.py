"""Cash application proposals: which open invoices a bank statement line pays.

Data is gathered set-wise, the decision is the pure engine's
(``engine/matching.py``); confirming rewrites the statement line's entry (the
suspense line becomes receivable counterparts, discount and bank-fee lines)
and reconciles it with the invoices. Undo is Odoo's own
``action_undo_reconciliation``.
"""

import logging
from decimal import Decimal

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from odoo.addons.account_receivable_management.engine import (
    matching,
    references,
    remittance,
)
from odoo.addons.account_receivable_management.engine.money import to_decimal

from .ar_remittance_advice import advice_lines

_logger = logging.getLogger(__name__)


class ArCashProposal(models.Model):
    _name = "ar.cash.proposal"
    _description = "Cash Application Proposal"
    _order = "state, confidence desc, id desc"
    _check_company_auto = True

    statement_line_id = fields.Many2one(
        "account.bank.statement.line", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="statement_line_id.company_id", store=True)
    currency_id = fields.Many2one(related="statement_line_id.currency_id")
    date = fields.Date(related="statement_line_id.date")
    amount = fields.Monetary(related="statement_line_id.amount")
    payment_ref = fields.Char(related="statement_line_id.payment_ref", string="Label")
    payer_name = fields.Char(related="statement_line_id.partner_name")
    partner_id = fields.Many2one("res.partner", string="Customer", check_company=True)
    line_ids = fields.One2many("ar.cash.proposal.line", "proposal_id", string="Items")
    confidence = fields.Float(aggregator="avg")
    auto = fields.Boolean(
        string="Safe", help="Only one answer exists: applied by the scheduler."
    )
    reason_data = fields.Json(
        help="The engine's reasons: codes with parameters, rendered in the "
        "reader's language."
    )
    reason = fields.Char(compute="_compute_reason")
    on_account = fields.Monetary(help="Overpayment left on the customer's account.")
    short_amount = fields.Monetary(help="Unpaid part of the items after this payment.")
    deduction = fields.Boolean(help="Short beyond tolerance: a deduction case opens.")
    state = fields.Selection(
        [("proposed", "Proposed"), ("applied", "Applied"), ("undone", "Undone")],
        default="proposed",
        required=True,
    )
    applied_by_cron = fields.Boolean(readonly=True)
    unapplied_credit_ids = fields.Many2many(
        "account.move.line",
        compute="_compute_unapplied_credit_ids",
        string="Unapplied Payments and Credits",
        help="The customer's posted payments and credit notes not applied to "
        "invoices yet.",
    )
    unapplied_credit_count = fields.Integer(compute="_compute_unapplied_credit_ids")
    advice_attachment_ids = fields.Many2many(
        "ir.attachment",
        string="Remittance Advices",
        compute="_compute_advice_attachment_ids",
        inverse="_inverse_advice_attachment_ids",
        help="The customer's remittance advice (CSV or XLSX sheet, or text): "
        "the invoices it lists are matched with the payment.",
    )

    @api.depends("statement_line_id")
    def _compute_advice_attachment_ids(self):
        attachments = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "account.bank.statement.line"),
                ("res_id", "in", self.statement_line_id.ids),
            ]
        )
        by_line = attachments.grouped("res_id")
        for proposal in self:
            proposal.advice_attachment_ids = by_line.get(
                proposal.statement_line_id.id, attachments.browse()
            )

    def _inverse_advice_attachment_ids(self):
        """Uploaded advices belong to the statement line (proposals are
        rebuilt, the line stays)."""
        for proposal in self:
            proposal.advice_attachment_ids.filtered(
                lambda a, p=proposal: (
                    a.res_model != "account.bank.statement.line"
                    or a.res_id != p.statement_line_id.id
                )
            ).write(
                {
                    "res_model": "account.bank.statement.line",
                    "res_id": proposal.statement_line_id.id,
                }
            )

    def action_read_advice(self):
        """Propose again for these lines, with their remittance advices."""
        proposals = self.filtered(lambda p: p.state == "proposed")
        lines = proposals.statement_line_id
        created = self._ar_compute_proposals(proposals.company_id, lines)
        if len(created) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": self._name,
                "res_id": created.id,
                "view_mode": "form",
            }
        return True

    @api.depends("reason_data")
    def _compute_reason(self):
        texts = self._ar_reason_texts()
        for proposal in self:
            reasons = [(code, params) for code, params in proposal.reason_data or ()]
            proposal.reason = matching.reason_text(reasons, texts)

    def _ar_reason_texts(self):
        """The engine's reason codes in the user's language."""
        _ = self.env._
        return {
            "payer_on_line": _("customer on bank line"),
            "payer_iban": _("IBAN"),
            "payer_learned_iban": _("learned IBAN"),
            "payer_learned_name": _("learned name"),
            "payer_name": _("name"),
            "payer_truncated_name": _("truncated name"),
            "payer_name_prefix": _("name prefix"),
            "payer_unknown": _("payer unknown"),
            "rf": _("RF reference %(items)s"),
            "number": _("invoice number %(items)s"),
            "near_number": _("near number %(items)s"),
            "short_number": _("number %(items)s"),
            "customer_reference": _("customer's order number %(items)s"),
            "named_and_found": _("named %(items)s, with unnamed open items %(found)s"),
            "several_named": _("several customers' invoices named"),
            "no_open_item": _("customer has no open item"),
            "only_combination": _("only open items with this amount"),
            "unproven_combination": _("open items with this amount among many"),
            "several_combinations": _("several open items match the amount"),
            "within_tolerance_only": _("only open item within tolerance"),
            "oldest_item": _("no amount match, oldest open item"),
            "amount_only": _("only open item with this amount"),
            "no_reference": _("no reference"),
            "same_amount_items": _("%(count)s open items with this amount"),
            "equal": _("amount equal"),
            "discount": _("early-payment discount taken"),
            "tolerance": _("short within tolerance (bank fee)"),
            "overpaid": _("overpaid by %(amount)s, left on account"),
            "deduction": _("short payment: deduction"),
            "partial": _("partial payment"),
        }

    @api.depends("partner_id", "company_id")
    def _compute_unapplied_credit_ids(self):
        AccountMoveLine = self.env["account.move.line"]
        partners = self.partner_id.commercial_partner_id
        credits = AccountMoveLine
        if partners:
            credits = AccountMoveLine.search(
                AccountMoveLine._ar_unapplied_credit_domain(self.company_id, partners),
                order="date, id",
            )
        by_customer = credits.grouped(
            lambda line: (line.company_id, line.partner_id.commercial_partner_id)
        )
        for proposal in self:
            customer = proposal.partner_id.commercial_partner_id
            mine = AccountMoveLine
            if customer:
                mine = by_customer.get((proposal.company_id, customer), mine)
            proposal.unapplied_credit_ids = mine
            proposal.unapplied_credit_count = len(mine)

    def action_match_unapplied(self):
        """Match the customer's unapplied payments and credits to open invoices."""
        self.ensure_one()
        if not self.unapplied_credit_ids:
            raise UserError(
                self.env._("This customer has no unapplied payment or credit note.")
            )
        return self.unapplied_credit_ids.action_ar_match_to_invoices()

    # -- gathering ----------------------------------------------------------
    @api.model
    def _ar_open_statement_lines(self, companies):
        return self.env["account.bank.statement.line"].search_fetch(
            [
                ("is_reconciled", "=", False),
                ("company_id", "in", companies.ids),
                ("amount", ">", 0),
            ],
            [
                "amount",
                "date",
                "currency_id",
                "partner_id",
                "partner_name",
                "account_number",
                "payment_ref",
                "company_id",
                "journal_id",
            ],
        )

    @api.model
    def _ar_open_item_rows(self, company):
        """The open items of customer invoices and credit notes of the company
        and its branches (the one definition of an open item), one query:
        (id, customer, number, payment reference, currency, residual, date,
        due date, discount date, balance, discounted balance, the customer's
        reference of an invoice: his order number)."""
        return self.env.execute_query(
            SQL(
                """
                SELECT l.id, p.commercial_partner_id, l.move_name,
                       m.payment_reference, c.name, l.amount_residual, l.date,
                       l.date_maturity, l.discount_date, l.balance,
                       l.discount_balance,
                       CASE WHEN m.move_type = 'out_invoice' THEN m.ref END
                  FROM account_move_line l
                  JOIN account_move m ON m.id = l.move_id
                  JOIN res_partner p ON p.id = l.partner_id
                  JOIN res_currency c ON c.id = l.currency_id
                 WHERE %s AND m.move_type IN ('out_invoice', 'out_refund')
                 ORDER BY l.id
                """,
                self.env["account.move.line"]._ar_open_receivable_sql(
                    company, alias="l"
                ),
            )
        )

    @api.model
    def _ar_engine_input(self, st_lines, company):
        """Everything the engine needs for these statement lines, gathered
        set-wise: a fixed number of queries whatever the number of lines."""
        currency = company.currency_id
        items = []
        customer_ids = set()
        for (
            item_id,
            customer_id,
            number,
            payment_reference,
            currency_name,
            residual,
            invoice_date,
            due_date,
            discount_date,
            balance,
            discount_balance,
            customer_reference,
        ) in self._ar_open_item_rows(company):
            if currency.is_zero(residual):
                continue
            customer_ids.add(customer_id)
            discounted = (
                discount_date
                and discount_balance
                and currency.is_zero(balance - residual)
            )
            items.append(
                matching.OpenItem(
                    id=str(item_id),
                    partner_ref=str(customer_id),
                    number=number or "",
                    payment_reference=payment_reference or "",
                    currency=currency_name,
                    amount_residual=to_decimal(round(residual, 6)),
                    invoice_date=invoice_date,
                    due_date=due_date,
                    discount_amount=to_decimal(round(balance - discount_balance, 6))
                    if discounted
                    else Decimal(0),
                    discount_until=discount_date,
                    customer_reference=customer_reference or "",
                )
            )
        partners = (
            self.env["res.partner"].browse(customer_ids)
            | st_lines.partner_id.commercial_partner_id
        )
        partners |= partners.parent_id.commercial_partner_id
        partners.fetch(["name", "parent_id"])
        banks = self.env["res.partner.bank"].search_fetch(
            [("partner_id", "in", partners.ids)], ["acc_number", "partner_id"]
        )
        ibans = {}
        for bank in banks:
            ibans.setdefault(bank.partner_id.commercial_partner_id.id, []).append(
                bank.acc_number
            )
        engine_partners = [
            matching.Partner(
                ref=str(p.id),
                name=p.name or "",
                ibans=tuple(ibans.get(p.id, ())),
                parent_ref=str(p.parent_id.commercial_partner_id.id)
                if p.parent_id
                else "",
            )
            for p in partners
        ]
        advices = self._ar_remittance_advices(st_lines)
        lines = [
            matching.BankLine(
                id=str(st.id),
                date=st.date,
                amount=to_decimal(round(st.amount, 6)),
                currency=st.currency_id.name,
                payer_name=st.partner_name or "",
                payer_iban=st.account_number or "",
                remittance=" ".join(filter(None, [st.payment_ref, advices.get(st.id)])),
                partner_ref=str(st.partner_id.commercial_partner_id.id)
                if st.partner_id
                else "",
            )
            for st in st_lines
        ]
        mappings = [
            (m.kind, m.value, str(m.partner_id.commercial_partner_id.id))
            for m in self.env["ar.payer.mapping"].search_fetch(
                [("company_id", "=", company.id)], ["kind", "value", "partner_id"]
            )
        ]
        # no bank-fee account, no write-off: nothing proposed cannot be applied
        tolerance = (
            company.ar_cash_tolerance if company._ar_cash_writeoff_account() else 0
        )
        settings = matching.Settings(tolerance=to_decimal(round(tolerance, 6)))
        return engine_partners, items, lines, mappings, settings

    @api.model
    def _ar_remittance_advices(self, st_lines):
        """Remittance text of the advices of the statement lines, by line id:
        files attached to the line (CSV, XLSX, PDF or text), and advices
        received by email whose total is the line's amount. One read for all
        lines."""
        attachments = self.env["ir.attachment"].search_fetch(
            [
                ("res_model", "=", "account.bank.statement.line"),
                ("res_id", "in", st_lines.ids),
            ],
            ["res_id", "name", "mimetype", "raw"],
        )
        texts = self.env["ar.remittance.advice"]._ar_for_statement_lines(st_lines)
        for attachment in attachments:
            try:
                advice = advice_lines(
                    attachment.raw or b"", attachment.name or "", attachment.mimetype
                )
            except Exception:  # noqa: BLE001 - an unreadable file is no advice
                _logger.info("Remittance advice %s not readable", attachment.name)
                continue
            text = remittance.as_remittance(advice)
            if text:
                texts[attachment.res_id] = f"{texts.get(attachment.res_id, '')} {text}"
        return texts

    @api.model
    def _ar_compute_proposals(self, companies=None, statement_lines=None):
        """(Re)build the proposals of every unreconciled statement line (or of
        the given ones): per company, gather set-wise, one engine call, one
        create."""
        companies = companies or self.env.companies
        created = self.browse()
        for company in companies:
            st_lines = self._ar_open_statement_lines(company)
            if statement_lines is not None:
                st_lines &= statement_lines
            proposals = []
            if st_lines:
                proposals = matching.match(*self._ar_engine_input(st_lines, company))
            created |= self._ar_write_proposals(company, st_lines, proposals)
        return created

    @api.model
    def _ar_write_proposals(self, company, st_lines, proposals):
        """Replace the open proposals of these lines by the engine's."""
        # proposals of lines still open are rebuilt; those of lines
        # reconciled meanwhile (by hand, elsewhere) are stale
        self.search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "proposed"),
                "|",
                ("statement_line_id", "in", st_lines.ids),
                ("statement_line_id.is_reconciled", "=", True),
            ]
        ).unlink()
        return self.create([_proposal_vals(p) for p in proposals])

    # -- applying -----------------------------------------------------------
    def _ar_check_writeoffs(self):
        """A receivables user writes off what the matching allows only: the
        early-payment discount of the item and bank fees within the company's
        tolerance. More is a deduction case, or a credit manager's decision."""
        if self.env.su or self.env.user.has_group(
            "account_receivable_management.group_ar_credit_manager"
        ):
            return
        for proposal in self:
            company = proposal.company_id
            currency = company.currency_id
            fees = 0.0
            for line in proposal.line_ids.filtered("writeoff_amount"):
                aml = line.move_line_id
                allowed = 0.0
                if line.writeoff_kind == "discount" and (
                    aml.discount_date and proposal.date <= aml.discount_date
                ):
                    allowed = abs(aml.balance - aml.discount_balance)
                elif line.writeoff_kind == "tolerance":
                    fees += abs(line.writeoff_amount)
                    allowed = company.ar_cash_tolerance
                if (
                    currency.compare_amounts(abs(line.writeoff_amount), allowed) > 0
                    or currency.compare_amounts(fees, company.ar_cash_tolerance) > 0
                ):
                    raise AccessError(
                        self.env._(
                            "Writing off %(amount)s on %(item)s is more than the "
                            "early-payment discount or the bank-fee tolerance: "
                            "open a deduction case or ask a credit manager.",
                            amount=line.writeoff_amount,
                            item=aml.move_name,
                        )
                    )

    def _ar_check_applicable(self):
        for proposal in self:
            st_line = proposal.statement_line_id
            if proposal.state != "proposed" or st_line.is_reconciled:
                raise UserError(
                    self.env._(
                        "The bank line %(line)s is already reconciled.",
                        line=st_line.display_name,
                    )
                )
            if st_line.currency_id != st_line.company_id.currency_id:
                raise UserError(
                    self.env._(
                        "Bank line %(line)s is in a foreign currency: reconcile it "
                        "from the journal entry.",
                        line=st_line.display_name,
                    )
                )
            if not proposal.line_ids and not proposal.partner_id:
                raise UserError(
                    self.env._(
                        "Bank line %(line)s has no item to apply.",
                        line=st_line.display_name,
                    )
                )
            for line in proposal.line_ids:
                aml = line.move_line_id
                if (
                    aml.reconciled
                    or abs(line.amount + line.writeoff_amount)
                    > abs(aml.amount_residual) + 0.005
                ):
                    raise UserError(
                        self.env._(
                            "%(item)s no longer has %(amount)s open: compute the "
                            "proposals again.",
                            item=aml.move_name,
                            amount=line.amount,
                        )
                    )

    def _ar_counterpart_commands(self):
        """Commands replacing the suspense line, and the items each new
        receivable line must be reconciled with (in creation order)."""
        self.ensure_one()
        company = self.company_id
        commands, targets = [], []
        for line in self.line_ids:
            aml = line.move_line_id
            commands.append(
                Command.create(
                    {
                        "account_id": aml.account_id.id,
                        "partner_id": aml.partner_id.id,
                        "name": aml.move_name,
                        "balance": -(line.amount + line.writeoff_amount),
                    }
                )
            )
            targets.append(aml)
            if line.writeoff_amount:
                account = (
                    company._ar_cash_discount_account()
                    if line.writeoff_kind == "discount"
                    else company._ar_cash_writeoff_account()
                )
                if not account:
                    raise UserError(
                        self.env._(
                            "Set the bank fee and discount accounts in the "
                            "Receivables settings first."
                        )
                    )
                commands.append(
                    Command.create(
                        {
                            "account_id": account.id,
                            "partner_id": aml.partner_id.id,
                            "name": self.env._(
                                "Discount / bank fee %(item)s", item=aml.move_name
                            ),
                            "balance": line.writeoff_amount,
                        }
                    )
                )
                targets.append(None)
        # what the items do not take stays on the customer's account
        rest = self.amount - sum(self.line_ids.mapped("amount"))
        if self.currency_id.compare_amounts(rest, 0) < 0:
            raise UserError(
                self.env._("The items take more than the bank line brings.")
            )
        if not self.currency_id.is_zero(rest):
            partner = self.partner_id or self.line_ids.move_line_id.partner_id[:1]
            if not partner:
                raise UserError(self.env._("Choose the customer to credit."))
            commands.append(
                Command.create(
                    {
                        "account_id": partner.with_company(
                            company
                        ).property_account_receivable_id.id,
                        "partner_id": partner.id,
                        "name": self.env._("Payment on account"),
                        "balance": -rest,
                    }
                )
            )
            targets.append(None)
        return commands, targets

    def action_apply(self):
        self._ar_check_applicable()
        self._ar_check_writeoffs()
        for proposal in self:
            proposal._ar_apply_one()
        # a person's confirmation teaches the payer's account and name; any
        # application (the scheduler's too: every cent explained) teaches the
        # order numbers its remittance cites
        by_hand = not self.env.context.get("ar_cash_cron")
        for proposal in self:
            st = proposal.statement_line_id
            invoices = proposal.line_ids.move_line_id.move_id.filtered(
                lambda m: m.move_type == "out_invoice" and m.ref
            )
            self.env["ar.payer.mapping"]._ar_learn(
                proposal.company_id,
                proposal.partner_id.commercial_partner_id,
                st.account_number if by_hand else "",
                st.partner_name if by_hand else "",
                [
                    m.ref
                    for m in invoices
                    if references.cites(st.payment_ref or "", m.ref)
                ],
            )
        return True

    def _ar_apply_one(self):
        st_line = self.statement_line_id
        move = st_line.move_id
        customer = (
            self.partner_id or self.line_ids.move_line_id.partner_id[:1]
        ).commercial_partner_id
        if customer and st_line.partner_id != customer and not st_line.partner_id:
            # set while the entry is still bank + suspense: Odoo rewrites both
            # lines with the customer
            st_line.partner_id = customer
        _liquidity, suspense, others = st_line._seek_for_lines()
        if others or not suspense:
            raise UserError(
                self.env._(
                    "Bank line %(line)s is partly reconciled already.",
                    line=st_line.display_name,
                )
            )
        commands, targets = self._ar_counterpart_commands()
        old_lines = move.line_ids
        balance = sum(c[2]["balance"] for c in commands)
        if not st_line.currency_id.is_zero(balance + st_line.amount):
            raise UserError(
                self.env._(
                    "The items applied (%(applied)s) do not add up to the bank line "
                    "(%(amount)s).",
                    applied=-balance,
                    amount=st_line.amount,
                )
            )
        move.with_context(skip_readonly_check=True, force_delete=True).write(
            {"line_ids": [Command.delete(suspense.id), *commands]}
        )
        new_lines = (move.line_ids - old_lines).sorted("id")
        for new_line, target in zip(new_lines, targets, strict=True):
            if target:
                (new_line | target).reconcile()
        self.state = "applied"
        self._ar_open_deductions()
        move.message_post(
            body=self.env._(
                "Cash applied (%(how)s): %(reason)s",
                how=self.env._("scheduled")
                if self.env.context.get("ar_cash_cron")
                else self.env.user.name,
                reason=self.reason,
            )
        )

    def _ar_open_deductions(self):
        if not self.deduction:
            return
        for line in self.line_ids:
            invoice = line.move_line_id.move_id
            residual = line.move_line_id.amount_residual
            if invoice.move_type == "out_invoice" and residual > 0:
                self.env["ar.dispute"]._ar_create_deduction(
                    invoice,
                    residual,
                    payment_move=self.statement_line_id.move_id,
                )

    def action_confirm_confident(self):
        todo = self.filtered(
            lambda p: (
                p.state == "proposed"
                and (p.auto or p.confidence >= p.company_id.ar_cash_auto_threshold)
                and p.line_ids
            )
        )
        todo.action_apply()
        return True

    def action_undo(self):
        applied = self.filtered(lambda p: p.state == "applied")
        applied.statement_line_id.action_undo_reconciliation()
        applied.state = "undone"
        return True

    # -- scheduler ----------------------------------------------------------
    @api.model
    def _cron_apply_safe_proposals(self, batch_size=200):
        """Recompute proposals, then apply the safe ones in committed batches."""
        self._ar_compute_proposals(self.env["res.company"].search([]))
        cron = self.env["ir.cron"]
        todo = self.search([("state", "=", "proposed"), ("auto", "=", True)])
        done = 0
        for start in range(0, len(todo), batch_size):
            batch = todo[start : start + batch_size]
            for proposal in batch:
                try:
                    with self.env.cr.savepoint():
                        proposal.with_context(ar_cash_cron=True).action_apply()
                        proposal.applied_by_cron = True
                except UserError:
                    continue
            done += len(batch)
            if not cron._commit_progress(len(batch), remaining=len(todo) - done):
                break


class ArCashProposalLine(models.Model):
    _name = "ar.cash.proposal.line"
    _description = "Cash Application Proposal Item"
    _check_company_auto = True

    proposal_id = fields.Many2one("ar.cash.proposal", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="proposal_id.company_id", store=True)
    currency_id = fields.Many2one(related="proposal_id.currency_id")
    move_line_id = fields.Many2one(
        "account.move.line",
        string="Open Item",
        required=True,
        check_company=True,
        domain="[('account_id.account_type', '=', 'asset_receivable'), "
        "('reconciled', '=', False), ('parent_state', '=', 'posted'), "
        "('company_id', '=', company_id)]",
    )
    move_id = fields.Many2one(related="move_line_id.move_id", string="Invoice")
    residual = fields.Monetary(related="move_line_id.amount_residual")
    amount = fields.Monetary(string="Cash Applied")
    writeoff_amount = fields.Monetary(string="Written Off")
    writeoff_kind = fields.Selection(
        [("discount", "Early-payment discount"), ("tolerance", "Bank fee")]
    )

    @api.onchange("move_line_id")
    def _onchange_move_line_id(self):
        """Picked by hand: apply what is left of the bank line, at most the
        item's residual."""
        if self.move_line_id and not self.amount:
            used = sum((self.proposal_id.line_ids - self).mapped("amount"))
            left = self.proposal_id.amount - used
            self.amount = min(self.move_line_id.amount_residual, left)


def _proposal_vals(proposal):
    return {
        "statement_line_id": int(proposal.bank_line_id),
        "partner_id": int(proposal.partner_ref) if proposal.partner_ref else False,
        "confidence": proposal.confidence,
        "auto": proposal.auto,
        "reason_data": [
            [code, {k: str(v) for k, v in params.items()}]
            for code, params in proposal.reasons
        ],
        "on_account": float(proposal.on_account),
        "short_amount": float(proposal.short_amount),
        "deduction": proposal.deduction,
        "line_ids": [
            Command.create(
                {
                    "move_line_id": int(a.open_item_id),
                    "amount": float(a.amount),
                    "writeoff_amount": float(a.writeoff),
                    "writeoff_kind": a.writeoff_kind or False,
                }
            )
            for a in proposal.allocations
        ],
    }
