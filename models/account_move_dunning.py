"""Dunning level and history on invoices."""

from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    ar_dunning_level_id = fields.Many2one(
        "ar.dunning.level",
        string="Dunning Level",
        copy=False,
        index="btree_not_null",
        readonly=True,
        help="Highest dunning level sent for this invoice.",
    )
    ar_dunning_line_ids = fields.One2many(
        "ar.dunning.communication.line",
        "move_id",
        string="Dunning History",
        readonly=True,
    )

    def _ar_set_dunning_level(self, level):
        """Record the dunning level reached: a marker, not an accounting change.

        The context keeps Odoo from resynchronising the posted invoices' lines
        (which reads every line's taxes, as Odoo's own payments avoid) and from
        flagging the invoices as manually modified.
        """
        self.with_context(
            skip_invoice_sync=True,
            skip_is_manually_modified=True,
            skip_account_move_synchronization=True,
            check_move_validity=False,
        ).write({"ar_dunning_level_id": level.id})

    def _ar_late_payment_mention(self):
        """The late-penalty rate in force and the fixed compensation, stated on
        customer invoices of companies whose dunning policy charges interest
        (French Code de commerce L441-10: required between businesses)."""
        self.ensure_one()
        if self.move_type != "out_invoice":
            return ""
        company = self.company_id
        partner = self.commercial_partner_id.with_company(company)
        policy = partner.ar_dunning_policy_id
        if not policy:
            policy = self.env["ar.dunning.policy"].search(
                [("company_id", "=", company.id), ("is_default", "=", True)],
                limit=1,
            )
        if not policy or not policy.level_ids.filtered("charge_interest"):
            return ""
        day = self.invoice_date or fields.Date.context_today(self)
        rate = policy._ar_rate_in_force(day)
        basis = policy._ar_interest_basis_text()
        rate_text = (
            basis
            if rate is None
            else self.env._(
                "%(rate)s%% a year (%(basis)s)", rate=f"{rate:.2f}", basis=basis
            )
        )
        return self.env._(
            "Late payment penalties: %(rate)s, due from the day after the due date "
            "without reminder. Fixed compensation for recovery costs in case of "
            "late payment: %(compensation)s (Code de commerce, articles L441-10 "
            "and D441-5).",
            rate=rate_text,
            compensation=policy.compensation_currency_id.format(
                policy.compensation_amount
            ),
        )
