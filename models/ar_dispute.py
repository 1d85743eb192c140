"""Dispute and deduction cases: a contested or withheld part of a receivable.

While a case is open its amount is marked on the receivable items
(``account.move.line.ar_disputed_amount``) so that dunning leaves it out. It
ends through the ledger: a credit note for what is accepted, a write-off entry
for what is not worth pursuing, and the rest rejected back to dunning.
"""

from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL, float_compare

from odoo.addons.account_receivable_management.engine import disputes as engine
from odoo.addons.account_receivable_management.models.ar_actions import form_dialog

OPEN_STAGES = ("new", "investigating", "waiting")
# Written by the resolution only (see write).
RESOLUTION_FIELDS = frozenset(
    {
        "accepted_amount",
        "written_off_amount",
        "rejected_amount",
        "credit_note_ids",
        "writeoff_move_id",
        "resolution_date",
        "resolution_days",
        "resolution_note",
    }
)


class ArDispute(models.Model):
    _name = "ar.dispute"
    _description = "Dispute or Deduction Case"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin"]  # noqa: RUF012
    _order = "priority desc, date_opened desc, id desc"
    _check_company_auto = True
    _AR_OPEN_STAGES = OPEN_STAGES
    _mail_post_access = "read"

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        store=True,
        help="Currency of the contested invoices.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
        domain="[('is_company', '=', True)]",
    )
    kind = fields.Selection(
        [("dispute", "Dispute"), ("deduction", "Deduction")],
        required=True,
        default="dispute",
        tracking=True,
        help="Dispute: the customer contests the invoice. Deduction: the "
        "customer paid less than the invoice asks.",
    )
    reason_id = fields.Many2one(
        "ar.dispute.reason", string="Reason", tracking=True, check_company=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    team_id = fields.Many2one("ar.dispute.team", string="Team", check_company=True)
    stage = fields.Selection(
        [
            ("new", "New"),
            ("investigating", "Investigating"),
            ("waiting", "Waiting for Customer"),
            ("resolved", "Resolved"),
            ("rejected", "Rejected"),
        ],
        default="new",
        required=True,
        tracking=True,
        group_expand=True,
        copy=False,
        index=True,
    )
    is_open = fields.Boolean(compute="_compute_is_open", search="_search_is_open")
    priority = fields.Selection(
        [("0", "Normal"), ("1", "Important"), ("2", "Urgent")], default="0"
    )
    date_opened = fields.Date(
        string="Opened On", required=True, default=fields.Date.context_today, copy=False
    )
    deadline = fields.Date(
        compute="_compute_deadline",
        store=True,
        readonly=False,
        tracking=True,
        help="Opening date plus the reason's target days; can be changed.",
    )
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue"
    )
    description = fields.Html()
    line_ids = fields.One2many("ar.dispute.line", "dispute_id", string="Invoices")
    invoice_ids = fields.Many2many(
        "account.move", compute="_compute_invoice_ids", string="Invoices (list)"
    )
    amount_disputed = fields.Monetary(
        string="Disputed",
        compute="_compute_amounts",
        store=True,
        tracking=True,
        help="Total contested, in the invoices' currency.",
    )
    amount_disputed_company = fields.Monetary(
        string="Disputed (Company Currency)",
        compute="_compute_amounts",
        store=True,
        currency_field="company_currency_id",
    )
    payment_move_id = fields.Many2one(
        "account.move",
        string="Short Payment",
        readonly=True,
        check_company=True,
        help="Payment that left the deducted amount open.",
    )
    accepted_amount = fields.Monetary(readonly=True, copy=False)
    written_off_amount = fields.Monetary(readonly=True, copy=False)
    rejected_amount = fields.Monetary(readonly=True, copy=False)
    credit_note_ids = fields.Many2many(
        "account.move",
        "ar_dispute_credit_note_rel",
        "dispute_id",
        "move_id",
        string="Credit Notes",
        readonly=True,
        copy=False,
    )
    writeoff_move_id = fields.Many2one(
        "account.move", string="Write-off Entry", readonly=True, copy=False
    )
    resolution_date = fields.Date(readonly=True, copy=False)
    resolution_days = fields.Integer(
        string="Days to Resolve",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="Calendar days from opening to resolution.",
    )
    resolution_note = fields.Text(readonly=True, copy=False)

    _name_company_uniq = models.Constraint(
        "unique(name, company_id)", "A case reference must be unique."
    )
    _writeoff_move_uniq = models.Constraint(
        "unique(writeoff_move_id)", "A write-off entry settles one case only."
    )
    _resolution_consistent = models.Constraint(
        "CHECK(stage IN ('new', 'investigating', 'waiting') "
        "OR resolution_date IS NOT NULL)",
        "A closed case has a resolution date.",
    )

    # ------------------------------------------------------------------ computes

    @api.depends("name", "kind", "line_ids.move_id")
    def _compute_display_name(self):
        """A case not saved yet has no reference: say what it is instead of "/"."""
        for case in self:
            if case.name and case.name != "/":
                case.display_name = case.name
                continue
            invoices = ", ".join(case.line_ids.move_id.mapped("name"))
            if case.kind == "deduction":
                title = self.env._("New deduction")
            else:
                title = self.env._("New dispute")
            case.display_name = (
                self.env._("%(title)s on %(invoices)s", title=title, invoices=invoices)
                if invoices
                else title
            )

    @api.depends("line_ids.currency_id", "company_id")
    def _compute_currency_id(self):
        for case in self:
            case.currency_id = case.line_ids[:1].currency_id or case.company_currency_id

    @api.depends("stage")
    def _compute_is_open(self):
        for case in self:
            case.is_open = case.stage in OPEN_STAGES

    def _search_is_open(self, operator, value):
        if operator != "in":
            return NotImplemented
        wanted = True in value
        return [("stage", "in" if wanted else "not in", OPEN_STAGES)]

    @api.depends("reason_id.target_days", "date_opened")
    def _compute_deadline(self):
        for case in self:
            case.deadline = engine.deadline(
                case.date_opened, case.reason_id.target_days
            )

    @api.depends("deadline", "stage")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for case in self:
            case.is_overdue = bool(
                case.stage in OPEN_STAGES and case.deadline and case.deadline < today
            )

    def _search_is_overdue(self, operator, value):
        if operator != "in":
            return NotImplemented
        domain = Domain("stage", "in", OPEN_STAGES) & Domain(
            "deadline", "<", fields.Date.context_today(self)
        )
        return domain if True in value else ~domain

    @api.depends("line_ids.move_id")
    def _compute_invoice_ids(self):
        for case in self:
            case.invoice_ids = case.line_ids.move_id

    @api.depends("line_ids.amount_currency", "line_ids.amount")
    def _compute_amounts(self):
        for case in self:
            case.amount_disputed = sum(case.line_ids.mapped("amount_currency"))
            case.amount_disputed_company = sum(case.line_ids.mapped("amount"))

    def _compute_access_url(self):
        super()._compute_access_url()
        for case in self:
            case.access_url = f"/my/disputes/{case.id}"

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                opened = vals.get("date_opened") or fields.Date.context_today(self)
                vals["name"] = (
                    self.env["ir.sequence"]
                    .with_company(vals.get("company_id") or self.env.company.id)
                    .with_context(ir_sequence_date=str(opened))
                    .next_by_code("ar.dispute")
                    or "/"
                )
            if vals.get("partner_id"):
                partner = self.env["res.partner"].browse(vals["partner_id"])
                vals["partner_id"] = partner.commercial_partner_id.id
        cases = super().create(vals_list)
        cases._ar_notify_owner()
        return cases

    def write(self, vals):
        if vals.get("partner_id"):
            partner = self.env["res.partner"].browse(vals["partner_id"])
            vals["partner_id"] = partner.commercial_partner_id.id
        # The outcome is written by _ar_resolve only (as superuser, after the
        # wizard's checks): never by a context key or field sent over RPC.
        resolving = self.env.su and self.env.context.get("ar_dispute_resolving")
        if (
            vals.get("stage") in ("resolved", "rejected")
            or RESOLUTION_FIELDS & vals.keys()
        ) and not resolving:
            raise UserError(
                self.env._(
                    "Close a case with the Resolve button: it posts the entries."
                )
            )
        if (
            "stage" in vals
            and not resolving
            and any(not case._ar_is_open() for case in self)
        ):
            raise UserError(self.env._("A closed case cannot be reopened."))
        old_owner = {case.id: case.user_id for case in self}
        result = super().write(vals)
        if "stage" in vals:
            self._ar_sync_disputed_amounts(self.line_ids.move_line_id)
        if "user_id" in vals:
            self.filtered(lambda c: c.user_id != old_owner[c.id])._ar_notify_owner()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_new_cases(self):
        if any(case.stage != "new" or case.credit_note_ids for case in self):
            raise UserError(self.env._("Only new cases can be deleted."))

    def unlink(self):
        items = self.line_ids.move_line_id
        result = super().unlink()
        self._ar_sync_disputed_amounts(items)
        return result

    # ------------------------------------------------------------------ helpers

    def _ar_is_open(self):
        self.ensure_one()
        return self.stage in OPEN_STAGES

    def _ar_check_single_currency(self):
        for case in self:
            if len(case.line_ids.currency_id) > 1:
                raise UserError(
                    self.env._(
                        "Case %(case)s mixes invoices in different currencies: "
                        "open one case per currency.",
                        case=case.name,
                    )
                )
            partners = case.line_ids.move_id.commercial_partner_id
            if partners - case.partner_id:
                raise UserError(
                    self.env._(
                        "Case %(case)s may only contain invoices of %(customer)s.",
                        case=case.name,
                        customer=case.partner_id.display_name,
                    )
                )

    def _ar_input_error_message(self, error, line=None):
        """Word an engine input error for the user."""
        invoice = line.move_id.display_name if line else ""
        values = {key: str(value) for key, value in error.values.items()}
        messages = {
            "not_a_number": self.env._(
                "Enter the disputed amount on %(invoice)s as a number, e.g. 120.50.",
                invoice=invoice,
            )
            if line
            else self.env._("Enter the amounts as numbers, e.g. 120.50."),
            "nothing_open": self.env._(
                "Invoice %(invoice)s has nothing left to pay: it cannot be disputed.",
                invoice=invoice,
            ),
            "not_positive": self.env._(
                "The disputed amount on %(invoice)s must be positive.",
                invoice=invoice,
            ),
            "above_residual": self.env._(
                "The disputed amount %(amount)s on %(invoice)s is more than its "
                "open amount %(residual)s (other open cases included).",
                invoice=invoice,
                amount=values.get("amount"),
                residual=values.get("residual"),
            ),
            "negative_part": self.env._(
                "Accepted and written-off amounts cannot be negative."
            ),
            "parts_above_disputed": self.env._(
                "Accepted plus written-off amounts are more than the disputed "
                "amount %(disputed)s.",
                disputed=values.get("disputed"),
            ),
        }
        return messages.get(error.code, str(error))

    def _ar_notify_owner(self):
        """Make the owner follow the case and give them a task by the deadline."""
        todo = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        for case in self.filtered("user_id"):
            case.message_subscribe(partner_ids=case.user_id.partner_id.ids)
            if todo and case._ar_is_open():
                case.activity_schedule(
                    activity_type_id=todo.id,
                    date_deadline=case.deadline or fields.Date.context_today(case),
                    summary=self.env._("Work dispute case %(case)s", case=case.name),
                    user_id=case.user_id.id,
                )

    @api.model
    def _ar_sync_disputed_amounts(self, move_lines):
        """Set ``ar_disputed_amount`` on receivable items from their open cases.

        One grouped query for the totals, one write per distinct total.
        """
        move_lines = move_lines.exists()
        if not move_lines:
            return
        groups = (
            self.env["ar.dispute.line"]
            .sudo()
            ._read_group(
                [("move_line_id", "in", move_lines.ids), ("stage", "in", OPEN_STAGES)],
                ["move_line_id"],
                ["amount:sum"],
            )
        )
        totals = {aml.id: total for aml, total in groups}
        ids_by_total = defaultdict(list)
        for aml in move_lines:
            total = totals.get(aml.id, 0.0)
            if aml.company_currency_id.compare_amounts(aml.ar_disputed_amount, total):
                ids_by_total[total].append(aml.id)
        AccountMoveLine = self.env["account.move.line"].sudo()
        for total, ids in ids_by_total.items():
            AccountMoveLine.browse(ids).write({"ar_disputed_amount": total})

    def _ar_lock(self):
        """Lock the cases' rows so that two users cannot resolve one twice."""
        self.flush_recordset()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM ar_dispute WHERE id IN %s FOR UPDATE NOWAIT",
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(["stage"])

    def _ar_writeoff_journal(self):
        self.ensure_one()
        journal = self.company_id.ar_dispute_journal_id
        if not journal:
            journal = self.env["account.journal"].search(
                [
                    *self.env["account.journal"]._check_company_domain(self.company_id),
                    ("type", "=", "general"),
                ],
                limit=1,
            )
        if not journal:
            raise UserError(
                self.env._("Set a journal for dispute write-offs in the settings.")
            )
        return journal

    # ------------------------------------------------------------------ actions

    def action_investigate(self):
        self.filtered(lambda c: c.stage in ("new", "waiting")).write(
            {"stage": "investigating"}
        )

    def action_wait_customer(self):
        self.filtered(lambda c: c.stage in ("new", "investigating")).write(
            {"stage": "waiting"}
        )

    def action_open_resolve_wizard(self):
        self.ensure_one()
        return form_dialog(
            "ar.dispute.resolve.wizard",
            name=self.env._("Resolve %(case)s", case=self.name),
            context={"default_dispute_id": self.id},
        )

    def action_view_moves(self):
        self.ensure_one()
        moves = self.credit_note_ids | self.writeoff_move_id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Entries of %(case)s", case=self.name),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", moves.ids)],
        }

    # ------------------------------------------------------------------ resolution

    def _ar_resolve(
        self, accepted=0.0, written_off=0.0, note=False, writeoff_account=None
    ):
        """Close the case: credit note for ``accepted``, write-off entry for
        ``written_off`` (both in the case currency), the rest rejected.

        Returns the moves posted. Refuses a closed case, so nothing is ever
        posted twice.
        """
        self.ensure_one()
        self._ar_lock()
        if not self._ar_is_open():
            raise UserError(
                self.env._("Case %(case)s is already closed.", case=self.name)
            )
        digits = self.currency_id.decimal_places
        try:
            split = engine.split_resolution(
                self.amount_disputed, accepted, written_off, digits
            )
            lines = self.line_ids.sorted("id")
            amounts = [line.amount_currency for line in lines]
            accepted_parts = engine.spread_over_lines(split.accepted, amounts, digits)
            rest = [a - float(p) for a, p in zip(amounts, accepted_parts, strict=True)]
            writeoff_parts = engine.spread_over_lines(split.written_off, rest, digits)
        except engine.DisputeInputError as error:
            raise UserError(self._ar_input_error_message(error)) from error
        account = writeoff_account or self.reason_id.writeoff_account_id
        if split.written_off and not account:
            raise UserError(
                self.env._(
                    "Choose a write-off account, or set one on reason %(reason)s.",
                    reason=self.reason_id.display_name or "-",
                )
            )
        for line, acc, woff in zip(lines, accepted_parts, writeoff_parts, strict=True):
            residual = line.move_line_id.amount_residual_currency
            if float_compare(float(acc + woff), residual, precision_digits=digits) > 0:
                raise UserError(
                    self.env._(
                        "Invoice %(invoice)s has only %(residual)s left open: it "
                        "was paid meanwhile. Change the amounts.",
                        invoice=line.move_id.display_name,
                        residual=residual,
                    )
                )
        credit_notes = self.env["account.move"]
        for line, part in zip(lines, accepted_parts, strict=True):
            line.sudo().accepted_amount = float(part)
            if part:
                credit_note = self._ar_post_credit_note(line, float(part))
                line.sudo().credit_note_id = credit_note
                credit_notes |= credit_note
        writeoff = self.env["account.move"]
        if split.written_off:
            writeoff = self._ar_post_writeoff(
                list(zip(lines, [float(p) for p in writeoff_parts], strict=True)),
                account,
            )
            for line, part in zip(lines, writeoff_parts, strict=True):
                line.sudo().written_off_amount = float(part)
        closed = split.accepted or split.written_off
        today = fields.Date.context_today(self)
        self.sudo().with_context(ar_dispute_resolving=True).write(
            {
                "stage": "resolved" if closed else "rejected",
                "accepted_amount": float(split.accepted),
                "written_off_amount": float(split.written_off),
                "rejected_amount": float(split.rejected),
                "credit_note_ids": [Command.set(credit_notes.ids)],
                "writeoff_move_id": writeoff.id,
                "resolution_date": today,
                "resolution_days": engine.resolution_days(self.date_opened, today),
                "resolution_note": note,
            }
        )
        if self.activity_ids:
            self.activity_ids.action_feedback(feedback=self.env._("Case closed."))
        self.message_post(
            body=self.env._(
                "Case closed: %(accepted)s credited, %(written_off)s written off, "
                "%(rejected)s rejected (back to dunning). %(note)s",
                accepted=split.accepted,
                written_off=split.written_off,
                rejected=split.rejected,
                note=note or "",
            )
        )
        return credit_notes | writeoff

    def _ar_post_credit_note(self, line, amount):
        """Post a partial credit note of ``amount`` (taxes included) on the
        invoice and reconcile it with the invoice's receivable item.

        The amount is spread over the invoice lines in proportion to their
        untaxed amounts, with the same products, accounts and taxes, so revenue
        and tax are reduced as the invoice booked them. A last untaxed line of
        at most a few cents makes the total exactly the accepted amount when
        tax rounding cannot reach it.
        """
        invoice = line.move_id
        aml = line.move_line_id
        product_lines = invoice.invoice_line_ids.filtered(
            lambda l: l.display_type == "product" and l.price_subtotal
        )
        if not product_lines or not invoice.amount_total:
            raise UserError(
                self.env._(
                    "Invoice %(invoice)s has no lines to credit.",
                    invoice=invoice.display_name,
                )
            )
        currency = invoice.currency_id
        untaxed_target = amount * invoice.amount_untaxed / invoice.amount_total
        line_commands = []
        for inv_line in product_lines:
            part = currency.round(
                untaxed_target * inv_line.price_subtotal / invoice.amount_untaxed
            )
            gross = (
                inv_line.price_unit
                * inv_line.quantity
                * (1 - (inv_line.discount or 0.0) / 100.0)
            )
            price_unit = part * gross / inv_line.price_subtotal
            line_commands.append(
                Command.create(
                    {
                        "product_id": inv_line.product_id.id,
                        "name": inv_line.name,
                        "account_id": inv_line.account_id.id,
                        "quantity": 1.0,
                        "price_unit": price_unit,
                        "tax_ids": [Command.set(inv_line.tax_ids.ids)],
                        "analytic_distribution": inv_line.analytic_distribution,
                    }
                )
            )
        today = fields.Date.context_today(self)
        credit_note = (
            self.env["account.move"]
            .with_company(invoice.company_id)
            .create(
                {
                    "move_type": "out_refund",
                    "partner_id": invoice.partner_id.id,
                    "journal_id": invoice.journal_id.id,
                    "currency_id": currency.id,
                    "invoice_date": today,
                    "invoice_date_due": today,
                    "invoice_payment_term_id": False,
                    "fiscal_position_id": invoice.fiscal_position_id.id,
                    "reversed_entry_id": invoice.id,
                    "invoice_origin": invoice.name,
                    "ref": self.env._(
                        "%(case)s: accepted on %(invoice)s",
                        case=self.name,
                        invoice=invoice.name,
                    ),
                    "invoice_line_ids": line_commands,
                }
            )
        )
        difference = currency.round(amount - credit_note.amount_total)
        if not currency.is_zero(difference):
            credit_note.write(
                {
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": self.env._("Rounding of the accepted amount"),
                                "account_id": product_lines[0].account_id.id,
                                "quantity": 1.0,
                                "price_unit": difference,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ]
                }
            )
        receivable = credit_note.line_ids.filtered(
            lambda l: l.display_type == "payment_term"
        )
        if receivable.account_id != aml.account_id:
            receivable.account_id = aml.account_id
        credit_note.action_post()
        (receivable | aml).reconcile()
        credit_note.message_post(
            body=self.env._("Credit note for dispute case %(case)s.", case=self.name)
        )
        return credit_note

    def _ar_post_writeoff(self, line_parts, account):
        """Post one balanced entry: debit ``account``, credit each receivable
        item by its part, and reconcile each credit with its invoice item."""
        journal = self._ar_writeoff_journal()
        company_currency = self.company_id.currency_id
        commands = []
        credits = []
        total_balance = 0.0
        total_currency = 0.0
        for line, part in line_parts:
            if not part:
                continue
            aml = line.move_line_id
            if aml.amount_residual_currency:
                rate = aml.amount_residual / aml.amount_residual_currency
            else:
                rate = 1.0
            balance = company_currency.round(part * rate)
            total_balance += balance
            total_currency += part
            credits.append(aml)
            commands.append(
                Command.create(
                    {
                        "name": self.env._(
                            "%(case)s: written off on %(invoice)s",
                            case=self.name,
                            invoice=line.move_id.name,
                        ),
                        "account_id": aml.account_id.id,
                        "partner_id": aml.partner_id.id,
                        "currency_id": line.currency_id.id,
                        "amount_currency": -part,
                        "balance": -balance,
                    }
                )
            )
        commands.append(
            Command.create(
                {
                    "name": self.env._(
                        "%(case)s: %(reason)s",
                        case=self.name,
                        reason=self.reason_id.name or self.env._("write-off"),
                    ),
                    "account_id": account.id,
                    "partner_id": self.partner_id.id,
                    "currency_id": self.currency_id.id,
                    "amount_currency": total_currency,
                    "balance": total_balance,
                }
            )
        )
        move = (
            self.env["account.move"]
            .with_company(self.company_id)
            .create(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "date": fields.Date.context_today(self),
                    "ref": self.env._("Write-off of case %(case)s", case=self.name),
                    "line_ids": commands,
                }
            )
        )
        move.action_post()
        # Lines keep the order of their commands: the first ones are the credits.
        created = move.line_ids.sorted("id")
        for aml, counterpart in zip(credits, created, strict=False):
            (counterpart | aml).reconcile()
        move.message_post(
            body=self.env._("Write-off for dispute case %(case)s.", case=self.name)
        )
        return move

    # ------------------------------------------------------------------ deductions

    @api.model
    def _ar_create_deduction(
        self, invoice_move, amount, reason=None, payment_move=None
    ):
        """Open a deduction case for ``amount`` (invoice currency) left open on
        ``invoice_move`` by a short payment; write it off at once when it is
        within the company's tolerance. Returns the case."""
        invoice_move.ensure_one()
        company = invoice_move.company_id
        if invoice_move.move_type not in ("out_invoice", "out_receipt") or (
            invoice_move.state != "posted"
        ):
            raise UserError(
                self.env._(
                    "Only posted customer invoices can carry a deduction: %(invoice)s.",
                    invoice=invoice_move.display_name,
                )
            )
        receivables = invoice_move.line_ids.filtered(
            lambda l: l.account_type == "asset_receivable" and not l.reconciled
        ).sorted(lambda l: -abs(l.amount_residual_currency))
        currency = invoice_move.currency_id
        try:
            amount = float(
                engine.validate_disputed_amount(
                    amount, invoice_move.amount_residual, currency.decimal_places
                )
            )
        except engine.DisputeInputError as error:
            line = self.env["ar.dispute.line"].new({"move_id": invoice_move.id})
            raise UserError(self._ar_input_error_message(error, line)) from error
        in_tolerance = self._ar_within_tolerance(invoice_move, amount)
        if not reason and in_tolerance:
            reason = company.ar_deduction_tolerance_reason_id
        if not reason:
            reason = self.env.ref(
                "account_receivable_management.ar_dispute_reason_other",
                raise_if_not_found=False,
            )
        partner = invoice_move.commercial_partner_id
        case = self.with_company(company).create(
            {
                "company_id": company.id,
                "kind": "deduction",
                "partner_id": partner.id,
                "reason_id": reason.id if reason else False,
                "user_id": partner.with_company(company)._ar_get_collector().id
                or self.env.user.id,
                "payment_move_id": payment_move.id if payment_move else False,
                "line_ids": [
                    Command.create(
                        {
                            "move_id": invoice_move.id,
                            "move_line_id": receivables[:1].id,
                            "amount_currency": amount,
                        }
                    )
                ],
            }
        )
        account = company.ar_deduction_tolerance_reason_id.writeoff_account_id
        if in_tolerance and account:
            case._ar_resolve(
                written_off=amount,
                writeoff_account=account,
                note=self.env._("Within the deduction tolerance: written off."),
            )
        return case

    def _ar_within_tolerance(self, invoice_move, amount):
        company = invoice_move.company_id
        amount_company = invoice_move.currency_id._convert(
            amount, company.currency_id, company, fields.Date.context_today(self)
        )
        return engine.within_tolerance(
            amount_company,
            abs(invoice_move.amount_total_signed),
            company.ar_deduction_tolerance_amount,
            company.ar_deduction_tolerance_percent,
        )
