"""Receivables data shared by every feature on the customer.

Credit management extends this with exposure and scoring; dunning uses the
credit hold as an escalation.
"""

from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    ar_collector_id = fields.Many2one(
        "res.users",
        string="Collector",
        company_dependent=True,
        tracking=True,
        help="Credit controller who follows this customer's receivables. "
        "Falls back to the company's default collector.",
    )
    ar_credit_hold = fields.Boolean(
        string="On Credit Hold",
        company_dependent=True,
        copy=False,
        help="New customer invoices are not posted for a customer on credit "
        "hold unless a credit manager approves them.",
    )
    ar_credit_hold_reason = fields.Char(
        string="Credit Hold Reason",
        company_dependent=True,
        copy=False,
    )

    def _ar_get_collector(self):
        """Return the collector of this customer in the current company."""
        self.ensure_one()
        partner = self.commercial_partner_id
        return partner.ar_collector_id or self.env.company.ar_collector_id

    def _ar_set_credit_hold(self, hold, reason):
        """Put the commercial partners on credit hold (or lift it) with a reason.

        Every change is written in the customer's chatter: who, when and why.
        """
        partners = self.commercial_partner_id
        to_change = partners.filtered(lambda p: p.ar_credit_hold != hold)
        if not to_change:
            return
        to_change.write(
            {"ar_credit_hold": hold, "ar_credit_hold_reason": reason if hold else False}
        )
        body = (
            self.env._("Put on credit hold: %(reason)s", reason=reason)
            if hold
            else self.env._("Credit hold lifted: %(reason)s", reason=reason)
        )
        for partner in to_change:
            partner.message_post(body=body)
