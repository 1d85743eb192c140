import json
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from .common import ReceivablesCase


class CollectionsCase(ReceivablesCase):
    """Two customers with overdue invoices, a collector and a credit manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.today()
        cls.collector = new_test_user(
            cls.env,
            "collector",
            groups="account_receivable_management.group_ar_user",
        )
        cls.other_collector = new_test_user(
            cls.env,
            "collector2",
            groups="account_receivable_management.group_ar_user",
        )
        cls.manager = new_test_user(
            cls.env,
            "credit_manager",
            groups="account_receivable_management.group_ar_credit_manager",
        )
        cls.partner_a.write({"email": "a@example.com", "is_company": True})
        cls.partner_b.write({"email": "b@example.com", "is_company": True})
        cls.env["ar.collection.rule"].create(
            {
                "name": "Everyone",
                "collector_id": cls.collector.id,
                "company_id": cls.env.company.id,
            }
        )

    @classmethod
    def _invoice(cls, partner, amount, days_ago):
        """A posted invoice due ``days_ago`` days ago."""
        return super()._invoice(partner, amount, cls.today - timedelta(days=days_ago))

    @classmethod
    def _dunning_policy(cls, *levels):
        """A default policy with ``levels`` (values of each level), all
        mailing the standard dunning template."""
        template = cls.env.ref("account_receivable_management.mail_template_dunning")
        policy = cls.env["ar.dunning.policy"].create(
            {"name": "Policy", "is_default": True, "interest_mode": "fixed"}
        )
        return policy, cls.env["ar.dunning.level"].create(
            [
                {"policy_id": policy.id, "mail_template_id": template.id, **level}
                for level in levels
            ]
        )

    def _pay(self, move, amount):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=move.ids
        ).create({"amount": amount, "payment_date": self.today})._create_payments()

    def _row(self, partner):
        Worklist = self.env["ar.collection.customer"]
        Worklist._ar_refresh(self.env.company)
        return Worklist.search([("partner_id", "=", partner.id)])

    def _worklist(self, user=None):
        Worklist = self.env["ar.collection.customer"]
        if user:
            Worklist = Worklist.with_user(user)
        Worklist.sudo()._ar_refresh(self.env.company)
        return Worklist.search(Worklist._ar_worklist_domain())


@tagged("post_install", "-at_install")
class TestCollectionsWorklist(CollectionsCase):
    def test_ranked_with_reasons_in_words(self):
        self._invoice(self.partner_a, 48210.0, 63)
        self._invoice(self.partner_b, 300.0, 5)
        rows = self._worklist()
        self.assertEqual(rows.partner_id, self.partner_a | self.partner_b)
        self.assertEqual(rows[0].partner_id, self.partner_a, "largest, oldest first")
        self.assertGreater(rows[0].priority, rows[1].priority)
        currency = self.env.company.currency_id.name
        self.assertIn(f"{currency} 48,210 overdue 63 days", rows[0].reasons)
        self.assertIn("never contacted", rows[0].reasons)
        self.assertEqual(rows[0].overdue_amount, 48210.0)
        self.assertEqual(rows[0].collector_id, self.collector)
        fr = rows[0].with_context(lang="fr_FR")
        self.env["res.lang"]._activate_lang("fr_FR")
        self.assertTrue(fr.reasons)

    def test_broken_promise_and_grade_in_reasons(self):
        self._invoice(self.partner_a, 1000.0, 40)
        self.env["ar.promise.to.pay"].create(
            {
                "partner_id": self.partner_a.id,
                "amount": 1000.0,
                "promised_date": self.today - timedelta(days=3),
                "state": "broken",
            }
        )
        self.env["ar.credit.profile"].create(
            {"partner_id": self.partner_a.id, "grade": "D", "score": 70}
        )
        row = self._row(self.partner_a)
        self.assertEqual(row.broken_count, 1)
        self.assertIn("broken", row.reasons)
        self.assertIn("grade D", row.reasons)

    def test_future_next_action_leaves_the_list_until_that_date(self):
        self._invoice(self.partner_a, 1000.0, 30)
        row = self._row(self.partner_a)
        row.next_action_date = self.today + timedelta(days=2)
        self.assertNotIn(row, self._worklist())
        row.next_action_date = self.today
        self.assertIn(row, self._worklist())

    def test_paid_or_disputed_customer_is_not_on_the_list(self):
        move = self._invoice(self.partner_a, 1000.0, 30)
        self.assertTrue(self._worklist())
        self._receivable_line(move).ar_disputed_amount = 1000.0
        row = self._row(self.partner_a)
        self.assertEqual(row.priority, 0)
        self._receivable_line(move).ar_disputed_amount = 0
        self._pay(move, 1000.0)
        self.assertFalse(self._worklist())

    def test_assignment_rules_first_match_and_manual_override(self):
        self.env["ar.collection.rule"].search([]).sequence = 20
        self.partner_b.country_id = self.env.ref("base.fr")
        self.env["ar.collection.rule"].create(
            {
                "name": "France",
                "sequence": 1,
                "country_ids": [Command.set(self.env.ref("base.fr").ids)],
                "collector_id": self.other_collector.id,
            }
        )
        self._invoice(self.partner_a, 100.0, 10)
        self._invoice(self.partner_b, 100.0, 10)
        self.assertEqual(self._row(self.partner_b).collector_id, self.other_collector)
        row_a = self._row(self.partner_a)
        self.assertEqual(row_a.collector_id, self.collector)
        row_a.write({"manual_assignment": True, "collector_id": self.manager.id})
        self.assertEqual(self._row(self.partner_a).collector_id, self.manager)

    def test_collector_sees_own_list_manager_sees_all(self):
        self.env["ar.collection.rule"].create(
            {
                "name": "B to the other",
                "sequence": 1,
                "collector_id": self.other_collector.id,
                "salesperson_ids": [Command.set(self.manager.ids)],
            }
        )
        self.partner_b.user_id = self.manager
        self._invoice(self.partner_a, 100.0, 10)
        self._invoice(self.partner_b, 100.0, 10)
        self.assertEqual(self._worklist(self.collector).partner_id, self.partner_a)
        self.assertEqual(
            self._worklist(self.other_collector).partner_id, self.partner_b
        )
        self.assertEqual(
            self._worklist(self.manager).partner_id, self.partner_a | self.partner_b
        )

    def test_opening_the_worklist_refreshes_and_returns_my_list(self):
        self._invoice(self.partner_a, 100.0, 10)
        action = (
            self.env["ar.collection.customer"]
            .with_user(self.collector)
            .action_ar_open_worklist()
        )
        self.assertEqual(action["res_model"], "ar.collection.customer")
        self.assertTrue(
            self.env["ar.collection.customer"].search(
                [("partner_id", "=", self.partner_a.id)]
            )
        )

    def test_opening_again_refreshes_what_changed(self):
        move = self._invoice(self.partner_a, 1000.0, 30)
        Worklist = self.env["ar.collection.customer"]
        Worklist.action_ar_open_worklist()
        row = Worklist.search([("partner_id", "=", self.partner_a.id)])
        self.assertEqual(row.overdue_amount, 1000.0)
        self._pay(move, 400.0)
        self._invoice(self.partner_b, 50.0, 3)
        Worklist.action_ar_open_worklist()
        self.assertEqual(row.overdue_amount, 600.0, "a new reconciliation is seen")
        self.assertTrue(Worklist.search([("partner_id", "=", self.partner_b.id)]))

    def test_new_day_rescores_stored_rows_and_adds_what_fell_due(self):
        """The first opening of a day gathers only the customers whose ledger
        changed or whose items fell due overnight; the others are rescored
        from their stored figures (their priority and ages move)."""
        Worklist = self.env["ar.collection.customer"]
        Param = self.env["ir.config_parameter"].sudo()
        self._invoice(self.partner_a, 1000.0, 30)
        self._invoice(self.partner_a, 300.0, 1)  # fell due overnight
        self._invoice(self.partner_b, 500.0, 20)
        Worklist.action_ar_open_worklist()
        row_a, row_b = (
            Worklist.search([("partner_id", "=", partner.id)])
            for partner in (self.partner_a, self.partner_b)
        )
        self.assertEqual(row_a.overdue_amount, 1300.0)
        # as the rows stood yesterday: the 300 not yet due, ages a day younger
        key = Worklist._ar_mark_key(self.env.company)
        mark = json.loads(Param.get_param(key))
        mark["date"] = str(self.today - timedelta(days=1))
        Param.set_param(key, json.dumps(mark))
        row_a.write(
            {
                "overdue_amount": 1000.0,
                "days_overdue": 29,
                "priority": -1,
                "oldest_due_date": self.today - timedelta(days=30),
            }
        )
        # a stored figure the new day trusts (the ledger of B did not change)
        row_b.write({"open_amount": 123.0, "days_overdue": 19, "priority": -1})
        self.env.flush_all()
        Worklist.action_ar_open_worklist()
        self.assertEqual(row_a.overdue_amount, 1300.0, "what fell due is overdue")
        self.assertEqual(row_a.days_overdue, 30)
        self.assertEqual(row_b.open_amount, 123.0, "B was not gathered again")
        self.assertEqual(row_b.days_overdue, 20, "B's age moved with the day")
        self.assertGreater(row_b.priority, 0)
        self.assertGreater(row_a.priority, 0)

    def test_prediction_and_forecast_capped_by_the_ledger(self):
        old = self._invoice(self.partner_a, 500.0, 100)
        self._pay(old, 500.0)
        self._invoice(self.partner_a, 1000.0, 10)
        Worklist = self.env["ar.collection.customer"]
        Worklist._ar_store_predictions(self.env.company)
        row = Worklist.search([("partner_id", "=", self.partner_a.id)])
        self.assertGreaterEqual(row.predicted_days_late, 10)
        weeks = Worklist.ar_collection_forecast()
        self.assertEqual(len(weeks), 13)
        self.assertLessEqual(sum(w["amount"] for w in weeks), 1000.0)
