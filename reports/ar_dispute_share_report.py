"""Disputed amount as a share of open receivables, per customer."""

from odoo import fields, models, tools
from odoo.tools import SQL


class ArDisputeShareReport(models.Model):
    _name = "ar.dispute.share.report"
    _description = "Disputed Share of Receivables"
    _auto = False
    _order = "amount_disputed desc"

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    amount_open = fields.Monetary(string="Open Receivables", readonly=True)
    amount_disputed = fields.Monetary(string="Disputed", readonly=True)
    disputed_share = fields.Float(
        string="Disputed Share (%)",
        readonly=True,
        aggregator="avg",
        help="Disputed amount divided by open receivables, in percent.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %s AS (
                    SELECT MIN(aml.id) AS id,
                           aml.company_id,
                           aml.company_currency_id AS currency_id,
                           aml.partner_id,
                           SUM(aml.amount_residual) AS amount_open,
                           SUM(aml.ar_disputed_amount) AS amount_disputed,
                           CASE WHEN SUM(aml.amount_residual) > 0
                                THEN 100.0 * SUM(aml.ar_disputed_amount)
                                     / SUM(aml.amount_residual)
                                ELSE 0 END AS disputed_share
                      FROM account_move_line aml
                      JOIN account_account acc ON acc.id = aml.account_id
                     WHERE aml.parent_state = 'posted'
                       AND acc.account_type = 'asset_receivable'
                       AND aml.reconciled IS NOT TRUE
                       AND aml.partner_id IS NOT NULL
                  GROUP BY aml.company_id, aml.company_currency_id, aml.partner_id
                )
                """,
                SQL.identifier(self._table),
            )
        )
