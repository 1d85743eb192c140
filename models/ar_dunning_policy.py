"""Dunning policy: the levels a company chases its customers with."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ArDunningPolicy(models.Model):
    _name = "ar.dunning.policy"
    _description = "Dunning Policy"
    _order = "company_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    is_default = fields.Boolean(
        string="Default Policy",
        help="Applies to the company's customers that have no policy of their own.",
    )
    level_ids = fields.One2many("ar.dunning.level", "policy_id", string="Levels")
    allow_level_skip = fields.Boolean(
        string="Allow Skipping Levels",
        help="An item long overdue goes straight to the highest level its days "
        "past due reach, instead of climbing one level per run.",
    )
    fee_mode = fields.Selection(
        [("entry", "Journal entry"), ("invoice", "Late-fee invoice")],
        default="entry",
        required=True,
        help="How fees, interest and the fixed compensation are charged.",
    )
    fee_journal_id = fields.Many2one(
        "account.journal",
        string="Fee Journal",
        check_company=True,
        domain="[('type', 'in', ('general', 'sale'))]",
    )
    fee_account_id = fields.Many2one(
        "account.account", string="Fee Income Account", check_company=True
    )
    interest_account_id = fields.Many2one(
        "account.account", string="Interest Income Account", check_company=True
    )
    compensation_account_id = fields.Many2one(
        "account.account",
        string="Recovery Costs Account",
        check_company=True,
        help="Income account of the EU fixed compensation for recovery costs.",
    )
    interest_mode = fields.Selection(
        [
            ("statutory", "Statutory: reference rate + points"),
            ("fixed", "Fixed annual rate"),
        ],
        default="statutory",
        required=True,
    )
    interest_margin = fields.Float(
        string="Margin (points)",
        default=8.0,
        help="Points added to the reference rate in force on 1 January "
        "(first half-year) or 1 July (second half-year). EU minimum: 8; "
        "Germany 9; France 10.",
    )
    interest_fixed_rate = fields.Float(string="Fixed Annual Rate (%)")
    compensation_amount = fields.Monetary(
        string="Fixed Compensation",
        currency_field="compensation_currency_id",
        default=40.0,
        help="Charged once per late invoice (EU Directive 2011/7/EU: EUR 40).",
    )
    compensation_currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.ref("base.EUR")
    )

    _one_default_per_company = models.UniqueIndex(
        "(company_id) WHERE is_default AND active",
        "A company has one default dunning policy only.",
    )

    @api.constrains("fee_mode", "fee_journal_id")
    def _check_fee_journal(self):
        for policy in self:
            journal = policy.fee_journal_id
            if policy.fee_mode == "invoice" and journal and journal.type != "sale":
                raise ValidationError(
                    self.env._("Late-fee invoices need a sales journal.")
                )

    def _ar_reference_rates(self):
        """Reference rates of the statutory mode as (date_from, rate) pairs."""
        rates = self.env["ar.dunning.rate"].search_fetch(
            [
                "|",
                ("company_id", "=", False),
                ("company_id", "in", self.company_id.ids),
            ],
            ["date_from", "rate"],
        )
        return [(rate.date_from, rate.rate) for rate in rates]

    @api.model
    def _ar_policy_of_partners(self, partners, company):
        """Return {partner id: policy} for ``partners`` in ``company``."""
        default = self.search(
            [("company_id", "=", company.id), ("is_default", "=", True)], limit=1
        )
        partners = partners.with_company(company)
        result = {}
        for partner in partners:
            policy = partner.ar_dunning_policy_id or default
            if policy:
                result[partner.id] = policy
        return result


class ArDunningRate(models.Model):
    _name = "ar.dunning.rate"
    _description = "Reference Interest Rate"
    _order = "date_from desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Empty: a reference rate shared by every company.",
    )
    date_from = fields.Date(required=True, string="In Force From")
    rate = fields.Float(required=True, string="Rate (%)", digits=(16, 4))
    name = fields.Char(
        default="ECB main refinancing operations", string="Source", translate=True
    )

    _date_uniq = models.Constraint(
        "unique(date_from, company_id)", "One reference rate per date."
    )


class ArDunningLevel(models.Model):
    _name = "ar.dunning.level"
    _description = "Dunning Level"
    _order = "policy_id, sequence, id"
    _check_company_auto = True

    policy_id = fields.Many2one("ar.dunning.policy", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="policy_id.company_id", store=True)
    currency_id = fields.Many2one(related="policy_id.currency_id")
    sequence = fields.Integer(default=10, required=True)
    name = fields.Char(required=True, translate=True)
    days_past_due = fields.Integer(required=True, string="Days Past Due")
    wait_days = fields.Integer(
        string="Wait After Previous Level (days)",
        help="Days that must pass since the item's previous level.",
    )
    min_amount_customer = fields.Monetary(string="Minimum per Customer")
    min_amount_item = fields.Monetary(string="Minimum per Item")
    intro_text = fields.Html(
        string="Message",
        translate=True,
        sanitize=True,
        help="Opening text of the email and letter of this level.",
    )
    channel_email = fields.Boolean(string="Email", default=True)
    channel_letter = fields.Boolean(string="Letter")
    channel_phone = fields.Boolean(string="Phone Call")
    mail_template_id = fields.Many2one(
        "mail.template",
        domain="[('model', '=', 'ar.dunning.communication')]",
        string="Email Template",
    )
    phone_user_id = fields.Many2one(
        "res.users",
        string="Call Assigned To",
        help="Empty: the customer's collector.",
    )
    fee_amount = fields.Monetary(string="Fee")
    charge_interest = fields.Boolean(string="Charge Late Interest")
    charge_compensation = fields.Boolean(
        string="Charge Fixed Compensation",
        help="EU fixed compensation for recovery costs, once per invoice.",
    )
    credit_hold = fields.Boolean(string="Put on Credit Hold")
    collection_agency = fields.Boolean(string="Hand Over to Collection Agency")
    automatic = fields.Boolean(
        help="The scheduled action sends this level without review."
    )
    attach_statement = fields.Boolean(
        string="Attach Statement",
        help="Attach the customer statement (PDF) to the email.",
    )

    _sequence_uniq = models.Constraint(
        "unique(policy_id, sequence)", "Two levels of a policy share a sequence."
    )
    _days_positive = models.Constraint(
        "CHECK(days_past_due >= 0 AND wait_days >= 0)",
        "Days past due and wait days cannot be negative.",
    )

    @api.constrains("channel_email", "mail_template_id")
    def _check_template(self):
        for level in self:
            if level.channel_email and not level.mail_template_id:
                raise ValidationError(
                    self.env._(
                        "Level %(level)s sends emails: choose an email template.",
                        level=level.name,
                    )
                )
