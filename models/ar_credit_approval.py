"""Credit approval requests: let a held invoice be posted once a manager agrees."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

CREDIT_MANAGER = "account_receivable_management.group_ar_credit_manager"
# Set by the manager actions only (written as superuser after the group check).
DECISION_FIELDS = frozenset({"state", "decided_by_id", "decision_date"})
# What was asked: fixed once the request exists.
REQUEST_FIELDS = frozenset({"move_id", "amount", "currency_id", "requested_by_id"})
# What a manager prepares before deciding, while the request is open.
MANAGER_FIELDS = frozenset({"new_credit_limit", "decision_comment"})


class ArCreditApproval(models.Model):
    _name = "ar.credit.approval"
    _description = "Credit Approval Request"
    _inherit = ["mail.thread", "mail.activity.mixin"]  # noqa: RUF012
    _order = "create_date desc, id desc"
    _check_company_auto = True

    move_id = fields.Many2one(
        "account.move",
        string="Invoice",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'draft')]",
        tracking=True,
        check_company=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        related="move_id.commercial_partner_id",
        store=True,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company", related="move_id.company_id", store=True, index=True
    )
    amount = fields.Monetary(
        string="Amount", currency_field="currency_id", required=True, tracking=True
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    reason = fields.Text(string="Why", required=True)
    state = fields.Selection(
        [
            ("requested", "Requested"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
        ],
        default="requested",
        required=True,
        tracking=True,
        copy=False,
    )
    new_credit_limit = fields.Float(
        string="New Credit Limit",
        help="Optional: approve and set the customer's credit limit (company "
        "currency) to this value.",
    )
    requested_by_id = fields.Many2one(
        "res.users",
        string="Requested By",
        default=lambda self: self.env.user,
        readonly=True,
    )
    decided_by_id = fields.Many2one(
        "res.users", string="Decided By", readonly=True, copy=False
    )
    decision_date = fields.Datetime(readonly=True, copy=False)
    decision_comment = fields.Text(string="Decision Comment")
    credit_block_message = fields.Text(
        related="move_id.ar_credit_block_message", string="Credit Check"
    )

    @api.depends("move_id", "partner_id", "amount")
    def _compute_display_name(self):
        for approval in self:
            approval.display_name = self.env._(
                "Credit approval: %(invoice)s",
                invoice=approval.move_id.display_name or "",
            )

    @api.constrains("amount", "new_credit_limit")
    def _check_amounts(self):
        for approval in self:
            if approval.amount <= 0:
                raise ValidationError(
                    self.env._("The amount to approve must be positive.")
                )
            if approval.new_credit_limit < 0:
                raise ValidationError(self.env._("A credit limit cannot be negative."))

    def _ar_is_credit_manager(self):
        return self.env.su or self.env.user.has_group(CREDIT_MANAGER)

    @api.model_create_multi
    def create(self, vals_list):
        """A request is created open, by its requester; the decision is never
        part of the creation, whatever the route (form, RPC, import)."""
        if not self.env.su:
            for vals in vals_list:
                if DECISION_FIELDS & vals.keys() and (
                    vals.get("state", "requested") != "requested"
                    or vals.get("decided_by_id")
                    or vals.get("decision_date")
                ):
                    raise AccessError(
                        self.env._(
                            "A credit approval is created as a request; only a "
                            "credit manager decides on it, with the Approve or "
                            "Reject buttons."
                        )
                    )
                if (
                    vals.get("new_credit_limit") or vals.get("decision_comment")
                ) and not self._ar_is_credit_manager():
                    raise AccessError(
                        self.env._(
                            "Only credit managers set a new credit limit or a "
                            "decision comment."
                        )
                    )
                vals["requested_by_id"] = self.env.user.id
        approvals = super().create(vals_list)
        for approval in approvals:
            move = approval.move_id
            if move.move_type != "out_invoice" or move.state != "draft":
                raise UserError(
                    self.env._("Credit approval is for draft customer invoices.")
                )
            collector = approval.partner_id.with_company(
                approval.company_id
            )._ar_get_collector()
            approval.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Credit approval requested"),
                note=approval.reason,
                user_id=(collector or self.env.user).id,
            )
            move.message_post(
                body=self.env._(
                    "Credit approval requested by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=approval.reason,
                )
            )
        return approvals

    def write(self, vals):
        """Decision fields move only through the manager actions; what was
        requested stays as requested; the manager's preparation is his."""
        if not self.env.su:
            if DECISION_FIELDS & vals.keys():
                raise AccessError(
                    self.env._(
                        "A credit decision is taken with the Approve or Reject "
                        "buttons, by a credit manager."
                    )
                )
            if REQUEST_FIELDS & vals.keys():
                raise AccessError(
                    self.env._(
                        "The invoice and amount of a credit approval request "
                        "cannot be changed; make a new request."
                    )
                )
            if MANAGER_FIELDS & vals.keys():
                if not self._ar_is_credit_manager():
                    raise AccessError(
                        self.env._("Only credit managers decide on credit.")
                    )
                if any(approval.state != "requested" for approval in self):
                    raise UserError(
                        self.env._("This request has already been decided.")
                    )
        return super().write(vals)

    def _check_can_decide(self):
        if not self._ar_is_credit_manager():
            raise AccessError(self.env._("Only credit managers decide on credit."))
        if any(approval.state != "requested" for approval in self):
            raise UserError(self.env._("This request has already been decided."))

    def _decide(self, state, body):
        # Superuser write: the group was checked by _check_can_decide.
        self.sudo().write(
            {
                "state": state,
                "decided_by_id": self.env.user.id,
                "decision_date": fields.Datetime.now(),
            }
        )
        for approval in self:
            approval.activity_feedback(
                ["mail.mail_activity_data_todo"], feedback=approval.decision_comment
            )
            approval.message_post(body=body)
            approval.move_id.message_post(body=body)

    def action_approve(self):
        """Approve once: the invoice may be posted for up to this amount."""
        self._check_can_decide()
        self._decide(
            "approved",
            self.env._(
                "Credit approved by %(user)s. %(comment)s",
                user=self.env.user.name,
                comment=self.decision_comment or "",
            ),
        )

    def action_approve_new_limit(self):
        """Approve and set the customer's credit limit to the new limit."""
        self._check_can_decide()
        for approval in self:
            if not approval.new_credit_limit:
                raise UserError(self.env._("Enter the new credit limit first."))
            approval.partner_id.with_company(approval.company_id).write(
                {"credit_limit": approval.new_credit_limit}
            )
        self._decide(
            "approved",
            self.env._(
                "Credit approved by %(user)s with a new credit limit. %(comment)s",
                user=self.env.user.name,
                comment=self.decision_comment or "",
            ),
        )

    def action_reject(self):
        self._check_can_decide()
        self._decide(
            "rejected",
            self.env._(
                "Credit refused by %(user)s. %(comment)s",
                user=self.env.user.name,
                comment=self.decision_comment or "",
            ),
        )
