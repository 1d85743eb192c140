"""The customer panel's one-click actions.

Each leaves a trace in the panel's chatter and moves the next-action date:
log a call (with its outcome), record a promise to pay, open a dispute, send a
reminder at a chosen level, send the statement, propose a payment plan,
escalate. Promises, disputes and reminders go through their own models.
"""

from datetime import timedelta

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date, formatLang

FOLLOW_UP_DAYS = 7  # after a dispute, a reminder or the statement
CHECK_PAYMENT_DAYS = 3  # after "paid already": time for the payment to arrive

OUTCOMES = [
    ("no_answer", "No answer"),
    ("promise", "Promise to pay"),
    ("dispute", "Dispute"),
    ("paid", "Paid already"),
    ("wrong_contact", "Wrong contact"),
    ("callback", "Call back on date"),
]


KIND_OF_OUTCOME = {"promise": "promise", "dispute": "dispute"}


def _dialog(model, name, context):
    return {
        "type": "ir.actions.act_window",
        "name": name,
        "res_model": model,
        "view_mode": "form",
        "target": "new",
        "context": context,
    }


class ArCollectionCustomer(models.Model):
    _inherit = "ar.collection.customer"

    def action_ar_log_call(self):
        self.ensure_one()
        return _dialog(
            "ar.collection.call",
            self.env._("Log a Call"),
            {"default_customer_id": self.id},
        )

    def action_ar_record_promise(self):
        self.ensure_one()
        return _dialog(
            "ar.collection.call",
            self.env._("Record a Promise to Pay"),
            {"default_customer_id": self.id, "default_outcome": "promise"},
        )

    def action_ar_open_dispute(self):
        self.ensure_one()
        return _dialog(
            "ar.collection.call",
            self.env._("Open a Dispute"),
            {"default_customer_id": self.id, "default_outcome": "dispute"},
        )

    def action_ar_send_reminder(self):
        self.ensure_one()
        return _dialog(
            "ar.collection.reminder",
            self.env._("Send a Reminder Now"),
            {"default_customer_id": self.id},
        )

    def action_ar_escalate(self):
        self.ensure_one()
        return _dialog(
            "ar.collection.escalation",
            self.env._("Escalate"),
            {"default_customer_id": self.id},
        )

    def action_ar_propose_plan(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Propose a Payment Plan"),
            "res_model": "ar.payment.plan",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_partner_id": self.partner_id.id,
                "default_company_id": self.company_id.id,
                "default_move_line_ids": [
                    Command.set(
                        self.item_ids.filtered(
                            lambda line: (
                                line.amount_residual > 0 and not line.ar_payment_plan_id
                            )
                        ).ids
                    )
                ],
            },
        }

    def action_ar_send_statement(self):
        """Email the statement of account to the customer now."""
        self.ensure_one()
        partner = self.partner_id
        if not partner.email:
            raise UserError(
                self.env._(
                    "%(customer)s has no email address: add one on the customer.",
                    customer=partner.display_name,
                )
            )
        report = self.env.ref(
            "account_receivable_management.action_report_customer_statement"
        )
        # the report and the customer's chatter need more than a collector's
        # rights; the collector (env.uid) stays the author
        content, _kind = report.sudo()._render_qweb_pdf(report, partner.ids)
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": self.env._(
                        "Statement %(date)s.pdf", date=fields.Date.context_today(self)
                    ),
                    "raw": content,
                    "res_model": partner._name,
                    "res_id": partner.id,
                }
            )
        )
        partner.sudo().with_company(self.company_id).message_post(
            body=self.env._("Please find your statement of account attached."),
            subject=self.env._(
                "Statement of account - %(company)s", company=self.company_id.name
            ),
            partner_ids=partner.ids,
            attachment_ids=attachment.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self._ar_after_action(
            self.env._("Statement of account sent to %(email)s.", email=partner.email),
            next_date=fields.Date.context_today(self) + timedelta(days=FOLLOW_UP_DAYS),
            kind="statement",
        )
        return True


class ArCollectionCall(models.TransientModel):
    _name = "ar.collection.call"
    _description = "Collections: Log a Call"
    _check_company_auto = True

    customer_id = fields.Many2one(
        "ar.collection.customer", string="Worklist Entry", required=True
    )
    partner_id = fields.Many2one(related="customer_id.partner_id")
    company_id = fields.Many2one(related="customer_id.company_id", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    outcome = fields.Selection(OUTCOMES, required=True, default="no_answer")
    note = fields.Text()
    callback_date = fields.Date(string="Call Back On")
    promise_amount = fields.Monetary(string="Promised Amount")
    promise_date = fields.Date(string="Promised Date")
    move_line_ids = fields.Many2many(
        "account.move.line",
        string="Items",
        check_company=True,
        domain="[('partner_id', 'child_of', partner_id),"
        " ('company_id', '=', company_id),"
        " ('account_type', '=', 'asset_receivable'), ('reconciled', '=', False),"
        " ('parent_state', '=', 'posted'), ('amount_residual', '>', 0)]",
    )

    def action_confirm(self):
        self.ensure_one()
        _ = self.env._
        today = fields.Date.context_today(self)
        customer = self.customer_id
        label = dict(self._fields["outcome"]._description_selection(self.env))[
            self.outcome
        ]
        note = Markup("<br/>%s") % self.note if self.note else ""
        result = True
        contacted, next_date = True, None
        if self.outcome == "no_answer":
            contacted, next_date = False, today + timedelta(days=1)
        elif self.outcome == "wrong_contact":
            contacted, next_date = False, today
        elif self.outcome == "paid":
            next_date = today + timedelta(days=CHECK_PAYMENT_DAYS)
        elif self.outcome == "callback":
            if not self.callback_date or self.callback_date < today:
                raise UserError(_("Give the date to call back, today or later."))
            next_date = self.callback_date
            label = _(
                "Call back on %(date)s", date=format_date(self.env, self.callback_date)
            )
        elif self.outcome == "promise":
            promise = self._ar_create_promise(today)
            next_date = promise.promised_date + timedelta(days=1)
            label = _(
                "Promise to pay %(amount)s by %(date)s",
                amount=formatLang(
                    self.env, promise.amount, currency_obj=self.currency_id
                ),
                date=format_date(self.env, promise.promised_date),
            )
        elif self.outcome == "dispute":
            case = self._ar_create_dispute()
            next_date = today + timedelta(days=FOLLOW_UP_DAYS)
            label = _("Dispute %(case)s opened", case=case.name)
            result = {
                "type": "ir.actions.act_window",
                "res_model": "ar.dispute",
                "res_id": case.id,
                "view_mode": "form",
                "target": "current",
            }
        customer._ar_after_action(
            Markup("%s%s") % (_("Call: %(outcome)s", outcome=label), note),
            next_date=next_date,
            contacted=contacted,
            kind=KIND_OF_OUTCOME.get(self.outcome, "call"),
        )
        return result

    def _ar_create_promise(self, today):
        _ = self.env._
        if not self.promise_date or self.promise_date < today:
            raise UserError(_("Give the promised date, today or later."))
        if self.promise_amount <= 0:
            raise UserError(_("Give the promised amount, above zero."))
        # sudo: creating a promise posts on the customer, which a collector may
        # not edit; the promise's author (create_uid) stays the collector
        return (
            self.env["ar.promise.to.pay"]
            .sudo()
            .create(
                {
                    "partner_id": self.partner_id.id,
                    "company_id": self.company_id.id,
                    "amount": self.promise_amount,
                    "promised_date": self.promise_date,
                    "move_line_ids": [Command.set(self.move_line_ids.ids)],
                    "note": self.note,
                }
            )
            .sudo(False)
        )

    def _ar_create_dispute(self):
        moves = self.move_line_ids.move_id
        if not moves:
            raise UserError(self.env._("Select the invoices the customer disputes."))
        moves._ar_check_disputable()
        return self.env["ar.dispute"].create(
            {
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "kind": "dispute",
                "description": self.note or False,
                "line_ids": [
                    Command.create(
                        {"move_id": move.id, "amount_currency": move.amount_residual}
                    )
                    for move in moves
                ],
            }
        )


class ArCollectionReminder(models.TransientModel):
    _name = "ar.collection.reminder"
    _description = "Collections: Send a Reminder Now"
    _check_company_auto = True

    customer_id = fields.Many2one(
        "ar.collection.customer", string="Worklist Entry", required=True
    )
    partner_id = fields.Many2one(related="customer_id.partner_id")
    company_id = fields.Many2one(related="customer_id.company_id", store=True)
    policy_id = fields.Many2one("ar.dunning.policy", compute="_compute_policy_id")
    level_id = fields.Many2one(
        "ar.dunning.level",
        string="Level",
        required=True,
        check_company=True,
        domain="[('policy_id', '=', policy_id)]",
    )

    @api.depends("partner_id", "company_id")
    def _compute_policy_id(self):
        for wizard in self:
            policies = self.env["ar.dunning.policy"]._ar_policy_of_partners(
                wizard.partner_id, wizard.company_id
            )
            wizard.policy_id = policies.get(wizard.partner_id.id)

    def action_send(self):
        """A dunning communication at the chosen level, validated now."""
        self.ensure_one()
        level, partner = self.level_id, self.partner_id
        if level.policy_id != self.policy_id:
            raise UserError(
                self.env._(
                    "Choose a level of %(customer)s's dunning policy.",
                    customer=partner.display_name,
                )
            )
        run = (
            self.env["ar.dunning.run"]
            .with_company(self.company_id)
            .create({"company_id": self.company_id.id})
        )
        vals_list = [
            dict(vals, level_id=level.id, fee_amount=level.fee_amount)
            for vals in run._ar_plan([partner.id])
            if vals["partner_id"] == partner.id
        ]
        if not vals_list:
            run.unlink()
            raise UserError(
                self.env._(
                    "%(customer)s has no overdue item to remind.",
                    customer=partner.display_name,
                )
            )
        # the level and fee come from the level chosen here, not typed: created
        # as the dunning run does (users cannot set a run's decisions by hand)
        comms = (
            self.env["ar.dunning.communication"]
            .sudo()
            .create(vals_list)
            .with_env(self.env)
        )
        sent = comms._ar_validate()
        run.state = "done"
        if not sent:
            raise UserError(
                self.env._("Another dunning run is working on this customer now.")
            )
        self.customer_id._ar_after_action(
            self.env._("Reminder sent now at level %(level)s.", level=level.name),
            next_date=fields.Date.context_today(self)
            + timedelta(days=level.wait_days or FOLLOW_UP_DAYS),
            kind="reminder",
        )
        return True


class ArCollectionEscalation(models.TransientModel):
    _name = "ar.collection.escalation"
    _description = "Collections: Escalate"
    _check_company_auto = True

    customer_id = fields.Many2one(
        "ar.collection.customer", string="Worklist Entry", required=True
    )
    partner_id = fields.Many2one(related="customer_id.partner_id")
    company_id = fields.Many2one(related="customer_id.company_id", store=True)
    target = fields.Selection(
        [("manager", "Credit Manager"), ("legal", "Legal / Collection Agency")],
        required=True,
        default="manager",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Credit Manager",
        domain=lambda self: [
            (
                "group_ids",
                "in",
                self.env.ref(
                    "account_receivable_management.group_ar_credit_manager"
                ).ids,
            ),
            ("share", "=", False),
        ],
    )
    move_line_ids = fields.Many2many(
        "account.move.line",
        string="Items to Freeze",
        check_company=True,
        domain="[('partner_id', 'child_of', partner_id),"
        " ('company_id', '=', company_id),"
        " ('account_type', '=', 'asset_receivable'), ('reconciled', '=', False),"
        " ('parent_state', '=', 'posted'), ('amount_residual', '>', 0)]",
        help="Empty: all the customer's open items.",
    )
    note = fields.Text(required=True, string="Why")

    def action_escalate(self):
        self.ensure_one()
        _ = self.env._
        customer = self.customer_id
        today = fields.Date.context_today(self)
        if self.target == "manager":
            if not self.user_id:
                raise UserError(_("Choose the credit manager to escalate to."))
            customer.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=self.user_id.id,
                summary=_("Escalated collection: decide"),
                note=self.note,
            )
            customer.escalation = "manager"
            customer._ar_after_action(
                _(
                    "Escalated to %(user)s: %(note)s",
                    user=self.user_id.name,
                    note=self.note,
                ),
                next_date=today + timedelta(days=FOLLOW_UP_DAYS),
                contacted=False,
                kind="escalation",
            )
            return True
        items = self.move_line_ids or customer.item_ids.filtered(
            lambda line: line.amount_residual > 0
        )
        if not items:
            raise UserError(_("The customer has no open item to hand over."))
        items.with_context(
            skip_invoice_sync=True,
            skip_account_move_synchronization=True,
            check_move_validity=False,
        ).write({"no_followup": True})
        # the hand-over flag is set for the collector, who may not edit customers
        self.partner_id.sudo().with_company(self.company_id).ar_collection_agency = True
        customer.escalation = "legal"
        customer._ar_after_action(
            _(
                "Handed over to legal / collection agency, %(count)s items frozen "
                "(%(items)s): %(note)s",
                count=len(items),
                items=", ".join(items.move_id.mapped("name")),
                note=self.note,
            ),
            contacted=False,
            kind="escalation",
        )
        return True
