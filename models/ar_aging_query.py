"""Historical aged receivables in one set-based SQL query.

An item is a posted journal item on an ``asset_receivable`` account dated on
or before the as-of date D. Its residual on D is its balance minus the
partial reconciliations (``account.partial.reconcile``) whose ``max_date`` is
on or before D: what a payment made after D settles is still open on D. The
buckets come from :mod:`engine.aging` (``width_bucket`` thresholds), so the
database and the engine agree on every item.
"""

from dataclasses import dataclass, field
from datetime import date

from odoo import api, models
from odoo.tools import SQL

from odoo.addons.account_receivable_management.engine import aging
from odoo.addons.account_receivable_management.engine.money import to_decimal


@dataclass
class AgingOptions:
    """What to age and how: the wizard, the KPI snapshots and tests build this."""

    as_of: date
    company_ids: list
    basis: str = aging.BASIS_DUE_DATE
    bounds: tuple = aging.DEFAULT_BOUNDS
    currency_ids: list = field(default_factory=list)
    user_ids: list = field(default_factory=list)
    category_ids: list = field(default_factory=list)
    account_ids: list = field(default_factory=list)
    partner_ids: list = field(default_factory=list)


class ArAgingQuery(models.AbstractModel):
    _name = "ar.aging.query"
    _description = "Aged Receivables Query"

    @api.model
    def _ar_bucket_labels(self, bounds=aging.DEFAULT_BOUNDS):
        """Column titles of the buckets in the user's language.

        ``Not due``, ``1-30``, ..., ``Over 120`` in English; every screen and
        export titles its buckets with these.
        """
        labels = []
        for first, last in aging.bucket_spans(bounds):
            if first is None:
                labels.append(self.env._("Not due"))
            elif last is None:
                labels.append(self.env._("Over %(days)s", days=first - 1))
            else:
                labels.append(self.env._("%(first)s-%(last)s", first=first, last=last))
        return labels

    @api.model
    def _ar_item_filters(self, options):
        """WHERE conditions on ``aml`` (journal item) and ``move`` for ``options``."""
        conditions = [
            SQL("account.account_type = 'asset_receivable'"),
            SQL("aml.parent_state = 'posted'"),
            SQL("aml.date <= %s", options.as_of),
            SQL("aml.company_id = ANY(%s)", list(options.company_ids)),
        ]
        if options.currency_ids:
            conditions.append(SQL("aml.currency_id = ANY(%s)", options.currency_ids))
        if options.user_ids:
            conditions.append(SQL("move.invoice_user_id = ANY(%s)", options.user_ids))
        if options.account_ids:
            conditions.append(SQL("aml.account_id = ANY(%s)", options.account_ids))
        if options.partner_ids:
            conditions.append(SQL("aml.partner_id = ANY(%s)", options.partner_ids))
        if options.category_ids:
            conditions.append(
                SQL(
                    """EXISTS (
                        SELECT 1 FROM res_partner_res_partner_category_rel tag
                         WHERE tag.partner_id = aml.partner_id
                           AND tag.category_id = ANY(%s))""",
                    options.category_ids,
                )
            )
        return SQL(" AND ").join(conditions)

    @api.model
    def _ar_items_sql(self, options):
        """SQL of the open items on the as-of date: id, keys, residual, days."""
        if options.basis == aging.BASIS_INVOICE_DATE:
            aging_date = SQL("COALESCE(aml.invoice_date, aml.date)")
        else:
            aging_date = SQL("COALESCE(aml.date_maturity, aml.date)")
        return SQL(
            """
            WITH settled AS (
                SELECT line_id, SUM(amount) AS amount
                  FROM (
                        SELECT debit_move_id AS line_id, amount
                          FROM account_partial_reconcile
                         WHERE max_date <= %(as_of)s
                        UNION ALL
                        SELECT credit_move_id, -amount
                          FROM account_partial_reconcile
                         WHERE max_date <= %(as_of)s
                       ) partials
                 GROUP BY line_id
            )
            SELECT aml.id AS line_id,
                   aml.company_id,
                   aml.partner_id,
                   move.invoice_user_id,
                   aml.balance - COALESCE(settled.amount, 0) AS residual,
                   GREATEST(LEAST(aml.ar_disputed_amount,
                         aml.balance - COALESCE(settled.amount, 0)), 0) AS disputed,
                   %(as_of)s::date - %(aging_date)s AS days
              FROM account_move_line aml
              JOIN account_account account ON account.id = aml.account_id
              JOIN account_move move ON move.id = aml.move_id
         LEFT JOIN settled ON settled.line_id = aml.id
             WHERE %(filters)s
               AND aml.balance - COALESCE(settled.amount, 0) <> 0
            """,
            as_of=options.as_of,
            aging_date=aging_date,
            filters=self._ar_item_filters(options),
        )

    @api.model
    def _ar_aging_rows(self, options):
        """Aged residuals grouped in the database: ONE query.

        Returns tuples ``(company_id, partner_id, invoice_user_id, disputed,
        bucket_index, residual)``; ``partner_id`` is None for items without a
        partner. Feed them to ``engine.aging.pivot_bucket_rows``.
        """
        self.env["account.move.line"].flush_model()
        self.env["account.partial.reconcile"].flush_model()
        self.env["account.move"].flush_model(["state", "invoice_user_id"])
        query = SQL(
            """
            WITH items AS (%(items)s)
            SELECT company_id, partner_id, invoice_user_id,
                   SUM(disputed) AS disputed,
                   width_bucket(days, %(thresholds)s::int[]) AS bucket,
                   SUM(residual) AS residual
              FROM items
             GROUP BY company_id, partner_id, invoice_user_id, bucket
             ORDER BY company_id, partner_id, invoice_user_id, bucket
            """,
            items=self._ar_items_sql(options),
            thresholds=aging.sql_thresholds(options.bounds),
        )
        return self.env.execute_query(query)

    @api.model
    def _ar_open_item_ids(self, options):
        """Ids of the journal items open on the as-of date (for drill-down)."""
        self.env["account.move.line"].flush_model()
        self.env["account.partial.reconcile"].flush_model()
        query = SQL(
            "SELECT line_id FROM (%s) items ORDER BY line_id",
            self._ar_items_sql(options),
        )
        return [row[0] for row in self.env.execute_query(query)]

    @api.model
    def _ar_ledger_balance(self, options):
        """Balance (Decimal) of the receivable accounts on the as-of date."""
        self.env["account.move.line"].flush_model()
        query = SQL(
            """
            SELECT COALESCE(SUM(aml.balance), 0)
              FROM account_move_line aml
              JOIN account_account account ON account.id = aml.account_id
              JOIN account_move move ON move.id = aml.move_id
             WHERE %s
            """,
            self._ar_item_filters(options),
        )
        return to_decimal(self.env.execute_query(query)[0][0])
