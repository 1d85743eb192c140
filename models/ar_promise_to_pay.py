"""Promises to pay: covered items wait until the promised date."""

from odoo import api, fields, models


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
        help="Amount the customer promised; compared with what was paid.",
    )
    promised_date = fields.Date(required=True, tracking=True)
    state = fields.Selection(
        [("open", "Open"), ("kept", "Kept"), ("broken", "Broken")],
        default="open",
        required=True,
        tracking=True,
    )
    note = fields.Text()

    @api.depends("partner_id", "promised_date")
    def _compute_display_name(self):
        for promise in self:
            promise.display_name = self.env._(
                "%(partner)s by %(date)s",
                partner=promise.partner_id.name or "",
                date=promise.promised_date or "",
            )

    @api.model_create_multi
    def create(self, vals_list):
        promises = super().create(vals_list)
        for promise in promises:
            promise.partner_id.message_post(
                body=self.env._(
                    "Promise to pay by %(date)s recorded: dunning waits until then.",
                    date=promise.promised_date,
                )
            )
        return promises

    def action_mark_kept(self):
        self.state = "kept"

    def action_mark_broken(self):
        self._ar_break()

    @api.model
    def _ar_cron_check_promises(self):
        """Settle due promises: kept when their items are paid, else broken."""
        today = fields.Date.context_today(self)
        due = self.search([("state", "=", "open"), ("promised_date", "<", today)])
        kept = due.filtered(
            lambda p: p.move_line_ids and all(p.move_line_ids.mapped("reconciled"))
        )
        kept.state = "kept"
        (due - kept)._ar_break()
        self.env["ir.cron"]._commit_progress(len(due), remaining=0)

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
