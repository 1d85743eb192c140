"""Resolve a case: accept part, write off part, reject the rest."""

from odoo import api, fields, models


class ArDisputeResolveWizard(models.TransientModel):
    _name = "ar.dispute.resolve.wizard"
    _inherit = "ar.number.input.mixin"
    _ar_number_fields = ("accepted_amount", "written_off_amount")
    _description = "Resolve a Dispute Case"

    _check_company_auto = True

    dispute_id = fields.Many2one("ar.dispute", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="dispute_id.company_id", store=True)
    currency_id = fields.Many2one(related="dispute_id.currency_id")
    amount_disputed = fields.Monetary(related="dispute_id.amount_disputed")
    outcome = fields.Selection(
        [
            ("accept", "Accept: credit note"),
            ("write_off", "Write off"),
            ("reject", "Reject: back to dunning"),
            ("split", "Partly each"),
        ],
        required=True,
        default="accept",
    )
    accepted_amount = fields.Monetary(
        compute="_compute_amounts", store=True, readonly=False
    )
    written_off_amount = fields.Monetary(
        compute="_compute_amounts", store=True, readonly=False
    )
    rejected_amount = fields.Monetary(compute="_compute_rejected")
    writeoff_account_id = fields.Many2one(
        "account.account",
        compute="_compute_writeoff_account_id",
        store=True,
        readonly=False,
        check_company=True,
        domain="[('account_type', 'not in',"
        " ('asset_receivable', 'liability_payable'))]",
    )
    note = fields.Text()

    @api.depends("outcome", "amount_disputed")
    def _compute_amounts(self):
        for wizard in self:
            total = wizard.amount_disputed
            wizard.accepted_amount = total if wizard.outcome == "accept" else 0.0
            wizard.written_off_amount = total if wizard.outcome == "write_off" else 0.0

    @api.depends("accepted_amount", "written_off_amount", "amount_disputed")
    def _compute_rejected(self):
        for wizard in self:
            wizard.rejected_amount = (
                wizard.amount_disputed
                - wizard.accepted_amount
                - wizard.written_off_amount
            )

    @api.depends("dispute_id.reason_id")
    def _compute_writeoff_account_id(self):
        for wizard in self:
            wizard.writeoff_account_id = wizard.dispute_id.reason_id.writeoff_account_id

    def action_resolve(self):
        self.ensure_one()
        self.dispute_id._ar_resolve(
            accepted=self.accepted_amount,
            written_off=self.written_off_amount,
            note=self.note,
            writeoff_account=self.writeoff_account_id,
        )
        return {"type": "ir.actions.act_window_close"}
