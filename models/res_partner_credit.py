"""Credit control on customers: exposure, the credit check, guarded fields.

Builds on Odoo's own ``credit_limit`` (company-dependent, company currency)
and ``account_use_credit_limit``; the decision itself lives in
``engine/credit.py``.
"""

from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL, formatLang

from odoo.addons.account_receivable_management.engine import credit
from odoo.addons.account_receivable_management.engine.inputs import as_finite_number
from odoo.addons.account_receivable_management.engine.money import to_decimal

from .res_company_credit import CREDIT_POLICY_MODES

CREDIT_MANAGER = "account_receivable_management.group_ar_credit_manager"
AR_USER = "account_receivable_management.group_ar_user"
# Who follows a customer and how: decided by credit managers, set by the
# dunning escalations (as superuser), read by everyone.
MANAGED_FIELDS = ("ar_collector_id", "ar_dunning_policy_id", "ar_collection_agency")
EMPTY_FIGURES = {
    "open": 0.0,
    "drafts": 0.0,
    "unapplied": 0.0,
    "disputed": 0.0,
    "overdue_amount": 0.0,
    "max_days_overdue": 0,
    "overdue_count": 0,
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    ar_credit_policy_mode = fields.Selection(
        [("company", "Company policy"), *CREDIT_POLICY_MODES],
        string="Credit Check",
        company_dependent=True,
        default="company",
        help="Override of the company's credit policy for this customer.",
    )
    ar_credit_currency_id = fields.Many2one(
        "res.currency", compute="_compute_ar_credit_figures"
    )
    ar_credit_open_receivables = fields.Monetary(
        groups=AR_USER,
        string="Open Receivables",
        currency_field="ar_credit_currency_id",
        compute="_compute_ar_credit_figures",
    )
    ar_credit_draft_invoices = fields.Monetary(
        groups=AR_USER,
        string="Draft Invoices",
        currency_field="ar_credit_currency_id",
        compute="_compute_ar_credit_figures",
    )
    ar_credit_unapplied = fields.Monetary(
        groups=AR_USER,
        string="Unapplied Payments and Credits",
        currency_field="ar_credit_currency_id",
        compute="_compute_ar_credit_figures",
    )
    ar_credit_disputed = fields.Monetary(
        groups=AR_USER,
        string="Disputed (included)",
        currency_field="ar_credit_currency_id",
        compute="_compute_ar_credit_figures",
    )
    ar_credit_exposure = fields.Monetary(
        groups=AR_USER,
        string="Credit Exposure",
        currency_field="ar_credit_currency_id",
        compute="_compute_ar_credit_figures",
    )
    ar_credit_group_exposure = fields.Monetary(
        groups=AR_USER,
        string="Group Exposure",
        currency_field="ar_credit_currency_id",
        compute="_compute_ar_credit_figures",
        help="Exposure of the group head and its subsidiaries, covered by the "
        "head's credit limit.",
    )
    ar_credit_group_head_id = fields.Many2one(
        "res.partner", string="Group Head", compute="_compute_ar_credit_figures"
    )
    ar_credit_available = fields.Monetary(
        groups=AR_USER,
        string="Available Credit",
        currency_field="ar_credit_currency_id",
        compute="_compute_ar_credit_figures",
    )
    ar_credit_overdue_amount = fields.Monetary(
        groups=AR_USER,
        string="Overdue (disputes left out)",
        currency_field="ar_credit_currency_id",
        compute="_compute_ar_credit_figures",
    )
    ar_credit_max_days_overdue = fields.Integer(
        string="Oldest Overdue (days)", compute="_compute_ar_credit_figures"
    )
    ar_credit_limit_editable = fields.Boolean(
        compute="_compute_ar_credit_limit_editable",
        help="Technical: the current user may change credit limits.",
    )

    # ------------------------------------------------------------------
    # Exposure
    # ------------------------------------------------------------------
    @api.model
    def _ar_credit_figures_sql(self, scope, company, exclude_move_ids=()):
        """The aggregate of receivable figures by commercial partner of ``scope``.

        ``scope`` is SQL yielding commercial partner ids. Open receivables and
        unapplied payments are the posted residuals on receivable accounts of
        the company (and its branches), split by sign, read from the balances
        the database keeps (``ar_credit_balance``): a handful of rows per
        customer whatever its number of open items. Drafts are unposted
        customer invoices when the company counts them. Flushes what it reads.
        """
        self.env["account.move.line"].flush_model(
            [
                "account_id",
                "amount_residual",
                "balance",
                "company_id",
                "parent_state",
                "partner_id",
                "reconciled",
                "date_maturity",
                "ar_disputed_amount",
                "move_id",
            ]
        )
        self.env["account.move"].flush_model(["move_type"])
        self.flush_model(["commercial_partner_id", "parent_id", "is_company"])
        # the user's day when the request gives its time zone (the web
        # client does); else the server's, rather than read the user
        today = (
            fields.Date.context_today(self)
            if self.env.context.get("tz")
            else fields.Date.today()
        )
        # the company and its branches, computed once per query
        companies = SQL(
            "ARRAY(SELECT id FROM res_company WHERE id = %s OR parent_path LIKE %s)",
            company.root_id.id,
            f"{company.root_id.id}/%",
        )
        return SQL(
            """
            SELECT partner_id, SUM(open) AS open, SUM(drafts) AS drafts,
                   SUM(unapplied) AS unapplied, SUM(disputed) AS disputed,
                   SUM(overdue_amount) AS overdue_amount,
                   MAX(max_days_overdue) AS max_days_overdue,
                   SUM(overdue_count) AS overdue_count
              FROM (
                -- totals of each partner (and contact), company and branch
                SELECT c.commercial_partner_id AS partner_id,
                       b.open_amount AS open, 0 AS drafts,
                       b.unapplied_amount AS unapplied,
                       b.disputed_amount AS disputed,
                       b.unsettled_amount AS overdue_amount,
                       NULL::integer AS max_days_overdue,
                       b.unsettled_count AS overdue_count
                  FROM res_partner c
                  JOIN ar_credit_balance b ON b.partner_id = c.id
                 WHERE c.commercial_partner_id IN (%(scope)s)
                   AND b.company_id = ANY(%(companies)s)
                   AND b.date_maturity = '-infinity'
             UNION ALL
                -- minus what is not yet due: a few due dates (payment terms)
                SELECT c.commercial_partner_id, 0, 0, 0, 0,
                       -b.unsettled_amount, NULL, -b.unsettled_count
                  FROM res_partner c
                  JOIN ar_credit_balance b ON b.partner_id = c.id
                 WHERE c.commercial_partner_id IN (%(scope)s)
                   AND b.company_id = ANY(%(companies)s)
                   AND b.date_maturity >= %(today)s
             UNION ALL
                -- the oldest late due date: the first row in date order
                SELECT c.commercial_partner_id, 0, 0, 0, 0, 0,
                       %(today)s - oldest.date_maturity, 0
                  FROM res_partner c
                  CROSS JOIN LATERAL (
                        SELECT b.date_maturity FROM ar_credit_balance b
                         WHERE b.partner_id = c.id
                           AND b.unsettled_count > 0
                           AND b.date_maturity > '-infinity'
                           AND b.date_maturity < %(today)s
                           AND b.company_id = ANY(%(companies)s)
                      ORDER BY b.date_maturity LIMIT 1
                  ) AS oldest
                 WHERE c.commercial_partner_id IN (%(scope)s)
             UNION ALL
                -- draft customer invoices, when the company counts them
                SELECT p.commercial_partner_id, 0, l.balance, 0, 0, 0, NULL, 0
                  FROM account_move_line l
                  JOIN res_partner p ON p.id = l.partner_id
                 WHERE %(include_drafts)s
                   AND l.parent_state = 'draft'
                   AND l.amount_residual <> 0
                   AND l.partner_id IN (
                        SELECT id FROM res_partner
                         WHERE commercial_partner_id IN (%(scope)s))
                   AND l.account_id IN (
                        SELECT id FROM account_account
                         WHERE account_type = 'asset_receivable')
                   AND l.company_id = ANY(%(companies)s)
                   AND NOT (l.move_id = ANY(%(exclude)s))
                   AND (SELECT m.move_type FROM account_move m
                         WHERE m.id = l.move_id) = 'out_invoice'
              ) AS receivable
          GROUP BY partner_id
            """,
            today=today,
            companies=companies,
            scope=scope,
            exclude=[int(i) for i in exclude_move_ids],
            include_drafts=bool(company.ar_credit_include_drafts),
        )

    @staticmethod
    def _ar_credit_exposure_of(figures, pending=Decimal(0)):
        """The engine's exposure of ``figures``, plus ``pending`` invoices."""
        return credit.Exposure(
            to_decimal(figures["open"] or 0) + pending,
            to_decimal(figures["drafts"] or 0),
            to_decimal(figures["unapplied"] or 0),
            to_decimal(figures["disputed"] or 0),
        )

    @staticmethod
    def _ar_credit_figures_of(row):
        open_, drafts, unapplied, disputed, overdue, days, count = row
        return {
            "open": open_ or 0.0,
            "drafts": drafts or 0.0,
            "unapplied": unapplied or 0.0,
            "disputed": disputed or 0.0,
            "overdue_amount": overdue or 0.0,
            "max_days_overdue": days or 0,
            "overdue_count": count or 0,
        }

    @api.model
    def _ar_credit_raw_figures(self, partner_ids, company, exclude_move_ids=()):
        """One aggregate query: {commercial_partner_id: figures} in company currency."""
        result = {pid: dict(EMPTY_FIGURES) for pid in partner_ids}
        if not partner_ids:
            return result
        figures = self._ar_credit_figures_sql(
            SQL("SELECT unnest(%s::int[])", list(partner_ids)),
            company,
            exclude_move_ids,
        )
        for pid, *row in self.env.execute_query(figures):
            result[pid] = self._ar_credit_figures_of(row)
        return result

    def _ar_credit_exposures(self, company, exclude_move_ids=()):
        """Own and group figures for the commercial partners of self.

        A group head is the commercial partner of a customer's parent; its
        members are the companies whose parent is the head. One query finds
        the heads, the members and everybody's figures.

        ``self`` holds commercial partners. Returns ``{commercial_partner_id:
        {"own": figures, "group": figures, "head": head partner, "has_group":
        bool, "settings": ..., "head_settings": ...}}``; settings are the
        company's limit (None: none), mode, hold and hold reason, and the
        partner's name.
        """
        partner_ids = list(dict.fromkeys(self.ids))
        if not partner_ids:
            return {}
        figures = self._ar_credit_figures_sql(
            SQL("SELECT id FROM scope"), company, exclude_move_ids
        )
        # the company's values of the company-dependent settings, fallback
        # (default limit) included, in the same query
        in_company = self.sudo().with_company(company)
        rows = self.env.execute_query(
            SQL(
                """
            WITH asked AS (
                SELECT p.id,
                       CASE WHEN par.commercial_partner_id <> p.id
                            THEN par.commercial_partner_id ELSE p.id END AS head_id
                  FROM res_partner p
             LEFT JOIN res_partner par ON par.id = p.parent_id
                 WHERE p.id = ANY(%(partner_ids)s)
            ), scope AS (
                SELECT id FROM asked
                 UNION SELECT head_id FROM asked
                 UNION SELECT m.id FROM res_partner m
                        WHERE m.parent_id IN (SELECT head_id FROM asked)
                          AND m.is_company
            ), figures AS (%(figures)s)
            SELECT s.id, asked.head_id, m.parent_id, m.is_company, m.name,
                   %(limit)s, %(mode)s, %(hold)s, %(hold_reason)s,
                   f.open, f.drafts, f.unapplied, f.disputed, f.overdue_amount,
                   f.max_days_overdue, f.overdue_count
              FROM scope s
              JOIN res_partner m ON m.id = s.id
         LEFT JOIN asked ON asked.id = s.id
         LEFT JOIN figures f ON f.partner_id = s.id
                """,
                partner_ids=partner_ids,
                figures=figures,
                limit=in_company._field_to_sql("m", "credit_limit"),
                mode=in_company._field_to_sql("m", "ar_credit_policy_mode"),
                hold=in_company._field_to_sql("m", "ar_credit_hold"),
                hold_reason=in_company._field_to_sql("m", "ar_credit_hold_reason"),
            )
        )
        raw, head_of, parent_of, settings = {}, {}, {}, {}
        use_limit = company.account_use_credit_limit
        for pid, head_id, parent_id, is_company, name, *values in rows:
            limit, mode, hold, hold_reason, *row = values
            settings[pid] = {
                "name": name,
                "limit": to_decimal(limit)
                if use_limit and limit and limit > 0
                else None,
                "mode": company.ar_credit_policy_mode
                if mode in (None, False, "company")
                else mode,
                "hold": bool(hold),
                "hold_reason": hold_reason or "",
            }
            raw[pid] = self._ar_credit_figures_of(row)
            if head_id:
                head_of[pid] = head_id
            if is_company and parent_id:
                parent_of[pid] = parent_id
        members = {head_id: [head_id] for head_id in head_of.values()}
        for pid, parent_id in parent_of.items():
            if parent_id in members and pid != parent_id:
                members[parent_id].append(pid)
        group_figures = {
            head_id: {
                key: max(raw[pid][key] for pid in ids)
                if key == "max_days_overdue"
                else sum(raw[pid][key] for pid in ids)
                for key in EMPTY_FIGURES
            }
            for head_id, ids in members.items()
        }
        return {
            pid: {
                "own": raw[pid],
                "group": group_figures[head_of[pid]],
                "head": self.browse(head_of[pid]),
                "has_group": head_of[pid] != pid or len(members.get(pid, ())) > 1,
                "settings": settings[pid],
                "head_settings": settings[head_of[pid]],
            }
            for pid in partner_ids
        }

    @api.depends_context("uid")
    def _compute_ar_credit_limit_editable(self):
        self.ar_credit_limit_editable = self._ar_is_credit_manager()

    @api.depends_context("company")
    def _compute_ar_credit_figures(self):
        company = self.env.company
        real = self.filtered("id")
        figures = real.commercial_partner_id._ar_credit_exposures(company)
        for partner in self:
            data = figures.get(partner.commercial_partner_id.id)
            partner.ar_credit_currency_id = company.currency_id
            own = data["own"] if data else EMPTY_FIGURES
            group = data["group"] if data else EMPTY_FIGURES
            exposure = float(self._ar_credit_exposure_of(own).total)
            partner.ar_credit_open_receivables = own["open"]
            partner.ar_credit_draft_invoices = own["drafts"]
            partner.ar_credit_unapplied = own["unapplied"]
            partner.ar_credit_disputed = own["disputed"]
            partner.ar_credit_exposure = exposure
            partner.ar_credit_overdue_amount = own["overdue_amount"]
            partner.ar_credit_max_days_overdue = own["max_days_overdue"]
            partner.ar_credit_group_head_id = (
                data["head"] if data and data["has_group"] else False
            )
            partner.ar_credit_group_exposure = (
                float(self._ar_credit_exposure_of(group).total)
                if data and data["has_group"]
                else 0.0
            )
            limit = data["settings"]["limit"] if data else None
            partner.ar_credit_available = (
                float(limit) - exposure if limit is not None else 0.0
            )

    # ------------------------------------------------------------------
    # The check
    # ------------------------------------------------------------------
    def _ar_credit_mode(self, company):
        self.ensure_one()
        mode = self.sudo().with_company(company).ar_credit_policy_mode
        return company.ar_credit_policy_mode if mode in (False, "company") else mode

    def _ar_credit_evaluate(self, company, requests, exclude_move_ids=()):
        """Decide on a batch of requests ``(partner, amount, approved_amount)``.

        Partners are commercial partners; amounts in company currency.
        Requests of the same customer (or group) are taken in order: each one
        sees the amounts of the earlier ones.
        Returns a list of ``(Decision, info)``; constant number of queries.
        """
        partners = self.browse([partner.id for partner, *_ in requests])
        exposures = partners._ar_credit_exposures(company, exclude_move_ids)
        pending = {}
        results = []
        for partner, amount, approved in requests:
            data = exposures[partner.id]
            head = data["head"]
            mine, heads = data["settings"], data["head_settings"]
            mode = mine["mode"]
            own, group = data["own"], data["group"]
            own_pending = pending.get(("own", partner.id), Decimal(0))
            group_pending = pending.get(("group", head.id), Decimal(0))
            overdue = [
                credit.OverdueItem(
                    own["max_days_overdue"], to_decimal(own["overdue_amount"] or 0)
                )
            ]
            common = {
                "mode": mode,
                "overdue": overdue,
                "max_days_overdue": company.ar_credit_hold_days_overdue,
                "max_overdue_amount": to_decimal(company.ar_credit_hold_overdue_amount),
                "approved_amount": approved,
            }
            own_exposure = self._ar_credit_exposure_of(own, own_pending)
            group_exposure = self._ar_credit_exposure_of(group, group_pending)
            decision = credit.decide_in_group(
                own_exposure,
                group_exposure,
                amount,
                credit.CreditTerms(mine["limit"], mine["hold"], mine["hold_reason"]),
                credit.CreditTerms(heads["limit"], heads["hold"], heads["hold_reason"]),
                head_name=heads["name"],
                is_head=head.id == partner.id,
                has_group=data["has_group"],
                **common,
            )
            pending[("own", partner.id)] = own_pending + amount
            pending[("group", head.id)] = group_pending + amount
            info = {
                "partner": partner,
                "company": company,
                "exposure": own_exposure.total,
                "limit": mine["limit"],
                "overdue_count": own["overdue_count"],
                "overdue_amount": to_decimal(own["overdue_amount"] or 0),
            }
            results.append((decision, info))
        return results

    def _ar_credit_reason_text(self, reason, currency):
        """A reason in the user's words."""
        fig = reason.figures

        def money(key):
            return formatLang(self.env, float(fig[key]), currency_obj=currency)

        code = reason.code
        if code in ("over_limit", "group_over_limit"):
            text = self.env._(
                "Exposure %(exposure)s + this invoice %(amount)s = %(after)s is "
                "above the credit limit %(limit)s by %(excess)s.",
                exposure=money("exposure"),
                amount=money("amount"),
                after=money("exposure_after"),
                limit=money("limit"),
                excess=money("excess"),
            )
            if code == "group_over_limit":
                text = self.env._(
                    "Group of %(head)s: %(text)s", head=fig["head"], text=text
                )
            return text
        if code == "on_hold":
            return self.env._(
                "Customer on credit hold: %(reason)s", reason=fig["reason"]
            )
        if code == "group_on_hold":
            return self.env._(
                "Group head %(head)s on credit hold: %(reason)s",
                head=fig["head"],
                reason=fig["reason"],
            )
        if code == "overdue_days":
            return self.env._(
                "An item is %(days)s days overdue (limit %(max)s days).",
                days=fig["days_overdue"],
                max=fig["max_days_overdue"],
            )
        if code == "overdue_amount":
            return self.env._(
                "Overdue amount %(amount)s is above %(max)s.",
                amount=money("overdue_amount"),
                max=money("max_overdue_amount"),
            )
        if code == "approved":
            return self.env._(
                "Covered by an approved credit request of %(amount)s.",
                amount=money("approved_amount"),
            )
        return code

    def _ar_credit_decision_dict(self, decision, info):
        currency = info["company"].currency_id
        return {
            "allowed": decision.allowed,
            "level": decision.level,
            "reasons": [
                {
                    "code": reason.code,
                    "message": self._ar_credit_reason_text(reason, currency),
                    "figures": {
                        key: float(value) if isinstance(value, Decimal) else value
                        for key, value in reason.figures.items()
                    },
                }
                for reason in decision.reasons
            ],
            "exposure": float(info["exposure"]),
            "exposure_after": float(decision.exposure_after),
            "limit": None if info["limit"] is None else float(info["limit"]),
            "available": None
            if decision.available is None
            else float(decision.available),
            "overdue_count": info["overdue_count"],
            "overdue_amount": float(info["overdue_amount"]),
            "currency_id": currency.id,
        }

    def _ar_credit_check(self, amount, currency=None, company=None):
        """Would a new sale of ``amount`` on credit be allowed for this customer?

        Public, server-side: sales orders, portals or imports may call it
        before confirming. ``amount`` is in ``currency`` (default: company
        currency) and converted at today's rate; ``company`` defaults to the
        current company. The customer's commercial entity is checked (its
        own limit and, for a subsidiary, its group head's limit).

        Returns a dict: ``allowed`` (bool), ``level`` ('ok' | 'warn' |
        'block'), ``reasons`` (list of ``{code, message, figures}`` with codes
        ``over_limit``, ``group_over_limit``, ``on_hold``, ``group_on_hold``,
        ``overdue_days``, ``overdue_amount``), ``exposure``,
        ``exposure_after``, ``limit`` (None: no limit), ``available``,
        ``overdue_count``, ``overdue_amount`` and ``currency_id``, all in
        company currency. A credit manager may still post a blocked invoice
        (the override is traced), or an approved ``ar.credit.approval``
        covers it.
        """
        self.ensure_one()
        company = company or self.env.company
        if as_finite_number(amount) is None:
            raise ValidationError(
                self.env._("The amount to check must be a number, e.g. 1200.50.")
            )
        if amount < 0:
            raise ValidationError(self.env._("The amount to check cannot be negative."))
        if currency and currency != company.currency_id:
            amount = currency._convert(
                amount, company.currency_id, company, fields.Date.context_today(self)
            )
        amount = to_decimal(company.currency_id.round(amount))
        ((decision, info),) = self._ar_credit_evaluate(
            company, [(self.commercial_partner_id, amount, Decimal(0))]
        )
        return self._ar_credit_decision_dict(decision, info)

    # ------------------------------------------------------------------
    # Guarded fields
    # ------------------------------------------------------------------
    def _ar_is_credit_manager(self):
        return self.env.su or self.env.user.has_group(CREDIT_MANAGER)

    def _ar_managed_fields_refused(self):
        return AccessError(
            self.env._(
                "Only credit managers can change a customer's collector, dunning "
                "policy or collection agency status."
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if (vals.get("credit_limit") or 0) < 0:
                raise ValidationError(self.env._("A credit limit cannot be negative."))
        if not self._ar_is_credit_manager() and any(
            vals.get(name) for vals in vals_list for name in MANAGED_FIELDS
        ):
            raise self._ar_managed_fields_refused()
        return super().create(vals_list)

    def _ar_changes_managed_fields(self, vals):
        """Would ``vals`` change a collector, dunning policy or agency flag?"""
        for name in MANAGED_FIELDS:
            if name not in vals:
                continue
            new = vals[name]
            if self._fields[name].type == "many2one":
                new = new.id if isinstance(new, models.BaseModel) else new or False
                if any(partner[name].id != new for partner in self):
                    return True
            elif any(bool(partner[name]) != bool(new) for partner in self):
                return True
        return False

    def write(self, vals):
        if "credit_limit" in vals and (vals["credit_limit"] or 0) < 0:
            raise ValidationError(self.env._("A credit limit cannot be negative."))
        if not self._ar_is_credit_manager():
            if self._ar_changes_managed_fields(vals):
                raise self._ar_managed_fields_refused()
            commercial = self.filtered(lambda p: p == p.commercial_partner_id)
            if "credit_limit" in vals and any(
                p.credit_limit != (vals["credit_limit"] or 0.0) for p in commercial
            ):
                raise AccessError(
                    self.env._("Only credit managers can change credit limits.")
                )
            lifting = "ar_credit_hold" in vals and not vals["ar_credit_hold"]
            if lifting and any(p.ar_credit_hold for p in self):
                raise AccessError(
                    self.env._("Only credit managers can lift a credit hold.")
                )
            if "ar_credit_policy_mode" in vals and any(
                p.ar_credit_policy_mode != vals["ar_credit_policy_mode"]
                for p in commercial
            ):
                raise AccessError(
                    self.env._("Only credit managers can change a credit policy.")
                )
        if "credit_limit" in vals and self.env.company:
            old = {p.id: p.credit_limit for p in self if p == p.commercial_partner_id}
            result = super().write(vals)
            for partner in self.filtered(lambda p: p.id in old):
                if old[partner.id] != partner.credit_limit:
                    partner.message_post(
                        body=self.env._(
                            "Credit limit in %(company)s changed from %(old)s "
                            "to %(new)s.",
                            company=self.env.company.name,
                            old=formatLang(
                                self.env,
                                old[partner.id],
                                currency_obj=self.env.company.currency_id,
                            ),
                            new=formatLang(
                                self.env,
                                partner.credit_limit,
                                currency_obj=self.env.company.currency_id,
                            ),
                        )
                    )
            return result
        return super().write(vals)

    # ------------------------------------------------------------------
    # Automatic holds
    # ------------------------------------------------------------------
    @api.model
    def _ar_cron_credit_holds(self):
        """Scheduled action: automatic credit holds from overdue items."""
        processed = self._ar_apply_credit_holds()
        self.env["ir.cron"]._commit_progress(processed, remaining=0)

    @api.model
    def _ar_apply_credit_holds(self):
        """Put on hold customers whose overdue items pass the company thresholds.

        Set-wise per company: one query for the candidates, one for their
        figures; returns the number of customers put on hold.
        """
        companies = self.env["res.company"].search(
            [
                ("ar_credit_policy_mode", "!=", "none"),
                "|",
                ("ar_credit_hold_days_overdue", ">", 0),
                ("ar_credit_hold_overdue_amount", ">", 0),
            ]
        )
        processed = 0
        for company in companies:
            partner_ids = self._ar_overdue_customer_ids(company)
            figures = self._ar_credit_raw_figures(partner_ids, company)
            to_hold = {}
            for pid in partner_ids:
                fig = figures[pid]
                reasons = credit.overdue_problems(
                    [
                        credit.OverdueItem(
                            fig["max_days_overdue"],
                            to_decimal(fig["overdue_amount"] or 0),
                        )
                    ],
                    company.ar_credit_hold_days_overdue,
                    to_decimal(company.ar_credit_hold_overdue_amount),
                )
                if reasons:
                    to_hold[pid] = reasons
            partners = self.browse(list(to_hold)).with_company(company)
            partners = partners.filtered(
                lambda p, company=company: (
                    not p.ar_credit_hold and p._ar_credit_mode(company) != "none"
                )
            )
            for partner in partners:
                text = "; ".join(
                    partner._ar_credit_reason_text(r, company.currency_id)
                    for r in to_hold[partner.id]
                )
                partner._ar_set_credit_hold(
                    True, self.env._("Automatic: %(why)s", why=text)
                )
            processed += len(partners)
        return processed

    @api.model
    def _ar_overdue_customer_ids(self, company):
        """Commercial partners of ``company`` with an overdue receivable (one query)."""
        self.env["account.move.line"].flush_model()
        rows = self.env.execute_query(
            SQL(
                """
            SELECT DISTINCT p.commercial_partner_id
              FROM account_move_line l
              JOIN res_partner p ON p.id = l.partner_id
             WHERE %s
               AND l.amount_residual > 0
               AND l.date_maturity < %s
                """,
                self.env["account.move.line"]._ar_open_receivable_sql(
                    company.root_id, alias="l"
                ),
                fields.Date.context_today(self),
            )
        )
        return [row[0] for row in rows]
