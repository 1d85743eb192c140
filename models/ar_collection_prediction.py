"""Predicted payment dates on the worklist and the cash-collection forecast.

The history of paid invoices and the open items are read in two queries per
company; the engine learns each customer's profile (and the population's) and
predicts every open item. The worklist keeps the amount-weighted predicted
delay and probability of > 30 days late per customer.
"""

import json
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.account_receivable_management.engine import payment_prediction
from odoo.addons.account_receivable_management.engine.money import to_decimal

HISTORY_DAYS = 730


class ArCollectionCustomer(models.Model):
    _inherit = "ar.collection.customer"

    @api.model
    def _ar_payment_history(self, company, since, until):
        """{customer id: [Paid]} of invoices due from ``since``, paid by ``until``."""
        rows = self.env.execute_query(
            SQL(
                """
                SELECT p.commercial_partner_id, aml.balance, aml.date_maturity,
                       MAX(apr.max_date)
                  FROM account_move_line aml
                  JOIN res_partner p ON p.id = aml.partner_id
                  JOIN account_account acc ON acc.id = aml.account_id
                  JOIN account_partial_reconcile apr ON apr.debit_move_id = aml.id
                 WHERE aml.company_id = %(company)s
                   AND aml.parent_state = 'posted'
                   AND acc.account_type = 'asset_receivable'
                   AND aml.balance > 0
                   AND aml.date_maturity >= %(since)s
              GROUP BY aml.id, p.commercial_partner_id
                HAVING MAX(apr.max_date) <= %(until)s
                   AND SUM(apr.amount) >= aml.balance
                """,
                company=company.id,
                since=since,
                until=until,
            )
        )
        history = defaultdict(list)
        for partner_id, amount, due, paid in rows:
            history[partner_id].append(
                payment_prediction.Paid(to_decimal(amount), due, paid)
            )
        return history

    @api.model
    def _ar_open_items(self, company):
        """(customer id, due date, open amount) of the open receivable debits."""
        return self.env.execute_query(
            SQL(
                """
                SELECT p.commercial_partner_id, aml.date_maturity, aml.amount_residual
                  FROM account_move_line aml
                  JOIN res_partner p ON p.id = aml.partner_id
                 WHERE %(open_items)s
                   AND aml.amount_residual > 0
                   AND aml.date_maturity IS NOT NULL
                """,
                open_items=self.env["account.move.line"]._ar_open_receivable_sql(
                    company
                ),
            )
        )

    @api.model
    def _ar_predict_company(self, company, today=None):
        """Predict every open item of ``company``: [(customer, amount, Prediction)]."""
        today = today or fields.Date.context_today(self)
        self.env.flush_all()
        history = self._ar_payment_history(
            company, today - timedelta(days=HISTORY_DAYS), today
        )
        population = payment_prediction.population(history, today)
        profiles = {}
        result = []
        for partner_id, due, amount in self._ar_open_items(company):
            if partner_id not in profiles:
                profiles[partner_id] = payment_prediction.profile(
                    history.get(partner_id, []), today
                )
            prediction = payment_prediction.predict(
                due, profiles[partner_id], population, today
            )
            result.append((partner_id, amount, prediction))
        return result

    @api.model
    def _ar_cron_predict(self):
        """Scheduled action: predicted delay per customer on every worklist."""
        companies = self.env["res.company"].search([])
        for index, company in enumerate(companies):
            self._ar_store_predictions(company)
            self.env["ir.cron"]._commit_progress(
                1, remaining=len(companies) - index - 1
            )

    @api.model
    def _ar_store_predictions(self, company):
        """Store each customer's predicted delay and the company's forecast."""
        self._ar_refresh_changed(company, full=True)
        today = fields.Date.context_today(self)
        predictions = self._ar_predict_company(company, today)
        weeks = self._ar_forecast_from(company, today, predictions)
        self.env["ir.config_parameter"].sudo().set_param(
            self._ar_forecast_key(company),
            json.dumps({"date": str(today), "weeks": weeks}, default=str),
        )
        weighted = defaultdict(lambda: [0.0, 0.0, 0.0])
        for partner_id, amount, prediction in predictions:
            figures = weighted[partner_id]
            figures[0] += amount
            figures[1] += amount * prediction.days_late
            figures[2] += amount * prediction.probability_late
        data = [
            {
                "partner_id": partner_id,
                "days": round(days / total) if total else 0,
                "probability": probability / total if total else 0.0,
            }
            for partner_id, (total, days, probability) in weighted.items()
        ]
        self.env.execute_query(
            SQL(
                """
                UPDATE ar_collection_customer c
                   SET predicted_days_late = v.days, probability_late = v.probability
                  FROM jsonb_to_recordset(%(data)s::jsonb)
                       AS v(partner_id int, days int, probability float)
                 WHERE c.partner_id = v.partner_id AND c.company_id = %(company)s
                """,
                data=json.dumps(data),
                company=company.id,
            )
        )
        self.env.invalidate_all()
        return len(data)

    def _ar_forecast_key(self, company):
        return f"account_receivable_management.collection_forecast_{company.id}"

    @api.model
    def ar_collection_forecast(self, company=None):
        """Expected receipts per week for 13 weeks, capped by the open ledger.

        Returns ``[{"week": "YYYY-MM-DD" (monday), "amount": float}]`` in
        company currency: today's figures of the daily action, else computed
        now (seconds on a large book).
        """
        company = company or self.env.company
        today = fields.Date.context_today(self)
        stored = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(self._ar_forecast_key(company))
        )
        if stored:
            data = json.loads(stored)
            if data.get("date") == str(today):
                return data["weeks"]
        predictions = self._ar_predict_company(company, today)
        return self._ar_forecast_from(company, today, predictions)

    @api.model
    def _ar_forecast_from(self, company, today, predictions):
        open_amount = self.env.execute_query(
            SQL(
                """
                SELECT COALESCE(SUM(aml.amount_residual), 0)
                  FROM account_move_line aml
                 WHERE %(open_items)s
                """,
                open_items=self.env["account.move.line"]._ar_open_receivable_sql(
                    company
                ),
            )
        )[0][0]
        weeks = payment_prediction.forecast(
            [(p.date, to_decimal(amount)) for _pid, amount, p in predictions],
            today,
            to_decimal(open_amount),
        )
        return [{"week": str(week), "amount": float(amount)} for week, amount in weeks]
