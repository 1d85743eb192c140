"""Collector and dunning effectiveness: a reporting view and the dashboard figures.

One row per event: a contact logged from the panel, a promise to pay, a
dunning communication sent, an item paid after its first reminder. Each row
carries the collector now in charge of the customer, the dunning level where
one applies, and what the customer paid within 14 days after the event.
"""

from datetime import timedelta

from odoo import api, fields, models, tools
from odoo.tools import SQL

from .ar_collection_contact import CONTACT_KINDS

WINDOW_DAYS = 14
DASHBOARD_DAYS = 90  # the dashboard's collector card looks this far back


class ArCollectionEffectiveness(models.Model):
    _name = "ar.collection.effectiveness"
    _description = "Collections Effectiveness"
    _auto = False
    _order = "date desc"

    date = fields.Date(readonly=True)
    kind = fields.Selection(
        [*CONTACT_KINDS, ("letter", "Dunning Letter"), ("payment", "Paid Item")],
        readonly=True,
    )
    user_id = fields.Many2one("res.users", string="Collector", readonly=True)
    level_id = fields.Many2one(
        "ar.dunning.level", string="Dunning Level", readonly=True
    )
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    contacts = fields.Integer(readonly=True)
    letters = fields.Integer(string="Dunning Letters", readonly=True)
    promises_made = fields.Integer(readonly=True)
    promises_kept = fields.Integer(readonly=True)
    promises_settled = fields.Integer(
        readonly=True, help="Promises kept or broken (due): the base of the kept %."
    )
    collected_14d = fields.Monetary(
        string="Collected within 14 Days",
        readonly=True,
        help="Paid by the customer in the 14 days after the contact or letter.",
    )
    days_to_payment = fields.Float(
        string="Days First Reminder to Payment", readonly=True, aggregator="avg"
    )

    def _collected_sql(self, alias):
        return SQL(
            """
            (SELECT COALESCE(SUM(apr.amount), 0)
               FROM account_partial_reconcile apr
               JOIN account_move_line d ON d.id = apr.debit_move_id
               JOIN res_partner dp ON dp.id = d.partner_id
               JOIN account_account acc ON acc.id = d.account_id
              WHERE dp.commercial_partner_id = %(alias)s.partner_id
                AND d.company_id = %(alias)s.company_id
                AND acc.account_type = 'asset_receivable'
                AND apr.max_date > %(alias)s.date
                AND apr.max_date <= %(alias)s.date + %(days)s)
            """,
            alias=SQL.identifier(alias),
            days=WINDOW_DAYS,
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(table)s AS (
                  SELECT ROW_NUMBER() OVER () AS id, e.*
                    FROM (
                      SELECT c.date, c.kind, c.user_id, NULL::int AS level_id,
                             c.partner_id, c.company_id, 1 AS contacts, 0 AS letters,
                             0 AS promises_made, 0 AS promises_kept,
                             0 AS promises_settled,
                             CASE WHEN c.reached THEN %(collected_c)s END
                                 AS collected_14d,
                             NULL::float AS days_to_payment
                        FROM ar_collection_contact c
                      UNION ALL
                      SELECT pr.create_date::date, 'promise', pr.create_uid, NULL,
                             pr.partner_id, pr.company_id, 0, 0, 1,
                             (pr.state = 'kept')::int,
                             (pr.state IN ('kept', 'broken'))::int, NULL, NULL
                        FROM ar_promise_to_pay pr
                      UNION ALL
                      SELECT dc.date, 'letter', cc.collector_id, dc.level_id,
                             dc.partner_id, dc.company_id, 0, 1, 0, 0, 0,
                             %(collected_dc)s, NULL
                        FROM ar_dunning_communication dc
                   LEFT JOIN ar_collection_customer cc
                          ON cc.partner_id = dc.partner_id
                         AND cc.company_id = dc.company_id
                       WHERE dc.state = 'done'
                      UNION ALL
                      SELECT paid.paid_on, 'payment', cc.collector_id,
                             paid.level_id, paid.partner_id, paid.company_id,
                             0, 0, 0, 0, 0, NULL,
                             (paid.paid_on - paid.first_reminder)::float
                        FROM (
                          SELECT DISTINCT ON (aml.id) aml.id,
                                 p.commercial_partner_id AS partner_id,
                                 aml.company_id, cl.level_id,
                                 cl.date AS first_reminder,
                                 (SELECT MAX(apr.max_date)
                                    FROM account_partial_reconcile apr
                                   WHERE apr.debit_move_id = aml.id) AS paid_on
                            FROM ar_dunning_communication_line cl
                            JOIN account_move_line aml ON aml.id = cl.move_line_id
                            JOIN res_partner p ON p.id = aml.partner_id
                           WHERE aml.reconciled
                             AND cl.state IN ('done', 'error')
                             AND cl.excluded IS NOT TRUE
                        ORDER BY aml.id, cl.date, cl.id
                        ) paid
                   LEFT JOIN ar_collection_customer cc
                          ON cc.partner_id = paid.partner_id
                         AND cc.company_id = paid.company_id
                       WHERE paid.paid_on >= paid.first_reminder
                    ) e
                )
                """,
                table=SQL.identifier(self._table),
                collected_c=self._collected_sql("c"),
                collected_dc=self._collected_sql("dc"),
            )
        )

    @api.model
    def ar_dashboard_figures(self, date_from=None, date_to=None):
        """Figures per collector and per dunning level for the dashboard.

        Returns ``{"collectors": [...], "levels": [...]}``; each entry has
        ``name``, ``promises_made``, ``promises_kept``, ``kept_percent`` (None
        when no promise is due yet), ``contacts``, ``letters``,
        ``collected_14d`` and ``days_to_payment`` (None without data).
        """
        domain = [("company_id", "in", self.env.companies.ids)]
        if date_from:
            domain.append(("date", ">=", date_from))
        if date_to:
            domain.append(("date", "<=", date_to))
        aggregates = [
            "promises_made:sum",
            "promises_kept:sum",
            "promises_settled:sum",
            "contacts:sum",
            "letters:sum",
            "collected_14d:sum",
            "days_to_payment:avg",
        ]

        def rows(groupby, label):
            result = []
            for (
                key,
                made,
                kept,
                settled,
                contacts,
                letters,
                collected,
                days,
            ) in self._read_group(domain, [groupby], aggregates):
                result.append(
                    {
                        "id": key.id,
                        "name": key.display_name if key else label,
                        "promises_made": made,
                        "promises_kept": kept,
                        "kept_percent": round(100.0 * kept / settled, 1)
                        if settled
                        else None,
                        "contacts": contacts,
                        "letters": letters,
                        "collected_14d": collected,
                        "days_to_payment": round(days, 1) if days else None,
                    }
                )
            return result

        return {
            "collectors": rows("user_id", self.env._("Unassigned")),
            "levels": [
                row
                for row in rows("level_id", self.env._("No level"))
                if row["id"] or row["contacts"] or row["promises_made"]
            ],
        }

    @api.model
    def ar_dashboard_collectors(self, days=DASHBOARD_DAYS):
        """The dashboard's collector card: the figures of the last ``days``
        days per collector, most collected first, each with the action opening
        its events in the pivot."""
        today = fields.Date.context_today(self)
        since = today - timedelta(days=days)
        figures = self.ar_dashboard_figures(date_from=since, date_to=today)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_receivable_management.ar_collection_effectiveness_action"
        )
        collectors = sorted(
            figures["collectors"],
            key=lambda row: (-(row["collected_14d"] or 0), row["name"]),
        )
        for row in collectors:
            row["action"] = dict(
                action,
                domain=[("user_id", "=", row["id"]), ("date", ">=", str(since))],
            )
        return {
            "days": days,
            "currency_id": self.env.company.currency_id.id,
            "collectors": collectors,
            "action": dict(action, domain=[("date", ">=", str(since))]),
        }
