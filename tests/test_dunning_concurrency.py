"""Scheduled dunning batches taken by concurrent workers: two real transactions.

The data is committed (two cursors from the registry cannot share a test
transaction) and removed at the end.
"""

from datetime import date

from odoo import api
from odoo.modules.registry import Registry
from odoo.tests.common import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger

DAY = date(2001, 2, 3)  # a day no other test runs on


@tagged("-at_install", "post_install")
class TestDunningConcurrency(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        cls.addClassCleanup(cls._cleanup)
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            cls.company_id = env.ref("base.main_company").id
            partners = env["res.partner"].create(
                [{"name": f"Concurrent customer {n}"} for n in range(29)]
            )
            cls.partner_ids = partners.ids

    @classmethod
    def _cleanup(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            env["ar.dunning.run"].search([("date", "=", DAY)]).unlink()
            env["res.partner"].browse(cls.partner_ids).unlink()

    def _env(self, cr):
        return api.Environment(cr, api.SUPERUSER_ID, {})

    def _queued_run(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            run = env["ar.dunning.run"].create(
                {"company_id": self.company_id, "automatic": True, "date": DAY}
            )
            env["ar.dunning.queue"]._ar_enqueue(run, self.partner_ids)
            return run.id

    @mute_logger("odoo.sql_db")
    def test_one_scheduled_run_per_company_and_day(self):
        """Two workers starting the day's run at once: both looked before
        either created it; the database lets the first create it and refuses
        the second, which makes no other run."""
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            env1, env2 = self._env(cr1), self._env(cr2)
            company = env1["res.company"].browse(self.company_id)
            # worker 2's transaction starts before worker 1 commits
            self.assertFalse(env2["ar.dunning.run"].search([("date", "=", DAY)]))
            first = env1["ar.dunning.run"]._ar_scheduled_run(company, DAY)
            self.assertTrue(first)
            cr1.commit()
            second = env2["ar.dunning.run"]._ar_scheduled_run(
                env2["res.company"].browse(self.company_id), DAY
            )
            # refused by the unique index: no second run, whether or not its
            # snapshot already sees the first
            self.assertIn(second.ids, ([], first.ids))
        with self.registry.cursor() as cr:
            runs = self._env(cr)["ar.dunning.run"].search(
                [("date", "=", DAY), ("automatic", "=", True)]
            )
            self.assertEqual(len(runs), 1)
            runs.unlink()

    def test_workers_take_disjoint_batches_and_nothing_is_lost(self):
        """Worker A takes 10 customers and dies (rolls back) while worker B,
        in its own transaction at the same time, takes the next 10 and
        finishes them: B never gets A's customers, and A's stay queued for
        the next batch, which takes every one left."""
        run_id = self._queued_run()
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            env_a, env_b = self._env(cr_a), self._env(cr_b)
            rows_a = env_a["ar.dunning.queue"]._ar_claim(
                env_a["ar.dunning.run"].browse(run_id), 10
            )
            rows_b = env_b["ar.dunning.queue"]._ar_claim(
                env_b["ar.dunning.run"].browse(run_id), 10
            )
            claimed_a = set(rows_a.partner_id.ids)
            claimed_b = set(rows_b.partner_id.ids)
            self.assertEqual(len(claimed_a), 10)
            self.assertEqual(len(claimed_b), 10)
            self.assertFalse(claimed_a & claimed_b, "no customer taken twice")
            rows_b.unlink()
            cr_b.commit()
            cr_a.rollback()  # worker A died
        with self.registry.cursor() as cr:
            env = self._env(cr)
            run = env["ar.dunning.run"].browse(run_id)
            rest = env["ar.dunning.queue"]._ar_claim(run, 100)
            left = set(rest.partner_id.ids)
            self.assertEqual(len(left), 19)
            self.assertLessEqual(claimed_a, left, "the crashed batch stays queued")
            self.assertEqual(left | claimed_b, set(self.partner_ids))
            run.unlink()

    def test_two_workers_batches_at_once_then_the_run_closes(self):
        """Two workers' batches of the same run in two open transactions: the
        batches never write the run row (two first batches used to write its
        state at once, and one waited, then failed to serialize); each keeps
        its customers, and the batch that finds the queue empty closes it."""
        run_id = self._queued_run()
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            env_a, env_b = self._env(cr_a), self._env(cr_b)
            # worker B gives up at once on a row worker A holds
            cr_b.execute("SET LOCAL lock_timeout = '2s'")
            done_a, left_a = env_a["ar.dunning.run"].browse(run_id)._ar_run_batch(10)
            done_b, left_b = env_b["ar.dunning.run"].browse(run_id)._ar_run_batch(10)
            self.assertEqual((done_a, done_b), (10, 10))
            # each still sees the other's uncommitted customers: nobody closes
            self.assertEqual((left_a, left_b), (19, 19))
            cr_a.commit()
            cr_b.commit()
        with self.registry.cursor() as cr:
            run = self._env(cr)["ar.dunning.run"].browse(run_id)
            self.assertNotEqual(run.state, "done")
            self.assertEqual(run._ar_run_batch(100), (9, 0))
            self.assertEqual(run.state, "done")
            run.unlink()
