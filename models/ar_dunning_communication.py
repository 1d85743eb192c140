"""One dunning communication: a customer and a currency on a date, its items.

The communication is sent at the highest level reached by its items (that
level drives template, channels, fee, interest, compensation and escalation);
each item keeps the level it reached itself.
"""

import logging

from markupsafe import Markup, escape

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.account_receivable_management.models.ar_company_check import (
    check_same_company,
)

_logger = logging.getLogger(__name__)
VALIDATED = ("done", "error")
CREDIT_MANAGER = "account_receivable_management.group_ar_credit_manager"
# what a communication claims: decided by the run, changed by credit managers only
DECIDED_FIELDS = frozenset(
    {
        "run_id",
        "date",
        "company_id",
        "partner_id",
        "level_id",
        "currency_id",
        "fee_amount",
        "charge_move_id",
    }
)
DECIDED_LINE_FIELDS = frozenset(
    {
        "communication_id",
        "level_id",
        "move_line_id",
        "date_maturity",
        "days_late",
        "amount_residual",
        "amount_netted",
        "amount_due",
        "interest_amount",
        "compensation_amount",
        "interest_periods",
        "interest_date_to",
        "paid_late",
    }
)


def check_decided_fields(records, vals_list, decided):
    """Refuse a user who is not a credit manager setting what the run decides.

    The run writes these fields as superuser; a receivables user previews,
    excludes and validates, but cannot type a fee, an interest or a date.
    """
    env = records.env
    if env.su or env.user.has_group(CREDIT_MANAGER):
        return
    touched = sorted(set().union(*(vals.keys() for vals in vals_list)) & decided)
    if touched:
        raise AccessError(
            env._(
                "Only credit managers can set what a dunning run decided "
                "(%(fields)s): run a new preview instead.",
                fields=", ".join(
                    records._fields[name].get_description(env)["string"]
                    for name in touched
                ),
            )
        )


class ArDunningCommunication(models.Model):
    _name = "ar.dunning.communication"
    _description = "Dunning Communication"
    _inherit = ["mail.thread"]  # noqa: RUF012
    _order = "date desc, id desc"
    _check_company_auto = True

    run_id = fields.Many2one(
        "ar.dunning.run", required=True, ondelete="cascade", index=True
    )
    date = fields.Date(required=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True, index=True
    )
    level_id = fields.Many2one("ar.dunning.level", required=True, readonly=True)
    policy_id = fields.Many2one(related="level_id.policy_id", store=True)
    currency_id = fields.Many2one("res.currency", required=True, readonly=True)
    line_ids = fields.One2many(
        "ar.dunning.communication.line", "communication_id", string="Items"
    )
    amount_due = fields.Monetary(
        compute="_compute_amounts", store=True, string="Amount Due"
    )
    amount_netted = fields.Monetary(
        compute="_compute_amounts", store=True, string="Credits Netted"
    )
    interest_amount = fields.Monetary(
        compute="_compute_amounts",
        store=True,
        currency_field="company_currency_id",
        string="Interest",
    )
    compensation_amount = fields.Monetary(
        compute="_compute_amounts",
        store=True,
        currency_field="company_currency_id",
        string="Fixed Compensation",
    )
    fee_amount = fields.Monetary(
        currency_field="company_currency_id", string="Fee", readonly=True
    )
    charge_move_id = fields.Many2one(
        "account.move", string="Fees Entry", readonly=True, copy=False
    )
    state = fields.Selection(
        [
            ("draft", "Preview"),
            ("excluded", "Excluded"),
            ("done", "Done"),
            ("error", "Error"),
        ],
        default="draft",
        required=True,
        readonly=True,
        index=True,
    )
    mail_state = fields.Selection(
        [("none", "No email"), ("queued", "Queued"), ("error", "Failed")],
        default="none",
        readonly=True,
    )
    mail_id = fields.Many2one("mail.mail", readonly=True, copy=False)
    statement_pending = fields.Boolean(
        readonly=True,
        copy=False,
        help="The level attaches the customer statement: it is rendered and "
        "attached when the queued email leaves, not at validation.",
    )
    letter_state = fields.Selection(
        [("none", "No letter"), ("to_print", "To print"), ("printed", "Printed")],
        default="none",
        readonly=True,
    )
    call_state = fields.Selection(
        [("none", "No call"), ("scheduled", "Scheduled")],
        default="none",
        readonly=True,
    )
    error_message = fields.Text(readonly=True)

    _validated_once_per_day = models.UniqueIndex(
        "(company_id, partner_id, currency_id, date) WHERE state IN ('done', 'error')",
        "This customer already got a dunning communication in this currency "
        "on this date.",
    )
    _charged_once = models.UniqueIndex(
        "(charge_move_id) WHERE charge_move_id IS NOT NULL",
        "Fees of a communication are charged once.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        check_decided_fields(self, vals_list, DECIDED_FIELDS)
        return super().create(vals_list)

    def write(self, vals):
        check_decided_fields(self, [vals], DECIDED_FIELDS)
        return super().write(vals)

    @api.constrains("fee_amount")
    def _check_fee(self):
        if any(comm.fee_amount < 0 for comm in self):
            raise ValidationError(self.env._("A dunning fee cannot be negative."))

    @api.constrains("run_id", "level_id", "charge_move_id")
    def _check_same_company(self):
        check_same_company(self, ["run_id", "level_id", "charge_move_id"])

    @api.depends(
        "line_ids.amount_due",
        "line_ids.amount_netted",
        "line_ids.interest_amount",
        "line_ids.compensation_amount",
        "line_ids.excluded",
    )
    def _compute_amounts(self):
        for comm in self:
            lines = comm.line_ids.filtered(lambda line: not line.excluded)
            comm.amount_due = sum(lines.mapped("amount_due"))
            comm.amount_netted = sum(lines.mapped("amount_netted"))
            comm.interest_amount = sum(lines.mapped("interest_amount"))
            comm.compensation_amount = sum(lines.mapped("compensation_amount"))

    @api.depends("partner_id", "level_id", "date")
    def _compute_display_name(self):
        for comm in self:
            comm.display_name = f"{comm.partner_id.name} - {comm.level_id.name}"

    @property
    def _ar_active_lines(self):
        return self.line_ids.filtered(lambda line: not line.excluded)

    def action_exclude(self):
        self.filtered(lambda c: c.state == "draft").state = "excluded"

    def action_include(self):
        self.filtered(lambda c: c.state == "excluded").state = "draft"

    def action_print_letter(self):
        letters = self.filtered(lambda c: c.letter_state != "none")
        if not letters:
            raise UserError(self.env._("None of these communications is a letter."))
        letters.letter_state = "printed"
        return self.env.ref(
            "account_receivable_management.action_report_dunning_letter"
        ).report_action(letters)

    def _ar_relevel_preview(self):
        """Previews whose highest level changed as the user excluded or included
        items: decided again at the highest level of the items left, with that
        level's fee, interest and compensation (an excluded formal notice item
        must not send a formal notice, nor its fee, for a reminder item)."""
        stale = self.filtered(
            lambda c: (
                c.state == "draft"
                and c._ar_active_lines
                and c.level_id
                != c._ar_active_lines.level_id.sorted(
                    lambda level: (level.sequence, level.id)
                )[-1:]
            )
        )
        for run, comms in stale.grouped("run_id").items():
            excluded = set(comms.line_ids.filtered("excluded").move_line_id.ids)
            planned = {
                (vals["partner_id"], vals["currency_id"]): vals
                for vals in run._ar_plan(
                    comms.partner_id.ids, run.automatic, excluded_ids=excluded
                )
            }
            for comm in comms:
                vals = planned.get((comm.partner_id.id, comm.currency_id.id))
                if vals:
                    comm.sudo().write(
                        {
                            "level_id": vals["level_id"],
                            "fee_amount": vals["fee_amount"],
                            "line_ids": [Command.clear(), *vals["line_ids"]],
                        }
                    )

    # ------------------------------------------------------------------
    # Validation: ledger, channels, escalation, traces
    # ------------------------------------------------------------------
    def _ar_validate(self):
        """Validate draft communications: charge, send, escalate, trace.

        Customers locked by another run are skipped (they stay in preview).
        Returns the communications validated.
        """
        comms = self.filtered(lambda c: c.state == "draft")
        comms = comms._ar_lock_partners()._ar_drop_stale()
        if not comms:
            return comms
        comms.state = "done"
        # the unique indexes refuse a second validation here, before any side effect
        self.env.flush_all()
        comms._ar_update_invoice_levels()
        comms._ar_charge()
        comms._ar_send_emails()
        comms.filtered(lambda c: c.level_id.channel_letter).letter_state = "to_print"
        comms._ar_schedule_calls()
        comms._ar_escalate()
        comms._ar_log_in_chatter()
        return comms

    def _ar_lock_partners(self):
        """Lock the customers' rows; keep those no other run holds."""
        if not self:
            return self
        locked = self.partner_id.try_lock_for_update(allow_referencing=True)
        return self.filtered(lambda c: c.partner_id in locked)

    def _ar_drop_stale(self):
        """Leave out previews another run has validated since (same item and level,
        or same customer and currency on the date): they stay drafts."""
        if not self:
            return self
        taken_lines = self.env["ar.dunning.communication.line"].search_fetch(
            [
                ("move_line_id", "in", self.line_ids.move_line_id.ids),
                ("state", "in", VALIDATED),
                ("excluded", "=", False),
                ("paid_late", "=", False),
            ],
            ["move_line_id", "level_id"],
        )
        taken = {(line.move_line_id.id, line.level_id.id) for line in taken_lines}
        taken_comms = self.search_fetch(
            [
                ("partner_id", "in", self.partner_id.ids),
                ("state", "in", VALIDATED),
                ("date", "in", list(set(self.mapped("date")))),
            ],
            ["company_id", "partner_id", "currency_id", "date"],
        )
        sent = {
            (c.company_id.id, c.partner_id.id, c.currency_id.id, c.date)
            for c in taken_comms
        }

        def fresh(comm):
            key = (
                comm.company_id.id,
                comm.partner_id.id,
                comm.currency_id.id,
                comm.date,
            )
            return key not in sent and not any(
                (line.move_line_id.id, line.level_id.id) in taken
                for line in comm._ar_active_lines
                if not line.paid_late
            )

        return self.filtered(fresh)

    def _ar_update_invoice_levels(self):
        """Each invoice gets the highest level its items reached, not the
        communication's."""
        by_level = {}
        for line in self._ar_active_lines.filtered(lambda line: not line.paid_late):
            move = line.move_id
            current = move.ar_dunning_level_id
            if not current or current.sequence < line.level_id.sequence:
                by_level.setdefault(line.level_id, set()).add(move.id)
        for level, move_ids in by_level.items():
            self.env["account.move"].browse(move_ids)._ar_set_dunning_level(level)

    def _ar_charge(self):
        """Post fees, interest and compensation: one balanced move per communication."""
        vals_list, charged = [], self.browse()
        journals = {}  # fallback journals, looked up once per company and type
        for comm in self:
            values = comm._ar_charge_move_values(journals)
            if values:
                vals_list.append(values)
                charged |= comm
        if not vals_list:
            return
        moves = self.env["account.move"].create(vals_list)
        moves.action_post()
        for comm, move in zip(charged, moves, strict=True):
            comm.sudo().charge_move_id = move

    def _ar_fee_journal(self, journal_type, journals):
        """The policy's fee journal, else the company's first journal of the type.

        ``journals`` memoizes the fallback per company and type for a whole
        validation, so a run of thousands of communications searches it once.
        """
        self.ensure_one()
        if self.policy_id.fee_journal_id:
            return self.policy_id.fee_journal_id
        key = (self.company_id.id, journal_type)
        if key not in journals:
            journals[key] = self.env["account.journal"].search(
                [("company_id", "=", self.company_id.id), ("type", "=", journal_type)],
                limit=1,
            )
        if not journals[key]:
            raise UserError(
                self.env._(
                    "Dunning policy %(policy)s charges fees but %(company)s has no "
                    "journal for them: set the policy's fee journal.",
                    policy=self.policy_id.name,
                    company=self.company_id.name,
                )
            )
        return journals[key]

    def _ar_charge_move_values(self, journals=None):
        self.ensure_one()
        journals = {} if journals is None else journals
        policy, company = self.policy_id, self.company_id
        amounts = [
            (self.fee_amount, policy.fee_account_id, self.env._("Dunning fee")),
            (
                self.interest_amount,
                policy.interest_account_id,
                self.env._("Late interest"),
            ),
            (
                self.compensation_amount,
                policy.compensation_account_id,
                self.env._("Fixed compensation for recovery costs"),
            ),
        ]
        amounts = [
            (amount, account, label) for amount, account, label in amounts if amount
        ]
        if not amounts:
            return None
        income = company.income_account_id
        partner = self.partner_id.with_company(company)
        label_ref = self.env._(
            "%(level)s of %(date)s", level=self.level_id.name, date=self.date
        )
        if policy.fee_mode == "invoice":
            journal = self._ar_fee_journal("sale", journals)
            return {
                "move_type": "out_invoice",
                "journal_id": journal.id,
                "partner_id": partner.id,
                "invoice_date": self.date,
                "date": self.date,
                "currency_id": company.currency_id.id,
                "ref": label_ref,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": label,
                            "account_id": (account or income).id,
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [],
                        }
                    )
                    for amount, account, label in amounts
                ],
            }
        journal = self._ar_fee_journal("general", journals)
        receivable = partner.property_account_receivable_id
        total = sum(amount for amount, _account, _label in amounts)
        lines = [
            Command.create(
                {
                    "name": label,
                    "account_id": (account or income).id,
                    "partner_id": partner.id,
                    "balance": -amount,
                }
            )
            for amount, account, label in amounts
        ]
        lines.append(
            Command.create(
                {
                    "name": label_ref,
                    "account_id": receivable.id,
                    "partner_id": partner.id,
                    "balance": total,
                    "date_maturity": self.date,
                    # owed like an invoice: Odoo excludes the items of
                    # miscellaneous journals from follow-up by default
                    "no_followup": False,
                }
            )
        )
        return {
            "move_type": "entry",
            "journal_id": journal.id,
            "date": self.date,
            "ref": label_ref,
            "line_ids": lines,
        }

    def _ar_send_emails(self):
        """Queue one email per communication; a failure stays on that communication.

        Emails are rendered and created in batches, one per template; a batch
        that fails is replayed one by one so that only the faulty
        communications are marked in error. A level's customer statement is
        not rendered here: it is attached when the email leaves
        (``_ar_attach_pending_statements``), so validating thousands of
        formal notices does not wait on one PDF each.
        """
        emailed = self.filtered(lambda c: c.level_id.channel_email)
        no_address = emailed.filtered(lambda c: not c.partner_id.email)
        no_address._ar_set_error(self.env._("The customer has no email address."))
        emailed -= no_address
        # templates are rendered per communication: read their invoices at once
        emailed.line_ids.move_id.fetch()
        one_by_one = self.browse()
        by_template = emailed.grouped(lambda c: c.level_id.mail_template_id)
        for template, comms in by_template.items():
            try:
                with self.env.cr.savepoint():
                    mails = template.send_mail_batch(comms.ids)
            except Exception as error:  # noqa: BLE001 - replayed one by one below
                _logger.info("Dunning email batch failed, one by one: %s", error)
                one_by_one |= comms
                continue
            for comm, mail in zip(comms, mails, strict=True):
                comm.mail_id = mail
            comms.mail_state = "queued"
        for comm in one_by_one:
            comm._ar_send_email()
        queued = emailed.filtered(lambda c: c.mail_state == "queued")
        queued.filtered(lambda c: c.level_id.attach_statement).statement_pending = True

    def _ar_send_email(self):
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                mail_id = self.level_id.mail_template_id.send_mail(self.id)
        except Exception as error:  # noqa: BLE001 - recorded on the communication
            _logger.info("Dunning email of %s failed: %s", self.display_name, error)
            self._ar_set_error(str(error))
            return
        self.mail_id = mail_id
        self.mail_state = "queued"

    @api.model
    def _ar_attach_pending_statements(self, mails):
        """Attach the customer statement to the dunning emails among ``mails``
        about to leave; return the mails that could not get theirs (set in
        exception, their communication in error, so none leaves without it).

        Each customer's statement is rendered as the communication's company,
        on the day the email leaves.
        """
        comms = self.sudo().search(
            [("mail_id", "in", mails.ids), ("statement_pending", "=", True)]
        )
        failed = self.env["mail.mail"]
        for company_comms in comms.grouped("company_id").values():
            contents, error = company_comms._ar_render_statements()
            for comm in company_comms:
                content = contents.get(comm.partner_id.id)
                if content is None:
                    message = self.env._(
                        "The customer statement could not be rendered: %(error)s",
                        error=error or "-",
                    )
                    comm.mail_id.sudo().write(
                        {"state": "exception", "failure_reason": message}
                    )
                    comm._ar_set_error(message)
                    failed |= comm.mail_id
                    continue
                attachment = (
                    self.env["ir.attachment"]
                    .sudo()
                    .create(
                        {
                            "name": self.env._(
                                "Statement %(date)s.pdf", date=comm.date
                            ),
                            "raw": content,
                            "res_model": comm._name,
                            "res_id": comm.id,
                        }
                    )
                )
                comm.mail_id.sudo().attachment_ids = [Command.link(attachment.id)]
                comm.statement_pending = False
        return failed

    def _ar_render_statements(self):
        """PDF statements of these communications' customers, rendered as
        their company: ``({partner id: bytes}, last error or None)``.

        One report call per customer: Odoo renders several documents in one
        wkhtmltopdf call only with a patched Qt, and they leave one at a time
        through the mail server anyway.
        """
        company = self.company_id
        report = (
            self.env.ref(
                "account_receivable_management.action_report_customer_statement"
            )
            .sudo()
            .with_company(company)
            .with_context(allowed_company_ids=company.ids)
        )
        contents, error = {}, None
        for pid in dict.fromkeys(self.partner_id.ids):
            try:
                with self.env.cr.savepoint():
                    contents[pid] = report._render_qweb_pdf(report, [pid])[0]
            except Exception as exc:  # noqa: BLE001 - the mail is set in error
                _logger.info("Statement of partner %s failed: %s", pid, exc)
                error = str(exc)
        return contents, error

    def _ar_set_error(self, message):
        self.write({"state": "error", "mail_state": "error", "error_message": message})

    def _ar_schedule_calls(self):
        calls = self.filtered(lambda c: c.level_id.channel_phone)
        if not calls:
            return
        call_type = self.env.ref("mail.mail_activity_data_call")
        partner_model = self.env["ir.model"]._get_id("res.partner")
        self.env["mail.activity"].create(
            [
                {
                    "res_model_id": partner_model,
                    "res_id": comm.partner_id.id,
                    "activity_type_id": call_type.id,
                    "user_id": (
                        comm.level_id.phone_user_id
                        or comm.partner_id.with_company(
                            comm.company_id
                        )._ar_get_collector()
                        or self.env.user
                    ).id,
                    "summary": self.env._(
                        "Dunning call (%(level)s): %(amount)s due",
                        level=comm.level_id.name,
                        amount=comm._ar_format_amount(comm.amount_due),
                    ),
                    "date_deadline": comm.date,
                }
                for comm in calls
            ]
        )
        calls.call_state = "scheduled"

    def _ar_escalate(self):
        """Escalations configured by credit managers on the level.

        They run with elevated rights: a receivables user may run dunning but
        may not edit customers' credit holds by hand.
        """
        for comm in self.filtered(lambda c: c.level_id.credit_hold):
            partner = comm.partner_id.with_company(comm.company_id).sudo()
            partner._ar_set_credit_hold(
                True,
                self.env._(
                    "Dunning level %(level)s reached on %(date)s",
                    level=comm.level_id.name,
                    date=comm.date,
                ),
            )
        for comm in self.filtered(lambda c: c.level_id.collection_agency):
            partner = comm.partner_id.with_company(comm.company_id).sudo()
            partner.ar_collection_agency = True

    @property
    def _ar_charges(self):
        return self.fee_amount + self.interest_amount + self.compensation_amount

    def _ar_total_due_text(self):
        """ "Total amount due": the items and the charges listed under them,
        one amount per currency when the items are not in company currency."""
        self.ensure_one()
        charges = self._ar_charges
        if self.currency_id == self.company_currency_id or not charges:
            return self.currency_id.format(self.amount_due + charges)
        return self.env._(
            "%(items)s + %(charges)s",
            items=self.currency_id.format(self.amount_due),
            charges=self.company_currency_id.format(charges),
        )

    def _ar_legal_mention(self):
        """What is claimed and on what basis, on every level's letter and email:
        the penalty rate in force, its basis, and the fixed compensation."""
        self.ensure_one()
        policy = self.policy_id
        rate = policy._ar_rate_in_force(self.date)
        compensation = policy.compensation_currency_id.format(
            policy.compensation_amount
        )
        if rate is None:
            rate_text = policy._ar_interest_basis_text()
        else:
            rate_text = self.env._(
                "%(rate)s%% a year, %(basis)s",
                rate=f"{rate:.2f}",
                basis=policy._ar_interest_basis_text(),
            )
        return self.env._(
            "Late payment penalties are due from the day after the due date at "
            "%(rate)s, for every day each sum is paid late, and a fixed "
            "compensation for recovery costs of %(compensation)s is due per "
            "invoice paid late (EU Directive 2011/7/EU; in France, Code de "
            "commerce articles L441-10 and D441-5).",
            rate=rate_text,
            compensation=compensation,
        )

    def _ar_format_amount(self, amount):
        self.ensure_one()
        return self.currency_id.format(amount)

    def _ar_channels_label(self):
        self.ensure_one()
        level = self.level_id
        channels = [
            label
            for used, label in (
                (
                    level.channel_email and self.mail_state == "queued",
                    self.env._("email"),
                ),
                (level.channel_letter, self.env._("letter")),
                (level.channel_phone, self.env._("phone call")),
            )
            if used
        ]
        return ", ".join(channels) or self.env._("no channel")

    def _ar_log_in_chatter(self):
        partner_bodies, move_bodies = {}, {}
        for comm in self:
            body = Markup("%s") % self.env._(
                "Dunning %(level)s sent by %(channels)s: %(amount)s due.",
                level=comm.level_id.name,
                channels=comm._ar_channels_label(),
                amount=comm._ar_format_amount(comm.amount_due),
            )
            if comm.error_message:
                body += Markup("<br/>") + escape(comm.error_message)
            partner_bodies[comm.partner_id.id] = (
                partner_bodies.get(comm.partner_id.id, Markup("")) + body
            )
            for move in comm._ar_active_lines.move_id:
                move_bodies[move.id] = move_bodies.get(move.id, Markup("")) + body
        partners = self.env["res.partner"].browse(list(partner_bodies))
        partners._message_log_batch(bodies=partner_bodies)
        moves = self.env["account.move"].browse(list(move_bodies))
        moves._message_log_batch(bodies=move_bodies)


class ArDunningCommunicationLine(models.Model):
    _name = "ar.dunning.communication.line"
    _description = "Dunning Communication Item"
    _order = "date_maturity, id"
    _check_company_auto = True

    communication_id = fields.Many2one(
        "ar.dunning.communication", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="communication_id.company_id", store=True, index=True
    )
    state = fields.Selection(related="communication_id.state", store=True)
    date = fields.Date(related="communication_id.date", store=True)
    level_id = fields.Many2one(
        "ar.dunning.level",
        required=True,
        readonly=True,
        help="Level this item reached. The communication is sent at the highest "
        "level of its items.",
    )
    partner_id = fields.Many2one(related="communication_id.partner_id", store=True)
    # stored and precomputed, not related: Odoo rounds every monetary value
    # of a new line in its currency, and a related currency made it build a
    # draft record per value (most of the time of a preview of 100,000 items)
    currency_id = fields.Many2one(
        "res.currency", compute="_compute_currencies", store=True, precompute=True
    )
    company_currency_id = fields.Many2one(
        "res.currency",
        string="Company Currency",
        compute="_compute_currencies",
        store=True,
        precompute=True,
    )
    move_line_id = fields.Many2one(
        "account.move.line",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    move_id = fields.Many2one(
        related="move_line_id.move_id", store=True, index=True, string="Invoice"
    )
    date_maturity = fields.Date(string="Due Date", readonly=True)
    days_late = fields.Integer(readonly=True)
    amount_residual = fields.Monetary(string="Residual", readonly=True)
    amount_netted = fields.Monetary(string="Credits Netted", readonly=True)
    amount_due = fields.Monetary(string="Amount Due", readonly=True)
    interest_amount = fields.Monetary(
        currency_field="company_currency_id", string="Interest", readonly=True
    )
    compensation_amount = fields.Monetary(
        currency_field="company_currency_id", string="Compensation", readonly=True
    )
    excluded = fields.Boolean(
        default=False,
        help="Left out of this communication by the user during the preview.",
    )
    paid_late = fields.Boolean(
        readonly=True,
        help="Paid in full after its due date: charged its interest for the "
        "days it was late, nothing is asked for the item itself.",
    )
    interest_date_to = fields.Date(
        string="Interest Charged Until",
        readonly=True,
        help="Last day charged: a later run charges from the day after.",
    )
    interest_periods = fields.Json(
        string="Interest Periods (data)",
        readonly=True,
        help="Each period charged: first and last day, base, annual rate, interest.",
    )
    interest_detail = fields.Text(
        string="Interest Periods", compute="_compute_interest_detail"
    )

    _item_level_once = models.UniqueIndex(
        "(move_line_id, level_id) WHERE state IN ('done', 'error') "
        "AND excluded IS NOT TRUE AND paid_late IS NOT TRUE",
        "This item already got this dunning level.",
    )
    _paid_late_once = models.UniqueIndex(
        "(move_line_id) WHERE state IN ('done', 'error') "
        "AND excluded IS NOT TRUE AND paid_late",
        "The days an item paid late were charged already.",
    )
    _compensation_once = models.UniqueIndex(
        "(move_id) WHERE compensation_amount > 0 AND state IN ('done', 'error') "
        "AND excluded IS NOT TRUE",
        "The fixed compensation is charged once per invoice.",
    )

    @api.depends("communication_id.currency_id", "communication_id.company_id")
    def _compute_currencies(self):
        for line in self:
            line.currency_id = line.communication_id.currency_id
            line.company_currency_id = line.communication_id.company_id.currency_id

    @api.depends("interest_periods", "company_currency_id")
    def _compute_interest_detail(self):
        for line in self:
            line.interest_detail = "\n".join(line._ar_interest_period_texts())

    def _ar_interest_period_rows(self):
        """Periods charged, for letters and emails: dicts of formatted values."""
        self.ensure_one()
        lang = self.env["res.lang"]._get_data(code=self.env.lang or "en_US")
        rows = []
        for period in self.interest_periods or []:
            rows.append(
                {
                    "date_from": fields.Date.from_string(period["from"]).strftime(
                        lang.date_format
                    ),
                    "date_to": fields.Date.from_string(period["to"]).strftime(
                        lang.date_format
                    ),
                    "days": period["days"],
                    "base": self.company_currency_id.format(period["base"]),
                    "rate": f"{period['rate']:.2f}%",
                    "amount": self.company_currency_id.format(period["amount"]),
                }
            )
        return rows

    def _ar_interest_period_texts(self):
        return [
            self.env._(
                "%(date_from)s - %(date_to)s: %(days)s days on %(base)s "
                "at %(rate)s = %(amount)s",
                **row,
            )
            for row in self._ar_interest_period_rows()
        ]

    @api.model_create_multi
    def create(self, vals_list):
        check_decided_fields(self, vals_list, DECIDED_LINE_FIELDS)
        return super().create(vals_list)

    def write(self, vals):
        check_decided_fields(self, [vals], DECIDED_LINE_FIELDS)
        return super().write(vals)

    @api.constrains("communication_id", "level_id", "move_line_id")
    def _check_same_company(self):
        check_same_company(
            self, ["level_id", "move_line_id"], branch_fields=["move_line_id"]
        )

    def action_exclude(self):
        lines = self.filtered(lambda line: line.state == "draft")
        lines.excluded = True
        lines.communication_id._ar_relevel_preview()

    def action_include(self):
        lines = self.filtered(lambda line: line.state == "draft")
        lines.excluded = False
        lines.communication_id._ar_relevel_preview()
