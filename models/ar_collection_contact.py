"""What a collector did with a customer and when: the log behind the
effectiveness figures (calls, promises, disputes, reminders, statements)."""

from odoo import fields, models

CONTACT_KINDS = [
    ("call", "Call"),
    ("promise", "Promise to Pay"),
    ("dispute", "Dispute"),
    ("reminder", "Reminder"),
    ("statement", "Statement"),
    ("plan", "Payment Plan"),
    ("escalation", "Escalation"),
]


class ArCollectionContact(models.Model):
    _name = "ar.collection.contact"
    _description = "Collections Contact"
    _order = "date desc, id desc"
    _check_company_auto = True

    customer_id = fields.Many2one(
        "ar.collection.customer",
        string="Worklist Entry",
        required=True,
        ondelete="cascade",
        index=True,
    )
    partner_id = fields.Many2one(related="customer_id.partner_id", store=True)
    company_id = fields.Many2one(related="customer_id.company_id", store=True)
    user_id = fields.Many2one(
        "res.users", string="Collector", default=lambda s: s.env.user, index=True
    )
    date = fields.Date(default=fields.Date.context_today, required=True, index=True)
    kind = fields.Selection(CONTACT_KINDS, required=True)
    reached = fields.Boolean(help="The customer was reached (not: no answer).")
