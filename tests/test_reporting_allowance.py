from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .test_reporting_aging import ArAgingCommon


@tagged("post_install", "-at_install")
class TestArAllowance(ArAgingCommon):
    def _policy(self, **values):
        allowance_account = self.env["account.account"].search(
            [("code", "=", "129900"), ("company_ids", "in", self.env.company.id)]
        ) or self.env["account.account"].create(
            {"name": "Allowance", "code": "129900", "account_type": "asset_current"}
        )
        return self.env["ar.allowance.policy"].create(
            {
                "expense_account_id": self.company_data["default_account_expense"].id,
                "allowance_account_id": allowance_account.id,
                "journal_id": self.misc_journal.id,
                "allowance_date": "2026-05-01",
                **values,
            }
        )

    def test_rates_outside_0_to_100_percent_are_refused(self):
        Policy = self.env["ar.allowance.policy"]
        for rate in (150.0, -10.0, 1e9, float("nan"), float("inf")):
            with self.subTest(rate=rate):
                with self.assertRaises(ValidationError) as caught:
                    self._policy(rate_5=rate)
                self.assertIn("between 0% and 100%", str(caught.exception))
                self.assertFalse(Policy.search([]))
        policy = self._policy(rate_5=100.0)
        with self.assertRaises(ValidationError) as caught:
            policy.rate_5 = 150.0
        self.assertIn("Over 120", str(caught.exception))
        policy.invalidate_recordset()
        self.assertEqual(policy.rate_5, 100.0)

    def test_negative_specific_provision_is_refused(self):
        policy = self._policy()
        Specific = self.env["ar.allowance.specific"]
        for amount in (-500.0, float("nan"), 1e30):
            with self.subTest(amount=amount), self.assertRaises(ValidationError) as c:
                Specific.create(
                    {
                        "policy_id": policy.id,
                        "partner_id": self.partner_a.id,
                        "amount": amount,
                    }
                )
            self.assertRegex(str(c.exception), "zero or a positive|not a number")
            self.assertFalse(Specific.search([("policy_id", "=", policy.id)]))
        with self.assertRaises(ValidationError):
            policy.write(
                {
                    "specific_ids": [
                        Command.create(
                            {"partner_id": self.partner_a.id, "amount": -500}
                        )
                    ]
                }
            )

    def test_second_entry_on_the_same_date_is_refused(self):
        self._invoice(self.partner_a, 1000, "2026-01-01")
        policy = self._policy()
        move = policy.action_post_entry()
        with self.assertRaises(UserError) as caught:
            policy.action_post_entry()
        self.assertIn("already exists for 2026-05-01", str(caught.exception))
        self.assertEqual(policy.move_ids, move | move.reversal_move_ids)
        entries = self.env["account.move"].search(
            [("ref", "ilike", "allowance for doubtful"), ("state", "=", "posted")]
        )
        self.assertEqual(len(entries), 2)
        # another date is a new entry
        policy.allowance_date = "2026-05-31"
        policy.action_post_entry()
        self.assertEqual(len(policy.move_ids), 4)

    def test_entry_balanced_and_reversed_next_day(self):
        self._invoice(self.partner_a, 1000, "2026-01-01")  # 120 days late: 91-120
        self._invoice(self.partner_b, 400, "2026-05-01", due_days=30)  # not due
        allowance_account = self.env["account.account"].create(
            {"name": "Allowance", "code": "129900", "account_type": "asset_current"}
        )
        policy = self.env["ar.allowance.policy"].create(
            {
                "expense_account_id": self.company_data["default_account_expense"].id,
                "allowance_account_id": allowance_account.id,
                "journal_id": self.misc_journal.id,
                "allowance_date": "2026-05-01",
                "specific_ids": [],
            }
        )
        policy.action_compute()
        # 1000 x 25% + 400 x 0.5%
        self.assertEqual(policy.proposed_amount, 252.0)
        policy.specific_ids = [
            Command.create({"partner_id": self.partner_a.id, "amount": 900})
        ]
        move = policy.action_post_entry()
        self.assertEqual(move.state, "posted")
        self.assertEqual(sum(move.line_ids.mapped("debit")), 902.0)
        self.assertEqual(sum(move.line_ids.mapped("credit")), 902.0)
        reversal = move.reversal_move_ids
        self.assertEqual(reversal.state, "posted")
        self.assertEqual(str(reversal.date), "2026-05-02")
        self.assertEqual(
            sum(
                reversal.line_ids.filtered(
                    lambda l: l.account_id == allowance_account
                ).mapped("debit")
            ),
            902.0,
        )
        self.assertEqual(policy.move_ids, move + reversal)
