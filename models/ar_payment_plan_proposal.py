"""A customer's proposal from the portal: pay an amount by a date.

The collector accepts it (it becomes a promise to pay, dunning waits) or
refuses it; either way the customer's chatter and the plan say so.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date, formatLang


class ArPaymentPlanProposal(models.Model):
    _name = "ar.payment.plan.proposal"
    _description = "Customer's Promise Proposal"
    _order = "id desc"
    _check_company_auto = True

    plan_id = fields.Many2one(
        "ar.payment.plan", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one(related="plan_id.partner_id", store=True, index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    currency_id = fields.Many2one(related="plan_id.currency_id")
    amount = fields.Monetary(required=True)
    date = fields.Date(required=True, string="Pay By")
    message = fields.Text()
    state = fields.Selection(
        [("proposed", "Proposed"), ("accepted", "Accepted"), ("refused", "Refused")],
        default="proposed",
        required=True,
        readonly=True,
    )
    promise_id = fields.Many2one("ar.promise.to.pay", readonly=True, check_company=True)

    _amount_positive = models.Constraint(
        "CHECK(amount > 0)", "The proposed amount must be above zero."
    )

    @api.model_create_multi
    def create(self, vals_list):
        proposals = super().create(vals_list)
        for proposal in proposals:
            plan = proposal.plan_id
            if proposal.date < fields.Date.context_today(self):
                raise UserError(self.env._("The date must be today or later."))
            rows = self.env["ar.collection.customer"]._ar_for_partners(
                plan.partner_id, plan.company_id
            )
            plan.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=(rows.collector_id or plan.create_uid or self.env.user).id,
                summary=self.env._("Customer proposes a payment: accept or refuse"),
            )
            plan.message_post(body=proposal._ar_describe(self.env._("Proposed")))
        return proposals

    def _ar_describe(self, verb):
        return self.env._(
            "%(verb)s: %(amount)s by %(date)s",
            verb=verb,
            amount=formatLang(self.env, self.amount, currency_obj=self.currency_id),
            date=format_date(self.env, self.date),
        )

    def _ar_check_proposed(self):
        if any(p.state != "proposed" for p in self):
            raise UserError(self.env._("This proposal was already answered."))

    def action_accept(self):
        """Accepted: a promise to pay on the plan's items, dunning waits."""
        self._ar_check_proposed()
        for proposal in self:
            plan = proposal.plan_id
            # sudo: see ar.collection.call; create_uid stays the collector
            promise = (
                self.env["ar.promise.to.pay"]
                .sudo()
                .create(
                    {
                        "partner_id": plan.partner_id.id,
                        "company_id": plan.company_id.id,
                        "amount": proposal.amount,
                        "promised_date": proposal.date,
                        "move_line_ids": [fields.Command.set(plan.move_line_ids.ids)],
                        "note": proposal.message,
                    }
                )
            )
            proposal.write({"state": "accepted", "promise_id": promise.id})
            plan.message_post(
                body=proposal._ar_describe(self.env._("Proposal accepted")),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        return True

    def action_refuse(self):
        self._ar_check_proposed()
        for proposal in self:
            proposal.state = "refused"
            proposal.plan_id.message_post(
                body=proposal._ar_describe(self.env._("Proposal refused")),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        return True
