"""Month-end DSO as one row per snapshot and kind, for the graph.

Odoo's graph view draws one measure: with the standard and the countback DSO
as rows of a ``kind`` column, grouping by month and kind draws both lines.
The menu's action keeps the company-level snapshots (``partner_id`` empty),
the records the dashboard reads; averaging the customers' DSO in would give
another, meaningless figure.
"""

from odoo import fields, models, tools
from odoo.tools import SQL


class ArKpiDsoTrend(models.Model):
    _name = "ar.kpi.dso.trend"
    _description = "Receivables DSO Trend"
    _auto = False
    _order = "month, company_id, kind"

    month = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    kind = fields.Selection(
        [("standard", "Standard DSO"), ("countback", "Countback DSO")],
        string="DSO",
        readonly=True,
    )
    days = fields.Float(aggregator="avg", digits=(16, 1), readonly=True)
    snapshot_id = fields.Many2one("ar.kpi.snapshot", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE VIEW %s AS
            SELECT snapshot.id * 2 AS id, snapshot.id AS snapshot_id,
                   snapshot.month, snapshot.company_id, snapshot.partner_id,
                   'standard' AS kind, snapshot.dso AS days
              FROM ar_kpi_snapshot snapshot
            UNION ALL
            SELECT snapshot.id * 2 + 1, snapshot.id,
                   snapshot.month, snapshot.company_id, snapshot.partner_id,
                   'countback', snapshot.dso_countback
              FROM ar_kpi_snapshot snapshot
            """,
                SQL.identifier(self._table),
            )
        )
