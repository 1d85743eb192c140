"""Dunning runs: gather overdue items set-wise, let the engine decide, act."""

from collections import defaultdict
from decimal import Decimal

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.account_receivable_management.engine import dunning, late_interest

CRON_BATCH_SIZE = 200


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
    partner_cursor = fields.Integer(
        readonly=True,
        help="Scheduled runs: the last customer id processed, to resume after a crash.",
    )
    communication_ids = fields.One2many("ar.dunning.communication", "run_id")
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
            run._ar_create_communications(run._ar_candidate_partners())
            run.state = "previewed"

    def action_validate(self):
        for run in self:
            if run.state != "previewed":
                raise UserError(self.env._("Preview the run before validating it."))
            run._check_date()
            validated = run.communication_ids._ar_validate()
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

    def action_open_communications(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_receivable_management.action_ar_dunning_communication"
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
        """Run the automatic levels of every company, one batch of customers per call.

        The run's customer cursor is committed with each batch, so a crash
        loses at most the batch under way and the next call resumes there;
        the unique indexes make a replayed batch fail rather than duplicate.
        """
        today = fields.Date.context_today(self)
        companies = self.env["ar.dunning.policy"].search([]).company_id
        for company in companies:
            run = self.search(
                [
                    ("company_id", "=", company.id),
                    ("automatic", "=", True),
                    ("date", "=", today),
                ],
                limit=1,
            ) or self.create(
                {"company_id": company.id, "automatic": True, "date": today}
            )
            if run.state == "done":
                continue
            remaining = run._ar_run_batch(batch_size)
            self.env["ir.cron"]._commit_progress(batch_size, remaining=remaining)
            if remaining:
                return

    def _ar_run_batch(self, batch_size):
        """Process the next customers of a scheduled run; return how many are left."""
        self.ensure_one()
        run = self.with_company(self.company_id)
        partners = run._ar_candidate_partners(after=run.partner_cursor)
        batch, rest = partners[:batch_size], partners[batch_size:]
        comms = run._ar_create_communications(batch, automatic_only=True)
        comms._ar_validate()
        comms.filtered(lambda c: c.state == "draft").unlink()
        run.write(
            {
                "partner_cursor": batch[-1] if batch else run.partner_cursor,
                "state": "previewed" if rest else "done",
            }
        )
        return len(rest)

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
                  JOIN account_account acc ON acc.id = aml.account_id
                 WHERE aml.company_id = %(company)s
                   AND aml.parent_state = 'posted'
                   AND acc.account_type = 'asset_receivable'
                   AND NOT aml.reconciled
                   AND aml.amount_residual > 0
                   AND aml.date_maturity < %(date)s
                   AND p.commercial_partner_id > %(after)s
                 ORDER BY 1
                """,
                company=self.company_id.id,
                date=self.date,
                after=after,
            )
        )
        return [row[0] for row in rows]

    def _ar_gather(self, partner_ids):
        """One query: open receivable items of ``partner_ids`` with their history."""
        self.ensure_one()
        self.env.flush_all()
        return self.env.execute_query_dict(
            SQL(
                """
                SELECT aml.id, p.commercial_partner_id AS partner_id,
                       aml.move_id,
                       COALESCE(aml.currency_id, aml.company_currency_id)
                           AS currency_id,
                       aml.date_maturity,
                       aml.amount_residual, aml.amount_residual_currency,
                       COALESCE(aml.ar_disputed_amount, 0) AS disputed,
                       COALESCE(aml.no_followup, FALSE) AS no_followup,
                       m.payment_state = 'blocked' AS blocked,
                       hist.level_id AS current_level_id,
                       hist.date AS last_dunning_date,
                       interest.until AS interest_until,
                       EXISTS (
                           SELECT 1 FROM ar_dunning_communication_line cl
                            WHERE cl.move_id = aml.move_id
                              AND cl.compensation_amount > 0
                              AND cl.state IN ('done', 'error')
                              AND cl.excluded IS NOT TRUE
                       ) AS compensated,
                       promise.until AS promised_until,
                       EXISTS (
                           SELECT 1 FROM ar_dunning_communication fc
                            WHERE fc.charge_move_id = aml.move_id
                       ) AS is_charge
                  FROM account_move_line aml
                  JOIN account_move m ON m.id = aml.move_id
                  JOIN res_partner p ON p.id = aml.partner_id
                  JOIN account_account acc ON acc.id = aml.account_id
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
             LEFT JOIN LATERAL (
                       SELECT MAX(cl.date) AS until
                         FROM ar_dunning_communication_line cl
                        WHERE cl.move_line_id = aml.id
                          AND cl.interest_amount > 0
                          AND cl.state IN ('done', 'error')
                          AND cl.excluded IS NOT TRUE
                   ) interest ON TRUE
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
                 WHERE aml.company_id = %(company)s
                   AND p.commercial_partner_id IN %(partners)s
                   AND aml.parent_state = 'posted'
                   AND acc.account_type = 'asset_receivable'
                   AND NOT aml.reconciled
                   AND aml.amount_residual != 0
                """,
                company=self.company_id.id,
                partners=tuple(partner_ids),
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
        partners = self.env["res.partner"].browse(partner_ids)
        policies = self.env["ar.dunning.policy"]._ar_policy_of_partners(
            partners, self.company_id
        )
        scope = self.company_id.ar_dispute_dunning_scope
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
                        -Decimal(str(row["amount_residual_currency"])),
                    )
                )
            elif row["date_maturity"]:
                items.append(self._ar_engine_item(row))
        rows_by_id = {row["id"]: row for row in rows}
        vals_list, compensated = [], set()
        for policy, (items, credits) in by_policy.items():
            levels = policy.level_ids
            engine_levels = [
                dunning.Level(
                    level.id,
                    level.sequence,
                    level.days_past_due,
                    Decimal(str(level.min_amount_customer)),
                    Decimal(str(level.min_amount_item)),
                    level.wait_days,
                )
                for level in levels
            ]
            plan = dunning.plan_run(
                self.date, engine_levels, items, credits, policy.allow_level_skip, scope
            )
            rates = (
                policy._ar_reference_rates()
                if policy.interest_mode == "statutory"
                else []
            )
            level_by_id = {level.id: level for level in levels}
            for comm in plan:
                active = [
                    line for line in comm.lines if line.item.id not in excluded_ids
                ]
                level = level_by_id[(dunning.top_level(active) or comm.level).id]
                # a customer with an item at a manual level waits for a manual
                # run, which sends all its items in one communication
                if automatic_only and not level.automatic:
                    continue
                vals_list.append(
                    self._ar_communication_values(
                        comm,
                        level,
                        policy,
                        rates,
                        rows_by_id,
                        compensated,
                        excluded_ids,
                    )
                )
        return vals_list

    @staticmethod
    def _ar_engine_item(row):
        residual = Decimal(str(row["amount_residual_currency"]))
        disputed = Decimal(str(row["disputed"]))
        if row["amount_residual"] and residual != Decimal(str(row["amount_residual"])):
            # disputed amounts are in company currency: convert at the item's rate
            disputed = disputed * residual / Decimal(str(row["amount_residual"]))
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
        self, comm, level, policy, rates, rows_by_id, compensated, excluded_ids=()
    ):
        """Values of one communication at ``level``, the highest of its items.

        That level decides the fee, and whether interest and compensation are
        charged on its items; each line keeps the level its item reached.
        Excluded items are listed, excluded, with nothing charged on them.
        """
        company = self.company_id
        lines = []
        for decision in comm.lines:
            row = rows_by_id[decision.item.id]
            excluded = decision.item.id in excluded_ids
            # interest and compensation are booked in company currency
            ratio = Decimal(str(row["amount_residual"])) / decision.item.residual
            due_company = decision.due * ratio
            interest = Decimal(0)
            # fees, interest and compensation already charged bear no interest
            if level.charge_interest and not row["is_charge"] and not excluded:
                try:
                    interest = late_interest.late_interest(
                        due_company,
                        decision.item.due_date,
                        self.date,
                        mode=policy.interest_mode,
                        reference_rates=rates,
                        margin=Decimal(str(policy.interest_margin)),
                        fixed_rate=Decimal(str(policy.interest_fixed_rate)),
                        charged_until=row["interest_until"],
                        digits=company.currency_id.decimal_places,
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
            compensation = 0.0
            move_id = row["move_id"]
            if (
                level.charge_compensation
                and not excluded
                and not row["is_charge"]
                and not row["compensated"]
                and move_id not in compensated
            ):
                compensated.add(move_id)
                compensation = policy.compensation_currency_id._convert(
                    policy.compensation_amount, company.currency_id, company, self.date
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
                        "interest_amount": float(interest),
                        "compensation_amount": compensation,
                        "excluded": excluded,
                    }
                )
            )
        return {
            "run_id": self.id,
            "date": self.date,
            "company_id": company.id,
            "partner_id": comm.partner_id,
            "level_id": level.id,
            "currency_id": comm.currency_id,
            "fee_amount": level.fee_amount,
            "line_ids": lines,
        }
