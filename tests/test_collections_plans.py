import re
from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingHttpCommon

from .test_collections_worklist import CollectionsCase


@tagged("post_install", "-at_install")
class TestPaymentPlans(CollectionsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.move = cls._invoice(cls.partner_a, 900.0, 40)
        cls.policy, cls.level1 = cls._dunning_policy(
            {"sequence": 10, "name": "Friendly", "days_past_due": 7, "automatic": True}
        )

    def _plan(self, **values):
        plan = self.env["ar.payment.plan"].create(
            {
                "partner_id": self.partner_a.id,
                "move_line_ids": [Command.set(self._receivable_line(self.move).ids)],
                "instalment_count": 3,
                "first_date": self.today + timedelta(days=10),
                **values,
            }
        )
        plan.action_compute_schedule()
        return plan

    def _dunned(self):
        run = self.env["ar.dunning.run"].create({})
        return run._ar_plan([self.partner_a.id])

    def test_schedule_sums_exactly_with_interest(self):
        plan = self._plan(interest_rate=12.0)
        self.assertEqual(sum(plan.line_ids.mapped("principal")), 900.0)
        self.assertEqual(plan.line_ids.mapped("principal"), [300.0, 300.0, 300.0])
        self.assertTrue(all(line.interest > 0 for line in plan.line_ids))

    def test_agreed_interest_posted_per_instalment_when_due(self):
        income = self.env["account.account"].create(
            {"name": "Plan interest", "code": "768PLAN", "account_type": "income"}
        )
        misc = self.company_data["default_journal_misc"]
        self.policy.write({"interest_account_id": income.id, "fee_journal_id": misc.id})
        plan = self._plan(interest_rate=12.0)
        plan.action_activate()
        self.assertFalse(plan.line_ids.interest_move_id, "nothing due yet")
        first, second = plan.line_ids.sorted("date")[:2]
        plan._ar_check(first.date)
        plan._ar_check(first.date)  # the daily check again: posted once
        move = first.interest_move_id
        self.assertEqual(move.state, "posted")
        self.assertFalse(second.interest_move_id, "not earned yet")
        self.assertEqual(move.journal_id, misc)
        self.assertEqual(move.date, first.date)
        credit = move.line_ids.filtered(lambda line: line.account_id == income)
        self.assertAlmostEqual(credit.balance, -first.interest)
        debit = move.line_ids - credit
        self.assertEqual(debit.account_type, "asset_receivable")
        self.assertEqual(debit.partner_id, self.partner_a)
        self.assertEqual(debit.date_maturity, first.date)
        self.assertAlmostEqual(sum(move.line_ids.mapped("balance")), 0.0)
        self.assertIn("Agreed interest", plan.message_ids[0].body)
        self.assertIn(
            debit.id,
            self.env["account.move.line"]._ar_items_under_payment_plan(debit.ids),
            "the interest is not dunned while the plan runs",
        )
        plan.action_cancel()
        plan._ar_check(second.date)
        self.assertFalse(second.interest_move_id, "a cancelled plan earns nothing")

    def test_grace_days_belong_to_the_dunning_policy(self):
        self.policy.plan_grace_days = 12
        plan = self._plan()
        self.assertEqual(plan.grace_days, 12, "the customer's policy by default")
        own = self.policy.copy({"name": "Strict", "is_default": False})
        own.plan_grace_days = 2
        self.partner_b.ar_dunning_policy_id = own
        other = self.env["ar.payment.plan"].create({"partner_id": self.partner_b.id})
        self.assertEqual(other.grace_days, 2)
        plan.action_activate()
        first = plan.line_ids[0].date
        plan._ar_check(first + timedelta(days=12))
        self.assertEqual(plan.state, "active", "within the policy's grace")
        plan._ar_check(first + timedelta(days=13))
        self.assertEqual(plan.state, "broken")
        with self.assertRaises(ValidationError):
            self.policy.plan_grace_days = -1

    def test_kept_plan_is_not_dunned_and_snoozes_the_worklist(self):
        self.assertTrue(self._dunned())
        plan = self._plan()
        plan.action_activate()
        self.assertFalse(self._dunned(), "items under a running plan are not dunned")
        row = self._row(self.partner_a)
        self.assertEqual(
            row.next_action_date, plan.line_ids[0].date + timedelta(days=6)
        )
        self.assertNotIn(row, self._worklist())
        self._pay(self.move, 300.0)
        plan._ar_check(plan.line_ids[0].date + timedelta(days=20))
        self.assertEqual(plan.state, "active")
        self.assertTrue(plan.line_ids[0].paid)
        self._pay(self.move, 600.0)
        plan._ar_check(self.today)
        self.assertEqual(plan.state, "completed")

    def test_missed_instalment_breaks_plan_and_dunning_resumes(self):
        plan = self._plan()
        plan.action_activate()
        first = plan.line_ids[0].date
        plan._ar_check(first + timedelta(days=5))
        self.assertEqual(plan.state, "active", "within grace")
        plan._ar_check(first + timedelta(days=6))
        self.assertEqual(plan.state, "broken")
        self.assertEqual(plan.activity_ids.user_id, self.collector)
        self.assertTrue(self._dunned(), "dunning resumes")
        row = self._row(self.partner_a)
        self.assertEqual(row.broken_count, 1)
        self.assertIn("payment plan broken", row.reasons)

    def test_risk_score_counts_broken_plans(self):
        Profile = self.env["ar.credit.profile"]
        before = Profile._ar_score_company(self.env.company)
        score = before.filtered(lambda p: p.partner_id == self.partner_a).score
        plan = self._plan()
        plan.action_activate()
        plan._ar_check(plan.line_ids[0].date + timedelta(days=30))
        after = Profile._ar_score_company(self.env.company).filtered(
            lambda p: p.partner_id == self.partner_a
        )
        self.assertEqual(after.score, min(score + 15, 100))
        self.assertIn("payment plans broken", after.reasons)

    def test_cron_breaks_late_plans(self):
        plan = self._plan()
        plan.action_activate()
        cron = self.env.ref("account_receivable_management.ir_cron_ar_payment_plans")
        with (
            freeze_time(plan.line_ids[0].date + timedelta(days=10)),
            self.enter_registry_test_mode(),
        ):
            cron.method_direct_trigger()
        self.env.invalidate_all()
        self.assertEqual(plan.state, "broken")

    def test_items_in_one_running_plan_only(self):
        self._plan().action_activate()
        with self.assertRaisesRegex(UserError, "already in the running plan"):
            self._plan().action_activate()

    def test_proposal_accepted_becomes_a_promise_or_refused(self):
        plan = self._plan()
        plan.action_activate()
        Proposal = self.env["ar.payment.plan.proposal"]
        proposal = Proposal.create(
            {"plan_id": plan.id, "amount": 200.0, "date": self.today}
        )
        self.assertTrue(plan.activity_ids)
        proposal.with_user(self.collector).action_accept()
        self.assertEqual(proposal.state, "accepted")
        self.assertEqual(proposal.promise_id.amount, 200.0)
        refused = Proposal.create(
            {"plan_id": plan.id, "amount": 100.0, "date": self.today}
        )
        refused.action_refuse()
        self.assertEqual(refused.state, "refused")
        with self.assertRaisesRegex(UserError, "already answered"):
            refused.action_accept()


@tagged("post_install", "-at_install")
class TestPaymentPlanPortal(CollectionsCase, AccountTestInvoicingHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_a = new_test_user(
            cls.env,
            "portal_a",
            groups="base.group_portal",
            partner_id=cls.partner_a.id,
        )
        cls.portal_b = new_test_user(
            cls.env,
            "portal_b",
            groups="base.group_portal",
            partner_id=cls.partner_b.id,
        )
        cls.plan = cls.env["ar.payment.plan"].create(
            {
                "partner_id": cls.partner_a.id,
                "move_line_ids": [
                    Command.set(
                        cls._receivable_line(cls._invoice(cls.partner_a, 500.0, 20)).ids
                    )
                ],
                "instalment_count": 2,
                "first_date": cls.today + timedelta(days=5),
            }
        )
        cls.plan.action_activate()

    def test_customer_sees_only_his_plans(self):
        Plan = self.env["ar.payment.plan"]
        self.assertEqual(Plan.with_user(self.portal_a).search([]), self.plan)
        self.assertFalse(Plan.with_user(self.portal_b).search([]))
        with self.assertRaises(AccessError):
            self.plan.with_user(self.portal_b).read(["name"])
        self.authenticate("portal_b", "portal_b")
        response = self.url_open(f"/my/payment_plans/{self.plan.id}")
        self.assertEqual(response.status_code, 404)

    def test_customer_proposes_a_payment_in_the_portal(self):
        self.authenticate("portal_a", "portal_a")
        page = self.url_open(f"/my/payment_plans/{self.plan.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.plan.name, page.text)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open(
            f"/my/payment_plans/{self.plan.id}/propose",
            data={
                "amount": "150",
                "date": str(self.today + timedelta(days=3)),
                "csrf_token": token,
            },
        )
        self.assertEqual(response.status_code, 200)
        proposal = self.plan.proposal_ids
        self.assertEqual((proposal.amount, proposal.state), (150.0, "proposed"))
        bad = self.url_open(
            f"/my/payment_plans/{self.plan.id}/propose",
            data={"amount": "-1", "date": "", "csrf_token": token},
        )
        self.assertIn("Give an amount above zero", bad.text)
        self.assertEqual(len(self.plan.proposal_ids), 1)
