from odoo.tests import tagged

from .test_reporting_aging import ArAgingCommon


@tagged("post_install", "-at_install")
class TestArAllowance(ArAgingCommon):
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
        policy.specific_ids = [(0, 0, {"partner_id": self.partner_a.id, "amount": 900})]
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
