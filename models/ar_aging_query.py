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
    without_partner: bool = False


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
    def _ar_item_filters(self, options, residual=False):
        """WHERE conditions on ``aml`` (journal item) and ``move`` for ``options``:
        the receivable items of the companies (branches included) on the
        as-of date, open ones when ``residual`` (their residual on that date)
        is given, else all (the ledger)."""
        conditions = [
            self.env["account.move.line"]._ar_open_receivable_sql(
                self.env["res.company"].browse(options.company_ids),
                as_of=options.as_of,
                residual=residual,
            )
        ]
        if options.currency_ids:
            conditions.append(SQL("aml.currency_id = ANY(%s)", options.currency_ids))
        if options.user_ids:
            conditions.append(SQL("move.invoice_user_id = ANY(%s)", options.user_ids))
        if options.account_ids:
            conditions.append(SQL("aml.account_id = ANY(%s)", options.account_ids))
        if options.partner_ids:
            conditions.append(SQL("aml.partner_id = ANY(%s)", options.partner_ids))
        if options.without_partner:
            conditions.append(SQL("aml.partner_id IS NULL"))
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
        """SQL of the items open on the as-of date: id, keys, residual, days.

        The residual on D is Odoo's ``amount_residual`` (every partial) plus
        back what the partials dated after D settled: only those are read, so
        a recent as-of date costs one pass over the items, not an aggregate of
        every reconciliation of the book.
        """
        if options.basis == aging.BASIS_INVOICE_DATE:
            aging_date = SQL("COALESCE(aml.invoice_date, aml.date)")
        else:
            aging_date = SQL("COALESCE(aml.date_maturity, aml.date)")
        residual = SQL("aml.amount_residual + COALESCE(later.amount, 0)")
        return SQL(
            """
            WITH later AS (
                SELECT line_id, SUM(amount) AS amount
                  FROM (
                        SELECT debit_move_id AS line_id, amount
                          FROM account_partial_reconcile
                         WHERE max_date > %(as_of)s
                        UNION ALL
                        SELECT credit_move_id, -amount
                          FROM account_partial_reconcile
                         WHERE max_date > %(as_of)s
                       ) partials
                 GROUP BY line_id
            )
            SELECT aml.id AS line_id,
                   aml.company_id,
                   aml.partner_id,
                   move.invoice_user_id,
                   %(residual)s AS residual,
                   GREATEST(LEAST(aml.ar_disputed_amount, %(residual)s), 0) AS disputed,
                   %(as_of)s::date - %(aging_date)s AS days
              FROM account_move_line aml
         LEFT JOIN account_move move ON move.id = aml.move_id
         LEFT JOIN later ON later.line_id = aml.id
             WHERE %(filters)s
            """,
            as_of=options.as_of,
            residual=residual,
            aging_date=aging_date,
            filters=self._ar_item_filters(options, residual),
        )

    @api.model
    def _ar_flush(self):
        self.env["account.move.line"].flush_model()
        self.env["account.partial.reconcile"].flush_model()
        self.env["account.move"].flush_model(["state", "invoice_user_id"])

    @api.model
    def _ar_partner_buckets_sql(self, options):
        """SQL of the aged amounts per customer, one row per company and customer.

        Columns ``company_id, partner_id, b0 .. bN, total, disputed`` (``b0``:
        not due); ``partner_id`` is NULL for the items without a customer.
        """
        count = len(options.bounds) + 2
        return SQL(
            """
            SELECT company_id, partner_id, %(bucket_sums)s,
                   SUM(residual) AS total, COALESCE(SUM(disputed), 0) AS disputed
              FROM (SELECT items.*,
                           width_bucket(days, %(thresholds)s::int[]) AS bucket
                      FROM (%(items)s) items) bucketed
             GROUP BY company_id, partner_id
            """,
            items=self._ar_items_sql(options),
            thresholds=aging.sql_thresholds(options.bounds),
            bucket_sums=SQL(", ").join(
                SQL(
                    "COALESCE(SUM(residual) FILTER (WHERE bucket = %s), 0) AS %s",
                    index,
                    SQL.identifier(f"b{index}"),
                )
                for index in range(count)
            ),
        )

    @api.model
    def _ar_partner_page(
        self, options, offset=0, limit=80, order="name", with_ledger=True
    ):
        """One page of customers with their buckets, and the totals: ONE query.

        ``order`` is ``name``, ``total`` or ``overdue`` (largest first).
        Returns ``{"lines": [{company_id, partner_id, name, buckets, total,
        overdue, disputed}], "totals": {buckets, total, overdue, disputed,
        ledger_balance, difference, customers}}`` with Decimal amounts; the
        ledger balance covers every item of the filters, open or settled
        (``with_ledger=False``: not read, reported equal to the total).
        """
        self._ar_flush()
        count = len(options.bounds) + 2
        columns = [SQL.identifier(f"b{index}") for index in range(count)]
        order_by = {
            "total": SQL("p.total DESC, p.partner_id"),
            "overdue": SQL("p.total - p.b0 DESC, p.partner_id"),
        }.get(order, SQL("partner.complete_name, p.partner_id NULLS LAST"))
        query = SQL(
            """
            WITH per_partner AS (%(per_partner)s),
            totals AS (
                SELECT %(bucket_totals)s, SUM(total) AS total,
                       SUM(disputed) AS disputed, (%(ledger)s) AS ledger,
                       COUNT(*) AS customers
                  FROM per_partner
            )
            SELECT totals.*, page.*
              FROM totals
         LEFT JOIN LATERAL (
                    SELECT p.company_id, p.partner_id, partner.complete_name,
                           ARRAY[%(columns)s] AS buckets, p.total, p.disputed
                      FROM per_partner p
                 LEFT JOIN res_partner partner ON partner.id = p.partner_id
                  ORDER BY %(order_by)s
                     LIMIT %(limit)s OFFSET %(offset)s
                   ) page ON TRUE
            """,
            per_partner=self._ar_partner_buckets_sql(options),
            ledger=self._ar_ledger_sql(options) if with_ledger else SQL("NULL"),
            bucket_totals=SQL(", ").join(
                SQL("COALESCE(SUM(%s), 0) AS %s", column, column) for column in columns
            ),
            columns=SQL(", ").join(SQL("p.%s", column) for column in columns),
            order_by=order_by,
            limit=limit,
            offset=offset,
        )
        # the per-customer grouping hashes in memory instead of sorting on disk
        self.env.cr.execute("SET LOCAL work_mem = '64MB'")
        rows = self.env.execute_query(query)
        first = rows[0]
        buckets = [to_decimal(amount) for amount in first[:count]]
        total, disputed = (to_decimal(v or 0) for v in first[count : count + 2])
        ledger = total if first[count + 2] is None else to_decimal(first[count + 2])
        lines = []
        for row in rows:
            company_id, partner_id, name, amounts, line_total, line_disputed = row[
                count + 4 :
            ]
            if company_id is None:
                continue
            amounts = [to_decimal(amount) for amount in amounts]
            lines.append(
                {
                    "company_id": company_id,
                    "partner_id": partner_id,
                    "name": name,
                    "buckets": amounts,
                    "total": to_decimal(line_total),
                    "overdue": to_decimal(line_total) - amounts[0],
                    "disputed": to_decimal(line_disputed),
                }
            )
        return {
            "lines": lines,
            "totals": {
                "buckets": buckets,
                "total": total,
                "overdue": total - buckets[0],
                "disputed": disputed,
                "ledger_balance": ledger,
                "difference": ledger - total,
                "customers": first[count + 3],
            },
        }

    @api.model
    def _ar_open_items(self, options, limit=None):
        """The items open on the as-of date, oldest due first, with their move.

        Returns ``(rows, count)``: rows of ``(line id, move id, move name,
        reference, date, aging date, days, bucket index, residual)``.
        """
        self._ar_flush()
        if options.basis == aging.BASIS_INVOICE_DATE:
            aging_date = SQL("COALESCE(aml.invoice_date, aml.date)")
        else:
            aging_date = SQL("COALESCE(aml.date_maturity, aml.date)")
        query = SQL(
            """
            WITH items AS (%(items)s)
            SELECT items.line_id, aml.move_id, move.name,
                   COALESCE(NULLIF(move.ref, ''), aml.name), aml.date,
                   %(aging_date)s, items.days,
                   width_bucket(items.days, %(thresholds)s::int[]),
                   items.residual, COUNT(*) OVER ()
              FROM items
              JOIN account_move_line aml ON aml.id = items.line_id
              JOIN account_move move ON move.id = aml.move_id
             ORDER BY %(aging_date)s, items.line_id
             LIMIT %(limit)s
            """,
            items=self._ar_items_sql(options),
            aging_date=aging_date,
            thresholds=aging.sql_thresholds(options.bounds),
            limit=limit,
        )
        rows = self.env.execute_query(query)
        return [row[:-1] for row in rows], rows[0][-1] if rows else 0

    @api.model
    def _ar_aging_rows(self, options):
        """Aged residuals grouped in the database: ONE query.

        Returns tuples ``(company_id, partner_id, invoice_user_id, disputed,
        bucket_index, residual)``; ``partner_id`` is None for items without a
        partner. Feed them to ``engine.aging.pivot_bucket_rows``.
        """
        self._ar_flush()
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
        self._ar_flush()
        query = SQL(
            "SELECT line_id FROM (%s) items ORDER BY line_id",
            self._ar_items_sql(options),
        )
        return [row[0] for row in self.env.execute_query(query)]

    @api.model
    def _ar_ledger_sql(self, options):
        """SQL of the balance of the receivable accounts on the as-of date."""
        return SQL(
            """
            SELECT COALESCE(SUM(aml.balance), 0)
              FROM account_move_line aml
         LEFT JOIN account_move move ON move.id = aml.move_id
             WHERE %s
            """,
            self._ar_item_filters(options),
        )

    @api.model
    def _ar_ledger_balance(self, options):
        """Balance (Decimal) of the receivable accounts on the as-of date."""
        self.env["account.move.line"].flush_model()
        return to_decimal(self.env.execute_query(self._ar_ledger_sql(options))[0][0])
