"""Dunning runs: gather overdue items set-wise, let the engine decide, act."""

from collections import defaultdict
from decimal import Decimal

from psycopg2.errors import SerializationFailure, UniqueViolation

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, split_every

from odoo.addons.account_receivable_management.engine import dunning, late_interest
from odoo.addons.account_receivable_management.engine.money import to_decimal

CRON_BATCH_SIZE = 200
# communications validated at once by a manual run (then the cache is dropped)
VALIDATION_CHUNK_SIZE = 500
# each item's payments and credits: the day (the later of the two lines'
# dates, as Odoo stores it) and the amount in company currency
SETTLEMENTS_SQL = SQL(
    """
    SELECT array_agg(pr.max_date ORDER BY pr.max_date, pr.id) AS days,
           array_agg(pr.amount ORDER BY pr.max_date, pr.id) AS amounts,
           MAX(pr.max_date) AS paid_on
      FROM account_partial_reconcile pr
     WHERE pr.debit_move_id = aml.id
    """
)
# the last day an item's interest was charged up to
INTEREST_UNTIL_SQL = SQL(
    """
    SELECT MAX(COALESCE(cl.interest_date_to, cl.date)) AS until
      FROM ar_dunning_communication_line cl
     WHERE cl.move_line_id = aml.id
       AND cl.interest_amount > 0
       AND cl.state IN ('done', 'error')
       AND cl.excluded IS NOT TRUE
    """
)
# Per receivable item: compensation already asked for its invoice (once per
# invoice), and whether the item is itself a charge posted by dunning.
CHARGE_FLAGS_SQL = SQL(
    """
    EXISTS (
        SELECT 1 FROM ar_dunning_communication_line cl
         WHERE cl.move_id = aml.move_id
           AND cl.compensation_amount > 0
           AND cl.state IN ('done', 'error')
           AND cl.excluded IS NOT TRUE
    ) AS compensated,
    EXISTS (
        SELECT 1 FROM ar_dunning_communication fc
         WHERE fc.charge_move_id = aml.move_id
    ) AS is_charge
    """
)


class ArDunningRun(models.Model):
    _name = "ar.dunning.run"
    _description = "Dunning Run"
    _inherit = ["mail.thread"]  # noqa: RUF012
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    date = fields.Date(
        required=True, default=fields.Date.context_today, string="Run Date"
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [("draft", "Draft"), ("previewed", "Previewed"), ("done", "Done")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    automatic = fields.Boolean(
        readonly=True, help="Started by the scheduled action: automatic levels only."
    )
    queue_ids = fields.One2many("ar.dunning.queue", "run_id", readonly=True)
    empty_reason = fields.Text(
        readonly=True, help="Why the preview found nothing to send."
    )
    communication_ids = fields.One2many("ar.dunning.communication", "run_id")

    _one_scheduled_run_per_day = models.UniqueIndex(
        "(company_id, date) WHERE automatic",
        "A company has one scheduled dunning run per day.",
    )
    communication_count = fields.Integer(compute="_compute_communication_count")
    error_count = fields.Integer(compute="_compute_communication_count")

    @api.constrains("date", "company_id", "state")
    def _check_date(self):
        """A run charges and dates entries on its date: never in the future,
        never before the company's last validated run or its lock date."""
        today = fields.Date.context_today(self)
        for run in self.filtered(lambda r: r.state != "done"):
            if run.date > today:
                raise ValidationError(
                    self.env._(
                        "A dunning run cannot be dated in the future (%(date)s).",
                        date=run.date,
                    )
                )
            last = self.search(
                [
                    ("company_id", "=", run.company_id.id),
                    ("state", "=", "done"),
                    ("id", "!=", run.id),
                ],
                order="date desc",
                limit=1,
            )
            if last and run.date < last.date:
                raise ValidationError(
                    self.env._(
                        "A dunning run cannot be dated %(date)s, before the last "
                        "validated run of %(company)s (%(last)s).",
                        date=run.date,
                        company=run.company_id.name,
                        last=last.date,
                    )
                )
            lock = run.company_id._get_user_fiscal_lock_date(
                self.env["account.journal"]
            )
            if run.date <= lock:
                raise ValidationError(
                    self.env._(
                        "A dunning run cannot be dated %(date)s: the books of "
                        "%(company)s are locked up to %(lock)s.",
                        date=run.date,
                        company=run.company_id.name,
                        lock=lock,
                    )
                )

    @api.depends("date", "automatic")
    def _compute_name(self):
        for run in self:
            kind = self.env._("Scheduled") if run.automatic else self.env._("Manual")
            run.name = f"{kind} {run.date or ''}"

    def _compute_communication_count(self):
        for run in self:
            run.communication_count = len(run.communication_ids)
            run.error_count = len(
                run.communication_ids.filtered(lambda c: c.state == "error")
            )

    # ------------------------------------------------------------------
    # Manual runs: preview, then validate
    # ------------------------------------------------------------------
    def action_preview(self):
        for run in self:
            if run.state == "done":
                raise UserError(self.env._("This run is done already."))
            run.communication_ids.filtered(lambda c: c.state != "done").unlink()
            comms = run._ar_create_communications(run._ar_candidate_partners())
            run.write(
                {
                    "state": "previewed",
                    "empty_reason": False if comms else run._ar_explain_empty(),
                }
            )

    def action_validate(self):
        for run in self:
            if run.state != "previewed":
                raise UserError(self.env._("Preview the run before validating it."))
            if not run.communication_ids.filtered(lambda c: c.state == "draft"):
                raise UserError(
                    run.empty_reason
                    or self.env._("This run has no communication to send.")
                )
            run._check_date()
            validated = run._ar_validate_in_chunks()
            skipped = run.communication_ids.filtered(lambda c: c.state == "draft")
            if skipped:
                run.message_post(
                    body=self.env._(
                        "%(count)s customers were being dunned by another run "
                        "and were left out.",
                        count=len(skipped.partner_id),
                    )
                )
                skipped.unlink()
            run.state = "done"
            run.message_post(
                body=self.env._(
                    "%(count)s communications validated.", count=len(validated)
                )
            )

    def _ar_validate_in_chunks(self):
        """Validate the run's previews a chunk at a time: a run of thousands
        of customers then works on a cache the size of a chunk, not of the run
        (each chunk is flushed, then the cache dropped). Returns the
        communications validated."""
        self.ensure_one()
        Communication = self.env["ar.dunning.communication"]
        drafts = self.communication_ids.filtered(lambda c: c.state == "draft")
        validated_ids = []
        for ids in split_every(VALIDATION_CHUNK_SIZE, drafts.ids):
            validated_ids += Communication.browse(ids)._ar_validate().ids
            self.env.flush_all()
            self.env.invalidate_all()
        return Communication.browse(validated_ids)

    def action_open_communications(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_receivable_management.ar_dunning_communication_action"
        )
        action["domain"] = [("run_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_print_letters(self):
        self.ensure_one()
        return self.communication_ids.filtered(
            lambda c: c.letter_state != "none"
        ).action_print_letter()

    # ------------------------------------------------------------------
    # Scheduled runs
    # ------------------------------------------------------------------
    @api.model
    def _ar_cron_dunning(self, batch_size=CRON_BATCH_SIZE):
        """Run the automatic levels of every company, batch after batch.

        Any number of cron workers may run this at once: each claims the next
        queued customers no other worker holds, commits each batch, and stops
        when its time is up or nothing is left it can take. Customers it could
        not finish stay queued for the next batch, a crash loses at most the
        batch under way, and the unique indexes refuse a duplicate.
        """
        today = fields.Date.context_today(self)
        companies = self.env["ar.dunning.policy"].search([]).company_id
        for company in companies:
            run = self._ar_scheduled_run(company, today)
            while run and run.state != "done":
                processed, remaining = run._ar_run_batch(batch_size)
                time_left = self._ar_commit_progress(processed, remaining)
                if remaining and (not processed or time_left <= 0):
                    # the rest is held by other workers: they, or the
                    # next call of the scheduled action, will finish it
                    return

    @api.model
    def _ar_scheduled_run(self, company, day):
        """The company's scheduled run of ``day``, created and queued once.

        Two workers creating it at once: the unique index lets one win, the
        other takes the winner's run once committed.
        """
        domain = [
            ("company_id", "=", company.id),
            ("automatic", "=", True),
            ("date", "=", day),
        ]
        run = self.search(domain, limit=1)
        if run:
            return run
        try:
            with self.env.cr.savepoint():
                # previewed from the start: the workers' batches never write
                # the run but to close it (two first batches writing its
                # state at once made one of them fail to serialize)
                run = self.create(
                    {
                        "company_id": company.id,
                        "automatic": True,
                        "date": day,
                        "state": "previewed",
                    }
                )
                run.flush_recordset()
        except UniqueViolation:
            # another worker created it: in the scheduled action, a new
            # transaction sees it once that worker committed
            if self.env.context.get("ir_cron_progress_id"):
                self._ar_commit_progress(0)
            return self.search(domain, limit=1)
        self.env["ar.dunning.queue"]._ar_enqueue(
            run, run.with_company(company)._ar_candidate_partners()
        )
        # the run and its queue are seen by the other workers from here
        self._ar_commit_progress(0)
        return run

    def _ar_commit_progress(self, processed, remaining=None):
        """Commit a batch when running as the scheduled action (never outside
        it: a caller's transaction is its own); return the time left."""
        if not self.env.context.get("ir_cron_progress_id"):
            return float("inf")
        return self.env["ir.cron"]._commit_progress(processed, remaining=remaining)

    def _ar_run_batch(self, batch_size):
        """Process the next queued customers no other worker holds.

        Returns ``(customers processed, customers still queued)``; the run is
        done once its queue is empty.
        """
        self.ensure_one()
        run = self.with_company(self.company_id)
        # the queue is the scheduled action's bookkeeping, not a user's record
        Queue = self.env["ar.dunning.queue"].sudo()
        claimed = Queue._ar_claim(run, batch_size)
        comms = run._ar_create_communications(
            claimed.partner_id.ids, automatic_only=True
        )
        comms._ar_validate()
        # customers held by another run stay queued for a later batch
        held = comms.filtered(lambda c: c.state == "draft")
        held_partners = held.partner_id
        held.unlink()
        finished = claimed.filtered(lambda q: q.partner_id not in held_partners)
        finished.unlink()
        remaining = Queue.search_count([("run_id", "=", run.id)])
        if not remaining:
            run._ar_close()
        return len(finished), remaining

    def _ar_close(self):
        """Mark the scheduled run done once its queue is empty. Two workers
        emptying it at once both close it: the one that cannot serialize its
        write leaves it to the other, and keeps its batch."""
        try:
            with self.env.cr.savepoint():
                self.state = "done"
                self.flush_recordset(["state"])
        except SerializationFailure:
            self.invalidate_recordset(["state"])

    # ------------------------------------------------------------------
    # Gathering and deciding
    # ------------------------------------------------------------------
    def _ar_candidate_partners(self, after=0):
        """Ids of the customers with overdue receivable items, sorted."""
        self.ensure_one()
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT DISTINCT p.commercial_partner_id
                  FROM account_move_line aml
                  JOIN res_partner p ON p.id = aml.partner_id
                 WHERE %(open_items)s
                   AND aml.amount_residual > 0
                   AND aml.date_maturity < %(date)s
                   AND p.commercial_partner_id > %(after)s
                """,
                open_items=self.env["account.move.line"]._ar_open_receivable_sql(
                    self.company_id
                ),
                date=self.date,
                after=after,
            )
        )
        partner_ids = {row[0] for row in rows}
        since = self._ar_paid_late_since()
        if since:
            paid_late = self.env.execute_query(self._ar_paid_late_partner_sql(since))
            partner_ids.update(row[0] for row in paid_late if row[0] > after)
        return sorted(partner_ids)

    def _ar_gather(self, partner_ids):
        """One query: open receivable items of ``partner_ids`` with their history
        (items under a running payment plan left out)."""
        self.ensure_one()
        self.env.flush_all()
        rows = self.env.execute_query_dict(
            SQL(
                """
                SELECT aml.id, p.commercial_partner_id AS partner_id,
                       aml.move_id,
                       COALESCE(aml.currency_id, aml.company_currency_id)
                           AS currency_id,
                       aml.date_maturity,
                       aml.amount_residual, aml.amount_residual_currency,
                       aml.balance,
                       settle.days AS settlement_days,
                       settle.amounts AS settlement_amounts,
                       COALESCE(aml.ar_disputed_amount, 0) AS disputed,
                       COALESCE(aml.no_followup, FALSE) AS no_followup,
                       m.payment_state = 'blocked' AS blocked,
                       hist.level_id AS current_level_id,
                       hist.date AS last_dunning_date,
                       interest.until AS interest_until,
                       promise.until AS promised_until,
                       %(charge_flags)s
                  FROM account_move_line aml
                  JOIN account_move m ON m.id = aml.move_id
                  JOIN res_partner p ON p.id = aml.partner_id
             LEFT JOIN LATERAL (
                       SELECT cl.level_id, cl.date
                         FROM ar_dunning_communication_line cl
                         JOIN ar_dunning_level lvl ON lvl.id = cl.level_id
                        WHERE cl.move_line_id = aml.id
                          AND cl.state IN ('done', 'error')
                          AND cl.excluded IS NOT TRUE
                     ORDER BY lvl.sequence DESC, cl.date DESC
                        LIMIT 1
                   ) hist ON TRUE
             LEFT JOIN LATERAL (%(interest_until)s) interest ON TRUE
             LEFT JOIN LATERAL (%(settlements)s) settle ON TRUE
             LEFT JOIN LATERAL (
                       SELECT MAX(pr.promised_date) AS until
                         FROM ar_promise_to_pay pr
                        WHERE pr.state = 'open'
                          AND pr.company_id = aml.company_id
                          AND pr.partner_id = p.commercial_partner_id
                          AND (
                              NOT EXISTS (
                                  SELECT 1 FROM ar_promise_to_pay_move_line_rel r
                                   WHERE r.promise_id = pr.id
                              )
                              OR EXISTS (
                                  SELECT 1 FROM ar_promise_to_pay_move_line_rel r
                                   WHERE r.promise_id = pr.id
                                     AND r.move_line_id = aml.id
                              )
                          )
                   ) promise ON TRUE
                 WHERE %(open_items)s
                   AND p.commercial_partner_id IN %(partners)s
                """,
                open_items=self.env["account.move.line"]._ar_open_receivable_sql(
                    self.company_id
                ),
                partners=tuple(partner_ids),
                interest_until=INTEREST_UNTIL_SQL,
                settlements=SETTLEMENTS_SQL,
                charge_flags=CHARGE_FLAGS_SQL,
            )
        )
        # items under a running payment plan are not dunned (collections)
        planned = self.env["account.move.line"]._ar_items_under_payment_plan(
            row["id"] for row in rows
        )
        return [row for row in rows if row["id"] not in planned]

    def _ar_paid_late_since(self):
        """The earliest day from which a policy of the company charges invoices
        paid late, or None when none does."""
        self.ensure_one()
        policies = self.env["ar.dunning.policy"].search(
            [("company_id", "=", self.company_id.id), ("charge_paid_late", "=", True)]
        )
        days = [p.charge_paid_late_from for p in policies if p.charge_paid_late_from]
        return min(days) if days else None

    def _ar_paid_late_partner_sql(self, since):
        """Customers with an invoice paid in full late since ``since``, whose
        late days were not charged yet (paid in full on the run date at most)."""
        return SQL(
            """
            SELECT DISTINCT p.commercial_partner_id
              FROM account_partial_reconcile pr
              JOIN account_move_line aml ON aml.id = pr.debit_move_id
              JOIN res_partner p ON p.id = aml.partner_id
              JOIN account_account acc ON acc.id = aml.account_id
             WHERE pr.max_date >= %(since)s
               AND pr.max_date <= %(date)s
               AND pr.max_date > aml.date_maturity
               AND aml.company_id = %(company)s
               AND aml.parent_state = 'posted'
               AND aml.reconciled
               AND acc.account_type = 'asset_receivable'
               AND NOT EXISTS (
                   SELECT 1 FROM ar_dunning_communication_line cl
                    WHERE cl.move_line_id = aml.id AND cl.paid_late
                      AND cl.state IN ('done', 'error')
                      AND cl.excluded IS NOT TRUE
               )
            """,
            since=since,
            date=self.date,
            company=self.company_id.id,
        )

    def _ar_gather_paid_late(self, partner_ids, since):
        """Receivable items of ``partner_ids`` paid in full late, on or after
        ``since``, not charged yet for their late days: one query."""
        self.ensure_one()
        if not partner_ids or not since:
            return []
        return self.env.execute_query_dict(
            SQL(
                """
                SELECT aml.id, p.commercial_partner_id AS partner_id,
                       aml.move_id,
                       COALESCE(aml.currency_id, aml.company_currency_id)
                           AS currency_id,
                       aml.date_maturity, aml.balance, aml.amount_currency,
                       settle.days AS settlement_days,
                       settle.amounts AS settlement_amounts,
                       settle.paid_on,
                       interest.until AS interest_until,
                       %(charge_flags)s
                  FROM account_move_line aml
                  JOIN res_partner p ON p.id = aml.partner_id
                  JOIN account_account acc ON acc.id = aml.account_id
                  JOIN LATERAL (%(settlements)s) settle ON TRUE
             LEFT JOIN LATERAL (%(interest_until)s) interest ON TRUE
                 WHERE aml.company_id = %(company)s
                   AND p.commercial_partner_id IN %(partners)s
                   AND aml.parent_state = 'posted'
                   AND acc.account_type = 'asset_receivable'
                   AND aml.reconciled
                   AND aml.balance > 0
                   AND NOT COALESCE(aml.no_followup, FALSE)
                   AND settle.paid_on > aml.date_maturity
                   AND settle.paid_on >= %(since)s
                   AND settle.paid_on <= %(date)s
                   AND NOT EXISTS (
                       SELECT 1 FROM ar_dunning_communication_line cl
                        WHERE cl.move_line_id = aml.id AND cl.paid_late
                          AND cl.state IN ('done', 'error')
                          AND cl.excluded IS NOT TRUE
                   )
                """,
                company=self.company_id.id,
                partners=tuple(partner_ids),
                since=since,
                date=self.date,
                settlements=SETTLEMENTS_SQL,
                interest_until=INTEREST_UNTIL_SQL,
                charge_flags=CHARGE_FLAGS_SQL,
            )
        )

    def _ar_create_communications(self, partner_ids, automatic_only=False):
        """Decide with the engine and create the draft communications in one batch."""
        self.ensure_one()
        # the run decides levels and charges: created as superuser, since
        # users who are not credit managers cannot set them (see
        # check_decided_fields)
        comms = (
            self.env["ar.dunning.communication"]
            .sudo()
            .create(self._ar_plan(partner_ids, automatic_only))
        )
        return comms.with_env(self.env)

    def _ar_engine_inputs(self, partner_ids, rows):
        """``(policies by customer, {policy: (engine items, engine credits)})``."""
        partners = self.env["res.partner"].browse(partner_ids)
        policies = self.env["ar.dunning.policy"]._ar_policy_of_partners(
            partners, self.company_id
        )
        by_policy = defaultdict(lambda: ([], []))
        for row in rows:
            policy = policies.get(row["partner_id"])
            if not policy:
                continue
            items, credits = by_policy[policy]
            if row["amount_residual"] < 0:
                credits.append(
                    dunning.Credit(
                        row["partner_id"],
                        row["currency_id"],
                        -to_decimal(row["amount_residual_currency"]),
                    )
                )
            elif row["date_maturity"]:
                items.append(self._ar_engine_item(row))
        return policies, by_policy

    @staticmethod
    def _ar_engine_levels(levels):
        return [
            dunning.Level(
                level.id,
                level.sequence,
                level.days_past_due,
                to_decimal(level.min_amount_customer),
                to_decimal(level.min_amount_item),
                level.wait_days,
            )
            for level in levels
        ]

    def _ar_explain_empty(self):
        """Why this run has nothing to send, in the user's words."""
        self.ensure_one()
        partner_ids = self._ar_candidate_partners()
        counts = defaultdict(int)
        dunned = set(
            self.env["ar.dunning.communication"]
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("date", "=", self.date),
                    ("state", "in", ("done", "error")),
                ]
            )
            .partner_id.ids
        )
        scheduled = bool(dunned) and self.search_count(
            [
                ("company_id", "=", self.company_id.id),
                ("date", "=", self.date),
                ("automatic", "=", True),
            ]
        )
        counts["dunned"] = len(dunned & set(partner_ids))
        if partner_ids:
            rows = self._ar_gather(partner_ids)
            _policies, by_policy = self._ar_engine_inputs(partner_ids, rows)
            for policy, (items, credits) in by_policy.items():
                reasons = dunning.why_not_dunned(
                    self.date,
                    self._ar_engine_levels(policy.level_ids),
                    items,
                    credits,
                    policy.allow_level_skip,
                    self.company_id.ar_dispute_dunning_scope,
                )
                for partner_id, reason in reasons.items():
                    if partner_id not in dunned:
                        counts[reason] += 1
        _ = self.env._
        texts = {
            "dunned": (
                (
                    lambda n: _(
                        "%(count)s customers were dunned today by the scheduled run",
                        count=n,
                    )
                )
                if scheduled
                else (
                    lambda n: _(
                        "%(count)s customers were dunned today already", count=n
                    )
                )
            ),
            "waiting": lambda n: _(
                "%(count)s are waiting for their next level", count=n
            ),
            "disputed": lambda n: _("%(count)s are disputed", count=n),
            "promise": lambda n: _("%(count)s promised to pay", count=n),
            "blocked": lambda n: _("%(count)s have blocked invoices", count=n),
            "no_followup": lambda n: _(
                "%(count)s are excluded from follow-up", count=n
            ),
            "netted": lambda n: _(
                "%(count)s have credits covering what is due", count=n
            ),
            "below_minimum": lambda n: _(
                "%(count)s owe less than the minimum", count=n
            ),
        }
        parts = [
            texts[code](counts[code])
            for code in ("dunned", *dunning.EMPTY_REASONS)
            if counts[code]
        ]
        if not parts:
            return self.env._("No customer has an overdue item on this date.")
        return self.env._("Nothing to send: %(reasons)s.", reasons="; ".join(parts))

    def _ar_plan(self, partner_ids, automatic_only=False, excluded_ids=()):
        """Values of the communications the engine decides for ``partner_ids``.

        ``excluded_ids``: items the user left out of a preview. Their lines are
        kept, excluded, and the communication is at the highest level of the
        other items.
        """
        self.ensure_one()
        if not partner_ids:
            return []
        rows = self._ar_gather(partner_ids)
        policies, by_policy = self._ar_engine_inputs(partner_ids, rows)
        scope = self.company_id.ar_dispute_dunning_scope
        rows_by_id = {row["id"]: row for row in rows}
        paid_late_rows = self._ar_gather_paid_late(
            partner_ids, self._ar_paid_late_since()
        )
        vals_by_key, compensated = {}, set()
        for policy, (items, credits) in by_policy.items():
            levels = policy.level_ids
            engine_levels = self._ar_engine_levels(levels)
            plan = dunning.plan_run(
                self.date, engine_levels, items, credits, policy.allow_level_skip, scope
            )
            level_by_id = {level.id: level for level in levels}
            for comm in plan:
                active = [
                    line for line in comm.lines if line.item.id not in excluded_ids
                ]
                level = level_by_id[(dunning.top_level(active) or comm.level).id]
                # a customer with an item at a manual level waits for a manual
                # run, which sends all its items in one communication
                if not dunning.level_allowed(level.automatic, automatic_only):
                    continue
                vals_by_key[comm.key] = self._ar_communication_values(
                    comm, level, policy, rows_by_id, compensated, excluded_ids
                )
        self._ar_add_paid_late(
            vals_by_key, paid_late_rows, policies, compensated, automatic_only
        )
        return [vals_by_key[key] for key in sorted(vals_by_key)]

    def _ar_add_paid_late(
        self, vals_by_key, rows, policies, compensated, automatic_only
    ):
        """Invoices paid in full late: interest for the days each sum was late,
        and the fixed compensation once per invoice when the policy asks it.

        They join the customer's communication of the run in their currency,
        or make one at the policy's first level charging interest.
        """
        for row in rows:
            policy = policies.get(row["partner_id"])
            if (
                not policy
                or not policy.charge_paid_late
                or not policy.charge_paid_late_from
                or row["paid_on"] < policy.charge_paid_late_from
            ):
                continue
            level = policy.level_ids.filtered("charge_interest").sorted(
                lambda lvl: (lvl.sequence, lvl.id)
            )[:1]
            if not level or not dunning.level_allowed(level.automatic, automatic_only):
                continue
            interest, compensation, periods = self._ar_item_charges(
                policy,
                level,
                row,
                compensated,
                amount=row["balance"],
                compensate=policy.paid_late_compensation,
            )
            if not interest and not compensation:
                continue
            key = (row["partner_id"], row["currency_id"])
            vals = vals_by_key.get(key)
            if vals is None:
                vals = vals_by_key[key] = {
                    "run_id": self.id,
                    "date": self.date,
                    "company_id": self.company_id.id,
                    "partner_id": row["partner_id"],
                    "level_id": level.id,
                    "currency_id": row["currency_id"],
                    "fee_amount": 0.0,
                    "line_ids": [],
                }
            vals["line_ids"].append(
                Command.create(
                    {
                        "move_line_id": row["id"],
                        "level_id": level.id,
                        "paid_late": True,
                        "date_maturity": row["date_maturity"],
                        "days_late": (row["paid_on"] - row["date_maturity"]).days,
                        "amount_residual": 0.0,
                        "amount_netted": 0.0,
                        "amount_due": 0.0,
                        **self._ar_interest_values(interest, compensation, periods),
                    }
                )
            )

    @staticmethod
    def _ar_interest_values(interest, compensation, periods):
        return {
            "interest_amount": float(interest),
            "compensation_amount": compensation,
            "interest_date_to": periods[-1].date_to if periods else False,
            "interest_periods": [
                {
                    "from": period.date_from.isoformat(),
                    "to": period.date_to.isoformat(),
                    "days": period.days,
                    "base": float(period.base),
                    "rate": float(period.rate),
                    "amount": float(round(period.amount, 2)),
                }
                for period in periods
            ]
            or False,
        }

    def _ar_item_charges(
        self,
        policy,
        level,
        row,
        compensated,
        amount,
        reduction=0,
        compensate=None,
    ):
        """Interest (per period) and fixed compensation of one item at ``level``.

        Returns ``(interest, compensation, periods)``; interest and
        compensation are in company currency.
        """
        company = self.company_id
        charge_interest, charge_compensation = dunning.item_charges(
            charge_interest=level.charge_interest,
            charge_compensation=(
                level.charge_compensation if compensate is None else compensate
            ),
            is_charge=row["is_charge"],
            compensated=row["compensated"] or row["move_id"] in compensated,
        )
        periods = []
        if charge_interest:
            settlements = [
                late_interest.Settlement(day, to_decimal(value))
                for day, value in zip(
                    row["settlement_days"] or [],
                    row["settlement_amounts"] or [],
                    strict=True,
                )
            ]
            try:
                periods = late_interest.item_interest(
                    to_decimal(amount),
                    row["date_maturity"],
                    settlements,
                    self.date,
                    mode=policy.interest_mode,
                    reference_rates=policy._ar_reference_rates(),
                    margin=to_decimal(policy.interest_margin),
                    fixed_rate=to_decimal(policy.interest_fixed_rate),
                    charged_until=row["interest_until"],
                    reduction=to_decimal(reduction),
                )
            except ValueError as error:
                raise UserError(
                    self.env._(
                        "Late interest of policy %(policy)s: %(error)s. "
                        "Add the reference rate in the dunning configuration.",
                        policy=policy.name,
                        error=error,
                    )
                ) from error
        interest = late_interest.total(periods, company.currency_id.decimal_places)
        compensation = 0.0
        if charge_compensation:
            compensated.add(row["move_id"])
            compensation = policy.compensation_currency_id._convert(
                policy.compensation_amount, company.currency_id, company, self.date
            )
        return interest, compensation, periods

    @staticmethod
    def _ar_engine_item(row):
        residual = to_decimal(row["amount_residual_currency"])
        disputed = to_decimal(row["disputed"])
        if row["amount_residual"] and residual != to_decimal(row["amount_residual"]):
            # disputed amounts are in company currency: convert at the item's rate
            disputed = disputed * residual / to_decimal(row["amount_residual"])
        return dunning.Item(
            id=row["id"],
            partner_id=row["partner_id"],
            currency_id=row["currency_id"],
            due_date=row["date_maturity"],
            residual=residual,
            disputed=disputed,
            current_level_id=row["current_level_id"],
            last_dunning_date=row["last_dunning_date"],
            no_followup=row["no_followup"],
            blocked=bool(row["blocked"]),
            promised_until=row["promised_until"],
        )

    def _ar_communication_values(
        self, comm, level, policy, rows_by_id, compensated, excluded_ids=()
    ):
        """Values of one communication at ``level``, the highest of its items.

        That level decides the fee, and whether interest and compensation are
        charged on its items; each line keeps the level its item reached.
        Interest runs per period, for every day each sum was late, on what is
        dunned (the disputed part and netted credits are left out).
        Excluded items are listed, excluded, with nothing charged on them.
        """
        lines = []
        for decision in comm.lines:
            row = rows_by_id[decision.item.id]
            excluded = decision.item.id in excluded_ids
            # interest and compensation are booked in company currency
            ratio = to_decimal(row["amount_residual"]) / decision.item.residual
            left_out = (decision.item.residual - decision.due) * ratio
            if excluded:
                interest, compensation, periods = Decimal(0), 0.0, []
            else:
                interest, compensation, periods = self._ar_item_charges(
                    policy,
                    level,
                    row,
                    compensated,
                    amount=row["balance"],
                    reduction=left_out,
                )
            lines.append(
                Command.create(
                    {
                        "move_line_id": decision.item.id,
                        "level_id": decision.level.id,
                        "date_maturity": decision.item.due_date,
                        "days_late": decision.days_late,
                        "amount_residual": float(decision.item.residual),
                        "amount_netted": float(decision.netted),
                        "amount_due": float(decision.due),
                        "excluded": excluded,
                        **self._ar_interest_values(interest, compensation, periods),
                    }
                )
            )
        return {
            "run_id": self.id,
            "date": self.date,
            "company_id": self.company_id.id,
            "partner_id": comm.partner_id,
            "level_id": level.id,
            "currency_id": comm.currency_id,
            "fee_amount": level.fee_amount,
            "line_ids": lines,
        }
