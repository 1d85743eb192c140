"""Compute Proposals: say what will happen, compute, then show what came out."""

from odoo import api, fields, models


class ArCashComputeWizard(models.TransientModel):
    _name = "ar.cash.compute.wizard"
    _description = "Compute Cash Application Proposals"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [("confirm", "Confirm"), ("done", "Done")], default="confirm", required=True
    )
    bank_line_count = fields.Integer(
        string="Bank Lines to Match", compute="_compute_counts"
    )
    replaced_count = fields.Integer(
        string="Proposals Replaced", compute="_compute_counts"
    )
    proposal_ids = fields.Many2many(
        "ar.cash.proposal", string="Proposals", check_company=True
    )
    proposal_count = fields.Integer(compute="_compute_summary")
    confident_count = fields.Integer(string="Confident", compute="_compute_summary")
    review_count = fields.Integer(string="To Review", compute="_compute_summary")
    unmatched_count = fields.Integer(string="No Match", compute="_compute_summary")

    @api.depends("company_id")
    def _compute_counts(self):
        Proposal = self.env["ar.cash.proposal"]
        for wizard in self:
            lines = Proposal._ar_open_statement_lines(wizard.company_id)
            wizard.bank_line_count = len(lines)
            wizard.replaced_count = Proposal.search_count(
                [("company_id", "=", wizard.company_id.id), ("state", "=", "proposed")]
            )

    @api.depends("proposal_ids")
    def _compute_summary(self):
        for wizard in self:
            proposals = wizard.proposal_ids
            matched = proposals.filtered("line_ids")
            confident = matched.filtered(
                lambda p: p.auto or p.confidence >= p.company_id.ar_cash_auto_threshold
            )
            wizard.proposal_count = len(proposals)
            wizard.confident_count = len(confident)
            wizard.review_count = len(matched) - len(confident)
            wizard.unmatched_count = len(proposals) - len(matched)

    def action_compute(self):
        self.ensure_one()
        proposals = self.env["ar.cash.proposal"]._ar_compute_proposals(self.company_id)
        self.write(
            {"proposal_ids": [fields.Command.set(proposals.ids)], "state": "done"}
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Proposals Computed"),
        }

    def action_open_proposals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_receivable_management.ar_cash_proposal_action"
        )
        action["name"] = self.env._("Computed Proposals")
        action["domain"] = [("id", "in", self.proposal_ids.ids)]
        action["context"] = {}
        return action
