"""Payment plans: a customer's items spread over instalments.

While the plan runs (each instalment paid on time) its items are not dunned.
An instalment unpaid more than the grace days after its date breaks the plan:
dunning resumes at the level the items had reached, the collector gets an
activity and the worklist counts the broken plan.
"""

from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_round, format_date, formatLang

from odoo.addons.account_receivable_management.engine import payment_plans

CRON_BATCH_SIZE = 500
DEFAULT_GRACE_DAYS = 5  # without any dunning policy


class ArPaymentPlan(models.Model):
    _name = "ar.payment.plan"
    _description = "Payment Plan"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin"]  # noqa: RUF012
    _order = "id desc"
    _check_company_auto = True
    _mail_post_access = "read"

    name = fields.Char(
        compute="_compute_name", store=True, string="Plan", readonly=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('is_company', '=', True)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda s: s.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        [
            ("draft", "Proposed"),
            ("active", "Running"),
            ("broken", "Broken"),
            ("completed", "Completed"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    move_line_ids = fields.Many2many(
        "account.move.line",
        "ar_payment_plan_move_line_rel",
        "plan_id",
        "move_line_id",
        string="Items",
        check_company=True,
        domain="[('partner_id', 'child_of', partner_id),"
        " ('account_type', '=', 'asset_receivable'), ('reconciled', '=', False),"
        " ('parent_state', '=', 'posted'), ('amount_residual', '>', 0)]",
    )
    amount_total = fields.Monetary(
        string="Amount Spread",
        readonly=True,
        help="Open amount of the items when the plan started.",
    )
    amount_open = fields.Monetary(compute="_compute_amount_open", string="Still Open")
    amount_paid = fields.Monetary(compute="_compute_amount_open", string="Paid")
    instalment_count = fields.Integer(string="Instalments", default=3)
    interval = fields.Selection(
        [("month", "Monthly"), ("week", "Weekly")], default="month", required=True
    )
    first_date = fields.Date(
        string="First Instalment",
        default=lambda s: fields.Date.context_today(s) + timedelta(days=30),
    )
    interest_rate = fields.Float(
        string="Agreed Interest (%/year)",
        help="Simple interest on the balance still owed, agreed with the customer.",
    )
    grace_days = fields.Integer(
        compute="_compute_grace_days",
        store=True,
        readonly=False,
        precompute=True,
        help="An instalment unpaid this many days after its date breaks the plan; "
        "by default the grace days of the customer's dunning policy.",
    )
    line_ids = fields.One2many("ar.payment.plan.line", "plan_id", string="Schedule")
    broken_date = fields.Date(readonly=True, copy=False)
    proposal_ids = fields.One2many(
        "ar.payment.plan.proposal", "plan_id", string="Customer Proposals"
    )

    _grace_days_positive = models.Constraint(
        "CHECK(grace_days >= 0)", "The grace days of a payment plan cannot be negative."
    )

    @api.depends("partner_id", "company_id")
    def _compute_grace_days(self):
        """The grace days of the customer's dunning policy (the company's default
        policy when the customer has none)."""
        Policy = self.env["ar.dunning.policy"].sudo()
        for company, plans in self.grouped("company_id").items():
            customers = plans.partner_id.commercial_partner_id
            policies = Policy._ar_policy_of_partners(customers, company)
            for plan in plans:
                policy = policies.get(plan.partner_id.commercial_partner_id.id)
                plan.grace_days = (
                    policy.plan_grace_days if policy else DEFAULT_GRACE_DAYS
                )

    @api.depends("partner_id", "create_date")
    def _compute_name(self):
        for plan in self:
            plan.name = self.env._(
                "Plan %(number)s - %(customer)s",
                number=plan.id or "",
                customer=plan.partner_id.name or "",
            )

    def _compute_access_url(self):
        super()._compute_access_url()
        for plan in self:
            plan.access_url = f"/my/payment_plans/{plan.id}"

    @api.depends("move_line_ids.amount_residual", "amount_total")
    def _compute_amount_open(self):
        for plan in self:
            plan.amount_open = sum(plan.move_line_ids.mapped("amount_residual"))
            plan.amount_paid = max(plan.amount_total - plan.amount_open, 0)

    # ------------------------------------------------------------------
    # Life cycle
    # ------------------------------------------------------------------
    def action_compute_schedule(self):
        """Draft the instalments with the engine (cents summing exactly)."""
        for plan in self:
            if plan.state != "draft":
                raise UserError(self.env._("Only a proposed plan can be rescheduled."))
            plan._ar_check_items()
            total = sum(plan.move_line_ids.mapped("amount_residual"))
            factor = 10**plan.currency_id.decimal_places
            try:
                schedule = payment_plans.schedule(
                    round(total * factor),
                    plan.instalment_count,
                    plan.first_date,
                    plan.interval,
                    plan.interest_rate,
                    start=fields.Date.context_today(self),
                )
            except ValueError as error:
                raise UserError(
                    self.env._(
                        "Give at least one instalment, a first date and items with "
                        "an open amount."
                    )
                ) from error
            plan.write(
                {
                    "amount_total": total,
                    "line_ids": [Command.clear()]
                    + [
                        Command.create(
                            {
                                "sequence": index,
                                "date": instalment.date,
                                "principal": instalment.principal / factor,
                                "interest": instalment.interest / factor,
                            }
                        )
                        for index, instalment in enumerate(schedule, start=1)
                    ],
                }
            )
        return True

    def _ar_check_items(self):
        self.ensure_one()
        if not self.move_line_ids:
            raise UserError(self.env._("Select the items the plan spreads."))
        if not self.first_date:
            raise UserError(self.env._("Give the date of the first instalment."))
        if self.move_line_ids.filtered(
            lambda line: line.reconciled or line.amount_residual <= 0
        ):
            raise UserError(self.env._("The plan can spread open items only."))
        other = self.search(
            [
                ("id", "not in", self.ids),
                ("state", "=", "active"),
                ("move_line_ids", "in", self.move_line_ids.ids),
            ],
            limit=1,
        )
        if other:
            raise UserError(
                self.env._(
                    "Some items are already in the running plan %(plan)s.",
                    plan=other.name,
                )
            )

    def action_activate(self):
        """Start the plan: dunning leaves its items; the worklist waits."""
        for plan in self:
            if plan.state != "draft":
                raise UserError(self.env._("Only a proposed plan can be started."))
            if not plan.line_ids:
                plan.action_compute_schedule()
            plan._ar_check_items()
            plan.state = "active"
            plan.message_post(
                body=self.env._(
                    "Payment plan started: %(count)s instalments from %(date)s, "
                    "%(amount)s.",
                    count=len(plan.line_ids),
                    date=format_date(self.env, plan.line_ids[:1].date),
                    amount=formatLang(
                        self.env, plan.amount_total, currency_obj=plan.currency_id
                    ),
                )
            )
            plan._ar_snooze_worklist()
        self._ar_post_due_interest(fields.Date.context_today(self))
        return True

    def action_cancel(self):
        self.filtered(lambda p: p.state in ("draft", "active")).state = "cancelled"
        return True

    def _ar_next_unpaid(self):
        """The first instalment not yet covered by the payments, or nothing."""
        self.ensure_one()
        paid = self.amount_paid
        cumulated = 0.0
        for line in self.line_ids.sorted("date"):
            cumulated += line.principal
            if float_round(paid - cumulated, 2) < 0:
                return line
        return self.line_ids.browse()

    def _ar_snooze_worklist(self):
        """The customer leaves the worklist until the next instalment is late."""
        for plan in self:
            nxt = plan._ar_next_unpaid()
            if not nxt:
                continue
            rows = self.env["ar.collection.customer"]._ar_for_partners(
                plan.partner_id, plan.company_id
            )
            rows._ar_after_action(
                self.env._(
                    "Payment plan %(plan)s running: next instalment on %(date)s.",
                    plan=plan.name,
                    date=format_date(self.env, nxt.date),
                ),
                next_date=nxt.date + timedelta(days=plan.grace_days + 1),
                kind="plan",
            )

    # ------------------------------------------------------------------
    # Daily check
    # ------------------------------------------------------------------
    @api.model
    def _ar_cron_check_plans(self, batch_size=CRON_BATCH_SIZE):
        """Break plans with an instalment late beyond grace; close paid ones."""
        today = fields.Date.context_today(self)
        plans = self.search([("state", "=", "active")], order="id")
        batch, rest = plans[:batch_size], plans[batch_size:]
        batch._ar_check(today)
        self.env["ir.cron"]._commit_progress(len(batch), remaining=len(rest))

    def _ar_check(self, today):
        self._ar_post_due_interest(today)
        for plan in self:
            factor = 10**plan.currency_id.decimal_places
            status = payment_plans.status(
                [
                    (line.date, round(line.principal * factor))
                    for line in plan.line_ids.sorted("date")
                ],
                round(plan.amount_paid * factor),
                today,
                plan.grace_days,
            )
            if status.state == payment_plans.BROKEN:
                plan._ar_break(plan.line_ids.sorted("date")[status.missed_index], today)
            elif status.state == payment_plans.COMPLETED:
                plan.state = "completed"
                plan.message_post(body=self.env._("Payment plan completed."))

    def _ar_break(self, missed, today):
        """Broken: dunning resumes, the collector is asked to call."""
        self.ensure_one()
        self.write({"state": "broken", "broken_date": today})
        collector = self.partner_id.with_company(self.company_id)._ar_get_collector()
        row = self.env["ar.collection.customer"]._ar_for_partners(
            self.partner_id, self.company_id
        )
        collector = row.collector_id or collector or self.env.user
        message = self.env._(
            "Payment plan broken: the instalment of %(date)s is unpaid after "
            "%(days)s days of grace. Dunning resumes at the level reached.",
            date=format_date(self.env, missed.date),
            days=self.grace_days,
        )
        self.message_post(body=message)
        self.activity_schedule(
            "mail.mail_activity_data_call",
            user_id=collector.id,
            summary=self.env._("Payment plan broken: call the customer"),
        )
        row._ar_after_action(message, next_date=today, contacted=False)

    # ------------------------------------------------------------------
    # Agreed interest
    # ------------------------------------------------------------------
    def _ar_post_due_interest(self, today):
        """Post the agreed interest of every instalment fallen due by ``today``.

        Interest is income of the period it covers: each instalment's interest
        is posted on its date (by the daily check, or at the start for an
        instalment already due), not all at the start: an interest never
        earned (a plan broken or cancelled before) is never posted. One
        balanced entry per instalment, like dunning interest: the receivable
        due on the instalment date against the dunning policy's interest
        income account, in its fee journal. The entry is traced in the plan's
        chatter; its item is not dunned while the plan runs.
        """
        lines = self.filtered(lambda p: p.state == "active").line_ids.filtered(
            lambda line: (
                line.interest > 0 and not line.interest_move_id and line.date <= today
            )
        )
        if not lines:
            return
        policies = {}
        for company, plans in lines.plan_id.grouped("company_id").items():
            policies.update(
                self.env["ar.dunning.policy"]
                .sudo()
                ._ar_policy_of_partners(plans.partner_id.commercial_partner_id, company)
            )
        journals = {}
        vals_list = [
            line._ar_interest_move_values(
                policies.get(line.plan_id.partner_id.commercial_partner_id.id),
                journals,
            )
            for line in lines
        ]
        moves = self.env["account.move"].sudo().create(vals_list)
        moves.action_post()
        for line, move in zip(lines, moves, strict=True):
            line.sudo().interest_move_id = move
            line.plan_id.message_post(
                body=self.env._(
                    "Agreed interest of the instalment of %(date)s posted: "
                    "%(amount)s (%(entry)s).",
                    date=format_date(self.env, line.date),
                    amount=formatLang(
                        self.env, line.interest, currency_obj=line.currency_id
                    ),
                    entry=move.name,
                )
            )

    @api.model
    def _ar_active_items_query(self, line_ids):
        """The items among ``line_ids`` a running plan covers: its items and
        the entries of its agreed interest."""
        return SQL(
            """
            SELECT rel.move_line_id
              FROM ar_payment_plan_move_line_rel rel
              JOIN ar_payment_plan plan ON plan.id = rel.plan_id
             WHERE plan.state = 'active' AND rel.move_line_id IN %(lines)s
             UNION
            SELECT aml.id
              FROM account_move_line aml
              JOIN ar_payment_plan_line line ON line.interest_move_id = aml.move_id
              JOIN ar_payment_plan plan ON plan.id = line.plan_id
             WHERE plan.state = 'active' AND aml.id IN %(lines)s
            """,
            lines=tuple(line_ids),
        )


class ArPaymentPlanLine(models.Model):
    _name = "ar.payment.plan.line"
    _description = "Payment Plan Instalment"
    _order = "plan_id, date, id"
    _check_company_auto = True

    plan_id = fields.Many2one(
        "ar.payment.plan", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    currency_id = fields.Many2one(related="plan_id.currency_id")
    sequence = fields.Integer()
    date = fields.Date(required=True)
    principal = fields.Monetary()
    interest = fields.Monetary(string="Agreed Interest")
    interest_move_id = fields.Many2one(
        "account.move",
        string="Interest Entry",
        readonly=True,
        copy=False,
        help="The entry of this instalment's agreed interest, posted when it fell due.",
    )
    amount = fields.Monetary(compute="_compute_amount", string="Instalment")
    paid = fields.Boolean(compute="_compute_paid")

    @api.depends("principal", "interest")
    def _compute_amount(self):
        for line in self:
            line.amount = line.principal + line.interest

    def _ar_interest_move_values(self, policy, journals):
        """A balanced entry of this instalment's agreed interest, dated and due
        on the instalment's date."""
        self.ensure_one()
        plan, company = self.plan_id, self.plan_id.company_id
        partner = plan.partner_id.commercial_partner_id.with_company(company)
        journal = policy.fee_journal_id if policy else self.env["account.journal"]
        if not journal:
            if company.id not in journals:
                journals[company.id] = (
                    self.env["account.journal"]
                    .sudo()
                    .search(
                        [("company_id", "=", company.id), ("type", "=", "general")],
                        limit=1,
                    )
                )
            journal = journals[company.id]
        income = (policy.interest_account_id if policy else None) or (
            company.income_account_id
        )
        if not journal or not income:
            raise UserError(
                self.env._(
                    "The agreed interest of %(plan)s cannot be posted: set the "
                    "interest income account and the fee journal of the dunning "
                    "policy of %(customer)s.",
                    plan=plan.name,
                    customer=partner.name,
                )
            )
        label = self.env._(
            "%(plan)s: agreed interest of the instalment of %(date)s",
            plan=plan.name,
            date=format_date(self.env, self.date),
        )
        return {
            "move_type": "entry",
            "journal_id": journal.id,
            "date": self.date,
            "ref": label,
            "line_ids": [
                Command.create(
                    {
                        "name": label,
                        "account_id": income.id,
                        "partner_id": partner.id,
                        "balance": -self.interest,
                    }
                ),
                Command.create(
                    {
                        "name": label,
                        "account_id": partner.property_account_receivable_id.id,
                        "partner_id": partner.id,
                        "balance": self.interest,
                        "date_maturity": self.date,
                        # owed like an invoice (see the dunning charges)
                        "no_followup": False,
                    }
                ),
            ],
        }

    def _compute_paid(self):
        for line in self:
            plan = line.plan_id
            cumulated = sum(
                other.principal
                for other in plan.line_ids
                if (other.date, other.id) <= (line.date, line.id)
            )
            line.paid = float_round(plan.amount_paid - cumulated, 2) >= 0
