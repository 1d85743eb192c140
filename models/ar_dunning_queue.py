"""The customers a scheduled dunning run still has to process.

Any number of cron workers take batches from it at once: a worker locks the
rows it takes (``FOR UPDATE SKIP LOCKED`` through ``try_lock_for_update``), so
two workers never take the same customer, and deletes them once the customer
is done. A customer a worker could not finish (its row or the customer's was
held elsewhere, or the worker died) stays queued for the next batch.
"""

from odoo import fields, models
from odoo.tools import SQL


class ArDunningQueue(models.Model):
    _name = "ar.dunning.queue"
    _description = "Dunning Run Queue"
    _order = "partner_id, id"
    _check_company_auto = True

    run_id = fields.Many2one(
        "ar.dunning.run", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="run_id.company_id", store=True)
    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade")

    _run_partner_uniq = models.Constraint(
        "unique(run_id, partner_id)", "A customer is queued once per run."
    )

    def _ar_enqueue(self, run, partner_ids):
        """Queue ``partner_ids`` for ``run`` in one statement."""
        if not partner_ids:
            return
        self.env.execute_query(
            SQL(
                """
                INSERT INTO ar_dunning_queue (run_id, company_id, partner_id)
                SELECT %(run)s, %(company)s, unnest(%(partners)s::int[])
                ON CONFLICT DO NOTHING
                """,
                run=run.id,
                company=run.company_id.id,
                partners=list(partner_ids),
            )
        )
        self.invalidate_model()

    def _ar_claim(self, run, limit):
        """Lock the next ``limit`` queued customers of ``run`` that no other
        worker holds; return the locked queue rows."""
        pending = self.search([("run_id", "=", run.id)])
        return pending.try_lock_for_update(limit=limit)
