"""One invoice of a dispute or deduction case and the part of it contested."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.account_receivable_management.engine import disputes as engine
from odoo.addons.account_receivable_management.models.ar_number_input import (
    check_numbers,
)

# Written by the case's resolution only (as superuser).
LINE_OUTCOME_FIELDS = frozenset(
    {"accepted_amount", "written_off_amount", "credit_note_id"}
)


class ArDisputeLine(models.Model):
    _name = "ar.dispute.line"
    _description = "Dispute Case Line"
    _order = "dispute_id, id"
    _check_company_auto = True

    dispute_id = fields.Many2one(
        "ar.dispute", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="dispute_id.company_id", store=True)
    stage = fields.Selection(related="dispute_id.stage", store=True)
    move_id = fields.Many2one(
        "account.move",
        string="Invoice",
        required=True,
        index=True,
        check_company=True,
        domain="[('move_type', 'in', ('out_invoice', 'out_receipt')),"
        " ('state', '=', 'posted'),"
        " ('payment_state', 'not in', ('paid', 'reversed'))]",
    )
    move_line_id = fields.Many2one(
        "account.move.line",
        string="Receivable Item",
        index=True,
        check_company=True,
        compute="_compute_move_line_id",
        store=True,
        precompute=True,
        readonly=False,
        domain="[('move_id', '=', move_id), ('account_type', '=', 'asset_receivable'),"
        " ('reconciled', '=', False)]",
    )
    currency_id = fields.Many2one(related="move_id.currency_id", store=True)
    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    residual_currency = fields.Monetary(
        related="move_line_id.amount_residual_currency",
        string="Open Amount",
        currency_field="currency_id",
    )
    amount_currency = fields.Monetary(
        string="Disputed",
        currency_field="currency_id",
        required=True,
        help="Part of this invoice the customer contests, in the invoice's "
        "currency: enter it (the open amount is shown beside it).",
    )
    amount = fields.Monetary(
        string="Disputed (Company Currency)",
        currency_field="company_currency_id",
        compute="_compute_amount",
        store=True,
        precompute=True,
    )
    accepted_amount = fields.Monetary(currency_field="currency_id", readonly=True)
    written_off_amount = fields.Monetary(currency_field="currency_id", readonly=True)
    credit_note_id = fields.Many2one(
        "account.move", string="Credit Note", readonly=True, copy=False
    )

    _move_line_uniq = models.Constraint(
        "unique(dispute_id, move_line_id)",
        "An invoice appears only once in a case.",
    )
    _credit_note_uniq = models.Constraint(
        "unique(credit_note_id)",
        "A credit note settles one case line only.",
    )

    @api.depends("move_id")
    def _compute_move_line_id(self):
        for line in self:
            open_items = line.move_id.line_ids.filtered(
                lambda aml: (
                    aml.account_type == "asset_receivable" and not aml.reconciled
                )
            )
            line.move_line_id = open_items.sorted(
                lambda aml: -abs(aml.amount_residual_currency)
            )[:1]

    @api.depends("amount_currency", "move_line_id")
    def _compute_amount(self):
        for line in self:
            aml = line.move_line_id
            if not aml or line.currency_id == line.company_currency_id:
                line.amount = line.amount_currency
            elif aml.amount_residual_currency:
                rate = aml.amount_residual / aml.amount_residual_currency
                line.amount = line.company_currency_id.round(
                    line.amount_currency * rate
                )
            else:
                rate = aml.balance / aml.amount_currency if aml.amount_currency else 1
                line.amount = line.company_currency_id.round(
                    line.amount_currency * rate
                )

    @api.constrains("amount_currency", "move_line_id", "move_id")
    def _check_amount_within_residual(self):
        """An open case cannot contest more than is still open on the invoice.

        Every open case on the same receivable item counts, so two cases cannot
        together dispute more than the customer owes.
        """
        open_lines = self.filtered(lambda line: line.dispute_id._ar_is_open())
        if not open_lines:
            return
        for line in open_lines.filtered(lambda line: not line.move_line_id):
            raise ValidationError(
                self.env._(
                    "Invoice %(invoice)s has nothing left to pay: it cannot be "
                    "disputed.",
                    invoice=line.move_id.display_name,
                )
            )
        totals = dict(
            self._read_group(
                [
                    ("move_line_id", "in", open_lines.move_line_id.ids),
                    ("stage", "in", self.dispute_id._AR_OPEN_STAGES),
                ],
                ["move_line_id"],
                ["amount_currency:sum"],
            )
        )
        for line in open_lines:
            aml = line.move_line_id
            if aml.move_id.move_type not in ("out_invoice", "out_receipt"):
                raise ValidationError(
                    self.env._("Only customer invoices can be disputed.")
                )
            digits = line.currency_id.decimal_places
            try:
                residual = aml.amount_residual_currency
                engine.validate_disputed_amount(line.amount_currency, residual, digits)
                engine.validate_disputed_amount(totals.get(aml, 0.0), residual, digits)
            except engine.DisputeInputError as error:
                raise ValidationError(
                    self.dispute_id._ar_input_error_message(error, line)
                ) from error

    @api.model_create_multi
    def create(self, vals_list):
        check_numbers(self, vals_list, ["amount_currency"])
        lines = super().create(vals_list)
        lines.dispute_id._ar_check_single_currency()
        self.env["ar.dispute"]._ar_sync_disputed_amounts(lines.move_line_id)
        return lines

    def write(self, vals):
        check_numbers(self, [vals], ["amount_currency"])
        if not self.env.su:
            if LINE_OUTCOME_FIELDS & vals.keys():
                raise UserError(
                    self.env._(
                        "Close a case with the Resolve button: it posts the entries."
                    )
                )
            if any(not line.dispute_id._ar_is_open() for line in self):
                raise ValidationError(
                    self.env._("The invoices of a closed case cannot be changed.")
                )
        before = self.move_line_id
        result = super().write(vals)
        if {"amount_currency", "move_line_id", "move_id"} & vals.keys():
            self.dispute_id._ar_check_single_currency()
            self.env["ar.dispute"]._ar_sync_disputed_amounts(before | self.move_line_id)
        return result

    def unlink(self):
        items = self.move_line_id
        if any(not line.dispute_id._ar_is_open() for line in self):
            raise ValidationError(
                self.env._("The invoices of a closed case cannot be changed.")
            )
        result = super().unlink()
        self.env["ar.dispute"]._ar_sync_disputed_amounts(items)
        return result
