from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_collections_worklist import CollectionsCase


@tagged("post_install", "-at_install")
class TestCollectionsActions(CollectionsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.move = cls._invoice(cls.partner_a, 1000.0, 30)
        cls.policy, (cls.level1, cls.level2) = cls._dunning_policy(
            {"sequence": 10, "name": "Friendly", "days_past_due": 7, "automatic": True},
            {"sequence": 20, "name": "Firm", "days_past_due": 21, "wait_days": 10},
        )

    def setUp(self):
        super().setUp()
        self.row = self._row(self.partner_a).with_user(self.collector)

    def _wizard(self, action, **values):
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.collector)
            .with_context(action["context"])
            .create(values)
        )
        return wizard

    def _last_message(self):
        return self.row.message_ids[:1].preview

    def test_call_outcomes_move_the_next_action(self):
        cases = [
            ("no_answer", {}, self.today + timedelta(days=1), False),
            ("paid", {}, self.today + timedelta(days=3), True),
            ("wrong_contact", {}, self.today, False),
            (
                "callback",
                {"callback_date": self.today + timedelta(days=4)},
                self.today + timedelta(days=4),
                True,
            ),
        ]
        for outcome, extra, next_date, contacted in cases:
            self.row.sudo().last_contact_date = False
            wizard = self._wizard(
                self.row.action_ar_log_call(), outcome=outcome, note="Spoke", **extra
            )
            wizard.action_confirm()
            self.assertEqual(self.row.next_action_date, next_date, outcome)
            self.assertEqual(bool(self.row.last_contact_date), contacted, outcome)
            self.assertIn("Call:", self._last_message())

    def test_callback_without_date_is_refused(self):
        wizard = self._wizard(self.row.action_ar_log_call(), outcome="callback")
        with self.assertRaisesRegex(UserError, "date to call back"):
            wizard.action_confirm()

    def test_record_promise_reuses_promise_to_pay(self):
        promised = self.today + timedelta(days=10)
        wizard = self._wizard(
            self.row.action_ar_record_promise(),
            promise_amount=600.0,
            promise_date=promised,
            move_line_ids=[Command.set(self._receivable_line(self.move).ids)],
        )
        self.assertEqual(wizard.outcome, "promise")
        wizard.action_confirm()
        promise = self.env["ar.promise.to.pay"].search(
            [("partner_id", "=", self.partner_a.id)]
        )
        self.assertEqual((promise.amount, promise.promised_date), (600.0, promised))
        self.assertEqual(self.row.next_action_date, promised + timedelta(days=1))
        self.assertIn("Promise to pay", self._last_message())
        self.assertEqual(self._row(self.partner_a).promised_amount, 600.0)

    def test_promise_in_the_past_is_refused(self):
        wizard = self._wizard(
            self.row.action_ar_record_promise(),
            promise_amount=10.0,
            promise_date=self.today - timedelta(days=1),
        )
        with self.assertRaisesRegex(UserError, "promised date"):
            wizard.action_confirm()

    def test_open_dispute_on_selected_items(self):
        wizard = self._wizard(
            self.row.action_ar_open_dispute(),
            move_line_ids=[Command.set(self._receivable_line(self.move).ids)],
            note="Damaged goods",
        )
        action = wizard.action_confirm()
        case = self.env["ar.dispute"].browse(action["res_id"])
        self.assertEqual(case.line_ids.move_id, self.move)
        self.assertEqual(self._receivable_line(self.move).ar_disputed_amount, 1000.0)
        self.assertIn(case.name, self._last_message())
        self.assertEqual(self._row(self.partner_a).priority, 0)

    def test_send_reminder_now_at_chosen_level(self):
        wizard = self._wizard(
            self.row.action_ar_send_reminder(), level_id=self.level2.id
        )
        self.assertEqual(wizard.policy_id, self.policy)
        wizard.action_send()
        comm = self.env["ar.dunning.communication"].search(
            [("partner_id", "=", self.partner_a.id)]
        )
        self.assertEqual((comm.level_id, comm.state), (self.level2, "done"))
        self.assertEqual(self.row.next_action_date, self.today + timedelta(days=10))
        self.assertIn("Firm", self._last_message())

    def test_send_statement(self):
        self.row.action_ar_send_statement()
        message = self.partner_a.message_ids.filtered(
            lambda m: m.attachment_ids and m.partner_ids == self.partner_a
        )
        self.assertTrue(message)
        self.assertIn("Statement", self._last_message())
        self.partner_a.email = False
        with self.assertRaisesRegex(UserError, "no email"):
            self.row.action_ar_send_statement()

    def test_escalate_to_credit_manager(self):
        wizard = self._wizard(
            self.row.action_ar_escalate(),
            target="manager",
            user_id=self.manager.id,
            note="Large and silent",
        )
        wizard.action_escalate()
        self.assertEqual(self.row.escalation, "manager")
        self.assertEqual(self.row.activity_ids.user_id, self.manager)
        self.assertIn("Escalated", self._last_message())

    def test_escalate_to_legal_freezes_items(self):
        wizard = self._wizard(
            self.row.action_ar_escalate(), target="legal", note="Agency"
        )
        wizard.action_escalate()
        self.assertTrue(self._receivable_line(self.move).no_followup)
        self.assertTrue(self.partner_a.ar_collection_agency)
        self.assertEqual(self.row.escalation, "legal")
        self.assertNotIn(self.row, self._worklist())
        run = self.env["ar.dunning.run"].create({})
        self.assertFalse(run._ar_plan([self.partner_a.id]), "frozen: not dunned")

    def test_panel_shows_items_timeline_and_contacts(self):
        self.env["res.partner"].create(
            {"name": "Accounts payable", "parent_id": self.partner_a.id}
        )
        self._wizard(self.row.action_ar_log_call(), outcome="paid").action_confirm()
        self.assertEqual(self.row.item_ids, self._receivable_line(self.move))
        self.assertIn("Accounts payable", self.row.contact_ids.mapped("name"))
        self.assertIn("Paid already", self.row.timeline_html)

    def test_propose_plan_opens_a_draft_with_the_open_items(self):
        action = self.row.action_ar_propose_plan()
        plan = (
            self.env["ar.payment.plan"]
            .with_user(self.collector)
            .with_context(action["context"])
            .create({})
        )
        self.assertEqual(plan.move_line_ids, self._receivable_line(self.move))
        self.assertEqual(plan.state, "draft")
