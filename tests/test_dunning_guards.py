"""What a receivables clerk cannot do to a dunning run, and bad figures refused."""

from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, new_test_user, tagged
from odoo.tools import mute_logger

from .test_dunning_common import DunningCase


@tagged("post_install", "-at_install")
class TestDunningGuards(DunningCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = new_test_user(
            cls.env,
            "dunning_clerk",
            groups="account.group_account_invoice,"
            "account_receivable_management.group_ar_user",
        )
        cls.manager = new_test_user(
            cls.env,
            "dunning_manager",
            groups="account.group_account_invoice,"
            "account_receivable_management.group_ar_credit_manager",
        )

    def _clerk_preview(self, date):
        run = self.env["ar.dunning.run"].with_user(self.clerk).create({"date": date})
        run.action_preview()
        return run

    def _charged(self, partner):
        return self.env["ar.dunning.communication"].search(
            [("partner_id", "=", partner.id), ("charge_move_id", "!=", False)]
        )

    def test_clerk_cannot_set_fee_interest_or_level(self):
        """A clerk typing a fee of 12,345.67 over RPC (a plain write) is refused,
        nothing is posted; validating charges the level's own fee."""
        with freeze_time("2026-01-01"):
            self._invoice(self.partner_a, 1000.0, "2025-12-01")
        with freeze_time("2026-01-09"):
            run = self._manual_run("2026-01-09")
            run.action_validate()
        with freeze_time("2026-01-23"):
            run = self._clerk_preview("2026-01-23")
            comm = run.communication_ids
            self.assertEqual(comm.level_id, self.level2)
            line = comm.line_ids
            for record, vals in (
                (comm, {"fee_amount": 12345.67}),
                (comm, {"level_id": self.level4.id}),
                (comm, {"date": "2027-01-23"}),
                (line, {"interest_amount": 999.0}),
                (line, {"compensation_amount": 40.0}),
                (line, {"amount_due": 1e9}),
            ):
                with self.subTest(vals=vals), self.assertRaises(AccessError):
                    record.write(vals)
            with self.assertRaises(AccessError):
                self.env["ar.dunning.communication.line"].with_user(self.clerk).create(
                    {
                        "communication_id": comm.id,
                        "level_id": self.level1.id,
                        "move_line_id": line.move_line_id.id,
                        "interest_amount": 500.0,
                    }
                )
            self.assertFalse(self._charged(self.partner_a))
            run.action_validate()
            self.assertEqual(comm.charge_move_id.amount_total, 10.0)
            self.assertEqual(comm.fee_amount, 10.0)

    def test_credit_manager_may_adjust_a_fee(self):
        with freeze_time("2026-01-01"):
            self._invoice(self.partner_a, 1000.0, "2025-12-01")
        with freeze_time("2026-01-09"):
            self._manual_run("2026-01-09").action_validate()
        with freeze_time("2026-01-23"):
            run = self._clerk_preview("2026-01-23")
            run.communication_ids.with_user(self.manager).fee_amount = 5.0
            with self.assertRaises(ValidationError):
                run.communication_ids.with_user(self.manager).fee_amount = -5.0
            run.action_validate()
            self.assertEqual(run.communication_ids.charge_move_id.amount_total, 5.0)

    def test_run_dates_bounded(self):
        with freeze_time("2026-01-01"):
            self._invoice(self.partner_a, 1000.0, "2025-12-01")
        Run = self.env["ar.dunning.run"].with_user(self.clerk)
        with freeze_time("2026-01-20"):
            with self.assertRaisesRegex(ValidationError, "future"):
                Run.create({"date": "2027-01-20"})
            run = Run.create({"date": "2026-01-20"})
            run.action_preview()
            run.action_validate()
            with self.assertRaisesRegex(ValidationError, "last validated run"):
                Run.create({"date": "2026-01-10"})
            self.env.company.sudo().fiscalyear_lock_date = "2026-01-25"
        with freeze_time("2026-02-01"):
            with self.assertRaisesRegex(ValidationError, "locked"):
                Run.create({"date": "2026-01-25"})
            Run.create({"date": "2026-01-26"})

    @mute_logger("odoo.sql_db")
    def test_bad_level_and_policy_figures_refused(self):
        level_values = [
            {"fee_amount": -10},
            {"fee_amount": 1e20},
            {"min_amount_customer": -1},
            {"min_amount_item": -1},
            {"days_past_due": -5},
            {"wait_days": -1},
        ]
        for vals in level_values:
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                self.level1.write(vals)
        with self.assertRaisesRegex(ValidationError, "negative"):
            self.env["ar.dunning.level"].create(
                {
                    "policy_id": self.policy.id,
                    "sequence": 99,
                    "name": "Negative",
                    "days_past_due": -3,
                    "channel_email": False,
                }
            )
        policy_values = [
            {"interest_margin": -50},
            {"interest_fixed_rate": 5000},
            {"interest_fixed_rate": -20},
            {"compensation_amount": -40},
        ]
        for vals in policy_values:
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                self.policy.write(vals)
        # sensible figures still pass
        self.level1.write({"fee_amount": 15.0, "min_amount_item": 0.0})
        self.policy.write({"interest_margin": 10.0, "interest_fixed_rate": 12.0})

    def test_statement_in_each_items_currency(self):
        """A USD-company customer with a EUR invoice of 1,100 (rate 1.1) reads
        1,100.00 EUR on the statement, with a total per currency, not the
        company-currency 1,000.00."""
        eur = self.setup_other_currency("EUR", rates=[("2000-01-01", 1.1)])
        with freeze_time("2026-01-01"):
            self._invoice(self.partner_a, 1100.0, "2025-12-01", currency=eur)
            self._invoice(self.partner_a, 250.0, "2025-12-01")
        with freeze_time("2026-01-10"):
            today = date(2026, 1, 10)
            sections = self.partner_a._ar_statement_sections(
                self.partner_a._ar_statement_items(), today
            )
            by_currency = {s["currency"].name: s for s in sections}
            self.assertEqual(by_currency["EUR"]["total"], 1100.0)
            self.assertEqual(by_currency["USD"]["total"], 250.0)
            # aged with the aging report's buckets (over 90 split at 120)
            self.assertEqual(len(by_currency["EUR"]["buckets"]), 6)
            self.assertEqual(by_currency["EUR"]["buckets"][2], 1100.0)
            html, _kind = self.env["ir.actions.report"]._render_qweb_pdf(
                "account_receivable_management.action_report_customer_statement",
                self.partner_a.ids,
            )
            self.assertIn(b"1,100.00", html)
            self.assertNotIn(b"1,000.00", html)
            self.assertIn(b"Items in <span>EUR</span>", html)
            self.assertIn(b"91-120", html)

    def test_empty_manual_run_says_why_and_cannot_be_validated(self):
        partner_c = self.env["res.partner"].create(
            {"name": "Waiting customer", "email": "c@example.com"}
        )
        with freeze_time("2026-01-01"):
            self._invoice(self.partner_a, 100.0, "2026-01-01")
            disputed = self._invoice(self.partner_b, 300.0, "2026-01-01")
            disputed.line_ids.filtered(
                lambda l: l.account_type == "asset_receivable"
            ).ar_disputed_amount = 300.0
            self._invoice(partner_c, 100.0, "2026-01-01")
        with freeze_time("2026-01-09"):
            run = self._manual_run("2026-01-09")
            run.communication_ids.filtered(lambda c: c.partner_id != partner_c).unlink()
            run.action_validate()
        with freeze_time("2026-01-12"):
            self._cron()
            run = self._manual_run("2026-01-12")
            self.assertFalse(run.communication_ids)
            reason = run.empty_reason
            self.assertIn("1 customers were dunned today by the scheduled run", reason)
            self.assertIn("1 are waiting for their next level", reason)
            self.assertIn("1 are disputed", reason)
            with self.assertRaisesRegex(UserError, "waiting for their next level"):
                run.action_validate()
            self.assertEqual(run.state, "previewed")
