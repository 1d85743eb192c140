"""Promises to pay: covered items wait until the promised date."""

from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column, table_exists

from odoo.addons.account_receivable_management.engine import promises as engine
from odoo.addons.account_receivable_management.models.ar_number_input import (
    check_numbers,
)


class ArPromiseToPay(models.Model):
    _name = "ar.promise.to.pay"
    _description = "Promise to Pay"
    _inherit = ["mail.thread", "mail.activity.mixin"]  # noqa: RUF012
    _order = "promised_date, id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        tracking=True,
        check_company=True,
        domain="[('is_company', '=', True)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    move_line_ids = fields.Many2many(
        "account.move.line",
        "ar_promise_to_pay_move_line_rel",
        "promise_id",
        "move_line_id",
        string="Items",
        check_company=True,
        domain="[('partner_id', 'child_of', partner_id), "
        "('account_type', '=', 'asset_receivable'), ('reconciled', '=', False), "
        "('parent_state', '=', 'posted'), ('company_id', '=', company_id)]",
        help="Empty: the promise covers all the customer's open items.",
    )
    amount = fields.Monetary(
        string="Promised Amount",
        tracking=True,
        help="Amount the customer promised; compared with what was paid between "
        "the day of the promise and the promised date. Left empty, it is what is "
        "open on the items (or on the customer) when the promise is recorded.",
    )
    promise_date = fields.Date(
        string="Promised On",
        required=True,
        default=fields.Date.context_today,
        help="Day the customer made the promise: payments from this day on count.",
    )
    promised_date = fields.Date(required=True, tracking=True)
    amount_paid = fields.Monetary(
        string="Paid Since Promise",
        compute="_compute_amount_paid",
        help="Applied to the promise's items (or to any of the customer's items "
        "when none are named) between the day of the promise and the promised date.",
    )
    state = fields.Selection(
        [("open", "Open"), ("kept", "Kept"), ("broken", "Broken")],
        default="open",
        required=True,
        tracking=True,
    )
    note = fields.Text()

    def _auto_init(self):
        # promises recorded before this field existed were made when created
        cr = self.env.cr
        if table_exists(cr, self._table) and not column_exists(
            cr, self._table, "promise_date"
        ):
            create_column(cr, self._table, "promise_date", "date")
            cr.execute(
                SQL(
                    "UPDATE %s SET promise_date = LEAST(create_date::date, "
                    "promised_date)",
                    SQL.identifier(self._table),
                )
            )
        return super()._auto_init()

    @api.depends("partner_id", "promised_date")
    def _compute_display_name(self):
        for promise in self:
            promise.display_name = self.env._(
                "%(partner)s by %(date)s",
                partner=promise.partner_id.name or "",
                date=promise.promised_date or "",
            )

    @api.depends("move_line_ids", "promise_date", "promised_date", "partner_id")
    def _compute_amount_paid(self):
        saved = self.filtered("id")
        paid = saved._ar_amounts_paid()
        for promise in self:
            promise.amount_paid = paid.get(promise.id, 0.0)

    @api.constrains("amount")
    def _check_amount(self):
        for promise in self:
            try:
                engine.check_promised_amount(promise.amount)
            except engine.PromiseInputError as error:
                raise ValidationError(
                    self.env._(
                        "The promised amount of %(customer)s must be more than zero.",
                        customer=promise.partner_id.display_name,
                    )
                ) from error

    @api.constrains("promise_date", "promised_date")
    def _check_dates(self):
        for promise in self:
            if promise.promised_date < promise.promise_date:
                raise ValidationError(
                    self.env._(
                        "A customer cannot promise to pay by %(date)s, before the "
                        "day of the promise (%(promise_date)s).",
                        date=promise.promised_date,
                        promise_date=promise.promise_date,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        check_numbers(self, vals_list, ["amount"])
        today = fields.Date.context_today(self)
        for vals in vals_list:
            if vals.get("partner_id"):
                partner = self.env["res.partner"].browse(vals["partner_id"])
                vals["partner_id"] = partner.commercial_partner_id.id
            if not vals.get("promise_date") and vals.get("promised_date"):
                # recorded after the fact: made on its date at the latest
                promised = fields.Date.to_date(vals["promised_date"])
                vals["promise_date"] = min(today, promised)
        self._ar_default_amounts([vals for vals in vals_list if not vals.get("amount")])
        promises = super().create(vals_list)
        for promise in promises:
            # traced on the customer, whose record a collector may not edit
            promise.partner_id.sudo().message_post(
                author_id=self.env.user.partner_id.id,
                body=self.env._(
                    "Promise to pay %(amount)s by %(date)s recorded: dunning waits "
                    "until then.",
                    amount=promise.amount,
                    date=promise.promised_date,
                ),
            )
        return promises

    def write(self, vals):
        check_numbers(self, [vals], ["amount"])
        return super().write(vals)

    @api.model
    def _ar_default_amounts(self, vals_list):
        """Fill the promised amount left empty: what is open on the items named,
        else on the customer (its balance), as the promise is recorded."""
        drafts = [
            self.new({"company_id": self.env.company.id, **vals}) for vals in vals_list
        ]
        amounts = self.browse([draft.id for draft in drafts])._ar_open_amounts()
        for vals, draft in zip(vals_list, drafts, strict=True):
            vals["amount"] = amounts.get(draft.id, 0.0)

    @api.onchange("partner_id", "move_line_ids", "company_id")
    def _onchange_default_amount(self):
        if not self.amount and self.partner_id:
            self.amount = self._ar_open_amounts().get(self.id, 0.0)

    def _ar_open_amounts(self):
        """``{promise id: open amount}``: of the named items, else of the customer."""
        result = {}
        named = self.filtered("move_line_ids")
        for promise in named:
            result[promise.id] = sum(promise.move_line_ids.mapped("amount_residual"))
        by_company = defaultdict(list)
        for promise in (self - named).filtered("partner_id"):
            by_company[promise.company_id].append(promise)
        for company, group in by_company.items():
            customers = self.env["res.partner"].with_company(company)
            customers = customers.browse(
                [p.partner_id.commercial_partner_id.id for p in group]
            )
            balance = {customer.id: customer.credit for customer in customers}
            for promise in group:
                customer = promise.partner_id.commercial_partner_id
                result[promise.id] = max(balance.get(customer.id, 0.0), 0.0)
        return result

    def _ar_amounts_paid(self):
        """``{promise id: amount}`` applied between the day of the promise and the
        promised date, in company currency, in one query.

        A payment counts when its reconciliation with a receivable item of the
        promise (its named items, or any item of the customer when none are
        named) is dated within that window; credit notes are not payments.
        """
        if not self:
            return {}
        self.flush_model()
        self.env["account.partial.reconcile"].flush_model()
        self.env["account.move.line"].flush_model(
            ["partner_id", "company_id", "account_id", "parent_state"]
        )
        rows = self.env.execute_query(
            SQL(
                """
                WITH promise AS (
                    SELECT pr.id, pr.company_id, pr.promise_date, pr.promised_date,
                           rp.commercial_partner_id,
                           EXISTS (SELECT 1 FROM ar_promise_to_pay_move_line_rel r
                                    WHERE r.promise_id = pr.id) AS named
                      FROM ar_promise_to_pay pr
                      JOIN res_partner rp ON rp.id = pr.partner_id
                     WHERE pr.id IN %(ids)s
                ), item AS (
                    SELECT promise.id AS promise_id, r.move_line_id
                      FROM promise
                      JOIN ar_promise_to_pay_move_line_rel r
                        ON r.promise_id = promise.id
                     WHERE promise.named
                    UNION ALL
                    SELECT promise.id, aml.id
                      FROM promise
                      JOIN res_partner child
                        ON child.commercial_partner_id = promise.commercial_partner_id
                      JOIN account_move_line aml
                        ON aml.partner_id = child.id
                       AND aml.company_id = promise.company_id
                       AND aml.parent_state = 'posted'
                      JOIN account_account account
                        ON account.id = aml.account_id
                       AND account.account_type = 'asset_receivable'
                     WHERE NOT promise.named
                )
                SELECT promise.id, SUM(apr.amount)
                  FROM promise
                  JOIN item ON item.promise_id = promise.id
                  JOIN account_partial_reconcile apr
                    ON apr.debit_move_id = item.move_line_id
                   AND apr.max_date BETWEEN promise.promise_date
                                        AND promise.promised_date
                  JOIN account_move_line credit ON credit.id = apr.credit_move_id
                  JOIN account_move credit_move ON credit_move.id = credit.move_id
                 WHERE credit_move.move_type != 'out_refund'
                 GROUP BY promise.id
                """,
                ids=tuple(self.ids),
            )
        )
        return dict(rows)

    def action_mark_kept(self):
        self.state = "kept"

    def action_mark_broken(self):
        self._ar_break()

    @api.model
    def _ar_cron_check_promises(self):
        """Settle due promises: kept when what was paid since the promise
        reaches the promised amount, else broken (the collector gets a call)."""
        today = fields.Date.context_today(self)
        due = self.search([("state", "=", "open"), ("promised_date", "<", today)])
        kept, broken = due._ar_settle(today)
        kept.state = "kept"
        broken._ar_break()
        if self.env.context.get("ir_cron_progress_id"):
            # only the scheduled action commits; a caller keeps its transaction
            self.env["ir.cron"]._commit_progress(len(due), remaining=0)
        return kept, broken

    def _ar_settle(self, today):
        """(kept, broken) promises as of ``today``; those still open are in neither."""
        paid = self._ar_amounts_paid()
        kept = broken = self.browse()
        for promise in self:
            if promise.amount > 0:
                result = engine.outcome(
                    promise.amount,
                    paid.get(promise.id, 0.0),
                    promise.promised_date,
                    today,
                    promise.currency_id.decimal_places,
                )
            else:  # recorded before amounts were required: its items paid or not
                settled = promise.move_line_ids and all(
                    promise.move_line_ids.mapped("reconciled")
                )
                result = engine.KEPT if settled else engine.BROKEN
            if result == engine.KEPT:
                kept |= promise
            elif result == engine.BROKEN:
                broken |= promise
        return kept, broken

    def _ar_break(self):
        """Mark broken and ask the collector to call the customer."""
        self.state = "broken"
        call_type = self.env.ref("mail.mail_activity_data_call")
        for promise in self:
            collector = promise.partner_id.with_company(
                promise.company_id
            )._ar_get_collector()
            promise.activity_schedule(
                activity_type_id=call_type.id,
                user_id=(collector or self.env.user).id,
                summary=self.env._("Promise to pay broken: call the customer"),
            )
