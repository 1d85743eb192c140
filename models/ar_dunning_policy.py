"""Dunning policy: the levels a company chases its customers with."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import formatLang

from odoo.addons.account_receivable_management.engine import late_interest

# bounds of what a user may type: a rate in percent, an amount in currency units
MAX_RATE = 100
MAX_GRACE_DAYS = 365
MAX_AMOUNT = 1_000_000_000


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
    plan_grace_days = fields.Integer(
        string="Payment Plan Grace Days",
        default=5,
        help="An instalment of a payment plan unpaid this many days after its date "
        "breaks the plan; the default of the plans of this policy's customers.",
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
        compute="_compute_interest_margin",
        store=True,
        readonly=False,
        precompute=True,
        help="Points added to the reference rate in force on 1 January "
        "(first half-year) or 1 July (second half-year). Default by the "
        "company's country: France 10 (Code de commerce L441-10), Germany 9 "
        "(BGB 288), otherwise the EU minimum of 8 (Directive 2011/7/EU).",
    )
    interest_basis = fields.Char(
        string="Legal Basis",
        compute="_compute_interest_basis",
        help="The statutory rate of the company's country, stated on invoices "
        "and reminders.",
    )
    charge_paid_late = fields.Boolean(
        string="Charge Invoices Paid Late",
        compute="_compute_charge_paid_late",
        store=True,
        readonly=False,
        precompute=True,
        help="Interest for every day late is owed on invoices paid late too, "
        "even once nothing is open: the next run charges it, with the levels "
        "that charge interest. On by default in the statutory mode.",
    )
    charge_paid_late_from = fields.Date(
        string="Paid Late From",
        default=fields.Date.context_today,
        help="Invoices paid in full on or after this date are charged: earlier "
        "history is not charged retroactively.",
    )
    paid_late_compensation = fields.Boolean(
        string="Fixed Compensation on Invoices Paid Late",
        default=True,
        help="Ask the fixed compensation for recovery costs, once per invoice, "
        "on invoices paid late too.",
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

    @api.depends("company_id")
    def _compute_interest_margin(self):
        for policy in self:
            margin, _basis = late_interest.statutory_margin(
                policy.company_id.country_id.code
            )
            policy.interest_margin = float(margin)

    @api.depends("interest_mode")
    def _compute_charge_paid_late(self):
        for policy in self:
            policy.charge_paid_late = policy.interest_mode == "statutory"

    @api.depends("company_id", "interest_mode", "interest_margin")
    def _compute_interest_basis(self):
        for policy in self:
            policy.interest_basis = policy._ar_interest_basis_text()

    def _ar_interest_basis_text(self):
        """The rate in force and its legal basis, in the user's language."""
        self.ensure_one()
        if self.interest_mode == "fixed":
            return self.env._(
                "Fixed annual rate of %(rate)s%%",
                rate=self._ar_format_points(self.interest_fixed_rate),
            )
        _margin, basis = late_interest.statutory_margin(self.company_id.country_id.code)
        law = {
            "FR_L441_10": self.env._("French Code de commerce, article L441-10"),
            "DE_BGB_288": self.env._("German Civil Code (BGB), section 288"),
            "EU_2011_7": self.env._("EU Directive 2011/7/EU"),
        }[basis]
        return self.env._(
            "ECB main refinancing rate + %(margin)s points (%(law)s)",
            margin=self._ar_format_points(self.interest_margin),
            law=law,
        )

    def _ar_format_points(self, value):
        """A rate or margin in the user's number format: 10 or 8,50 in French."""
        if float(value).is_integer():
            return formatLang(self.env, value, digits=0)
        return formatLang(self.env, value, digits=2)

    def _ar_rate_in_force(self, day):
        """The annual rate (percent) applying on ``day``, or None when no
        reference rate is known yet."""
        self.ensure_one()
        if self.interest_mode == "fixed":
            return self.interest_fixed_rate
        try:
            periods = late_interest.statutory_periods(
                self._ar_reference_rates(), self.interest_margin, day, day
            )
        except ValueError:
            return None
        return float(periods[0].rate)

    @api.constrains("interest_margin", "interest_fixed_rate", "compensation_amount")
    def _check_interest_figures(self):
        for policy in self:
            if not 0 <= policy.interest_margin <= MAX_RATE:
                raise ValidationError(
                    self.env._(
                        "Policy %(policy)s: the margin must be between 0 and "
                        "%(max)s points (it is %(value)s).",
                        policy=policy.name,
                        max=MAX_RATE,
                        value=policy.interest_margin,
                    )
                )
            if not 0 <= policy.interest_fixed_rate <= MAX_RATE:
                raise ValidationError(
                    self.env._(
                        "Policy %(policy)s: the fixed annual rate must be between "
                        "0%% and %(max)s%% (it is %(value)s%%).",
                        policy=policy.name,
                        max=MAX_RATE,
                        value=policy.interest_fixed_rate,
                    )
                )
            if not 0 <= policy.compensation_amount <= MAX_AMOUNT:
                raise ValidationError(
                    self.env._(
                        "Policy %(policy)s: the fixed compensation must be between "
                        "0 and %(max)s (it is %(value)s).",
                        policy=policy.name,
                        max=MAX_AMOUNT,
                        value=policy.compensation_amount,
                    )
                )

    @api.constrains("plan_grace_days")
    def _check_plan_grace_days(self):
        for policy in self:
            if not 0 <= policy.plan_grace_days <= MAX_GRACE_DAYS:
                raise ValidationError(
                    self.env._(
                        "Policy %(policy)s: the payment plans' grace days must be "
                        "between 0 and %(max)s (it is %(value)s).",
                        policy=policy.name,
                        max=MAX_GRACE_DAYS,
                        value=policy.plan_grace_days,
                    )
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
        """Reference rates of the statutory mode as (date_from, rate) pairs.

        Read once per transaction and company: the letters and emails of a
        whole run state the rate in force; a rate written meanwhile clears it.
        """
        key = ("ar_reference_rates", tuple(self.company_id.ids))
        memo = self.env.cr.cache
        if key not in memo:
            rates = self.env["ar.dunning.rate"].search_fetch(
                [
                    "|",
                    ("company_id", "=", False),
                    ("company_id", "in", self.company_id.ids),
                ],
                ["date_from", "rate"],
            )
            memo[key] = [(rate.date_from, rate.rate) for rate in rates]
        return list(memo[key])

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

    def _ar_forget_memo(self):
        memo = self.env.cr.cache
        for key in [
            k for k in memo if isinstance(k, tuple) and k[:1] == ("ar_reference_rates",)
        ]:
            del memo[key]

    @api.model_create_multi
    def create(self, vals_list):
        self._ar_forget_memo()
        return super().create(vals_list)

    def write(self, vals):
        self._ar_forget_memo()
        return super().write(vals)

    def unlink(self):
        self._ar_forget_memo()
        return super().unlink()


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

    @api.constrains("days_past_due", "wait_days")
    def _check_days(self):
        for level in self:
            if level.days_past_due < 0 or level.wait_days < 0:
                raise ValidationError(
                    self.env._(
                        "Level %(level)s: days past due and wait days cannot be "
                        "negative.",
                        level=level.name,
                    )
                )

    @api.constrains("fee_amount", "min_amount_customer", "min_amount_item")
    def _check_amounts(self):
        for level in self:
            for amount, label in (
                (level.fee_amount, self.env._("fee")),
                (level.min_amount_customer, self.env._("minimum per customer")),
                (level.min_amount_item, self.env._("minimum per item")),
            ):
                if not 0 <= amount <= MAX_AMOUNT:
                    raise ValidationError(
                        self.env._(
                            "Level %(level)s: the %(what)s must be between 0 and "
                            "%(max)s (it is %(value)s).",
                            level=level.name,
                            what=label,
                            max=MAX_AMOUNT,
                            value=amount,
                        )
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
