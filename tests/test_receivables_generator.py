import random
from datetime import date

from odoo.tests import freeze_time, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.account_receivable_management.tools.receivables_generator import (
    ReceivablesGenerator,
    mangle_invoice_number,
)

END = date(2026, 6, 30)
TIMING_KEYS = {"seconds", "invoices_per_second", "invoice_seconds"}


@freeze_time("2026-06-30")
@tagged("post_install", "-at_install")
class TestReceivablesGenerator(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stats = ReceivablesGenerator(cls.env, seed=7).run(
            customers=8, invoices=60, months=6, end_date=END
        )
        cls.partners = cls.env["res.partner"].search(
            [("ref", "=like", "ARG-7-%"), ("customer_rank", ">", 0)]
        )
        cls.invoices = cls.env["account.move"].search(
            [("partner_id", "in", cls.partners.ids), ("move_type", "=", "out_invoice")]
        )

    def test_invoices_posted_in_the_past(self):
        self.assertEqual(self.stats["invoices"], 60)
        self.assertEqual(len(self.invoices), 60)
        self.assertEqual(set(self.invoices.mapped("state")), {"posted"})
        self.assertLessEqual(max(self.invoices.mapped("invoice_date")), END)
        self.assertGreater(self.stats["credit_notes"], 0)
        terms = self.invoices.invoice_payment_term_id
        self.assertTrue(any(t.early_discount for t in terms))

    def test_trends_and_seasons_move_the_payment_dates(self):
        self.assertEqual(
            self.stats["customers_steady"]
            + self.stats["customers_worsening"]
            + self.stats["customers_improving"],
            8,
        )
        notes = " ".join(self.partners.mapped(lambda p: str(p.comment)))
        for word in ("worsening", "improving", "seasonal"):
            self.assertIn(word, notes, "every trend and a season, even at small scale")
        generator = ReceivablesGenerator(self.env, seed=3)
        generator.start_date = date(2025, 1, 1)
        invoice = {
            "lines": [{"maturity": date(2025, 8, 16)}],
            "date": date(2025, 7, 17),
            "open": 100.0,
            "total": 100.0,
        }

        def paid_on(customer):
            generator.rng = random.Random(11)  # the same behaviour draw
            return generator._pay_schedule(customer, invoice)[0][0]

        steady = paid_on({"profile": "late"})
        moved = paid_on({"profile": "late", "drift": 2.0, "season": {8: 20}})
        # 7.4 months after the start: 15 days later by the trend, 20 by August
        self.assertEqual((moved - steady).days, 15 + 20)
        improving = paid_on({"profile": "late", "drift": -50.0})
        self.assertEqual(improving, invoice["date"], "never before the invoice")

    def test_customers_have_profiles_vat_and_iban(self):
        self.assertEqual(self.stats["customers"], 8)
        customers = self.partners.filtered(lambda p: "-C" in p.ref)
        self.assertEqual(len(customers), 8)
        for partner in customers:
            self.assertTrue(partner.vat[:2] in ("FR", "DE", "BE"))
            self.assertTrue(partner.bank_ids)
            self.assertIn("Generated payment behaviour", partner.comment)

    def test_payments_reconciled_and_states_mixed(self):
        payments = self.env["account.payment"].search(
            [("partner_id", "in", self.partners.ids)]
        )
        self.assertEqual(len(payments), self.stats["payments"])
        self.assertTrue(payments)
        self.assertTrue(all(p.state in ("in_process", "paid") for p in payments))
        on_account = payments.filtered(lambda p: p.memo == "Payment on account")
        self.assertEqual(len(on_account), self.stats.get("payments_on_account", 0))
        self.assertTrue(all(p.is_reconciled for p in payments - on_account))
        self.assertFalse(any(p.is_reconciled for p in on_account))
        self.assertLessEqual(max(payments.mapped("date")), END)
        for invoice in self.invoices.filtered(lambda m: m.payment_state == "paid"):
            self.assertTrue(invoice.invoice_date <= max(p.date for p in payments))
        states = set(self.invoices.mapped("payment_state"))
        self.assertIn("paid", states)
        self.assertIn("partial", states)
        self.assertGreater(self.stats["invoices_partial"], 0)
        overdue = self.invoices.filtered(
            lambda m: (
                m.payment_state in ("not_paid", "partial") and m.invoice_date_due < END
            )
        )
        self.assertTrue(overdue)
        self.assertEqual(len(overdue), self.stats["invoices_overdue"])

    def test_statement_lines_left_to_match(self):
        lines = self.env["account.bank.statement.line"].search(
            [("partner_name", "!=", False), ("date", "<=", END)]
        )
        self.assertEqual(len(lines), self.stats["statement_lines"])
        self.assertTrue(lines)
        self.assertFalse(any(lines.mapped("is_reconciled")))
        for line in lines:
            self.assertTrue(line.payment_ref)
            self.assertLessEqual(len(line.partner_name), 35)
            self.assertTrue(line.partner_name.isascii())

    def test_receivable_balances_consistent(self):
        lines = self.env["account.move.line"].search(
            [
                ("partner_id", "in", self.partners.ids),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
            ]
        )
        residual = sum(lines.mapped("amount_residual"))
        # open invoices less the payments left on account, unapplied
        self.assertAlmostEqual(
            residual,
            self.stats["amount_open"] - self.stats.get("amount_on_account", 0.0),
            places=2,
        )
        self.assertAlmostEqual(sum(lines.mapped("balance")), residual, places=2)
        expected = (
            self.stats["amount_invoiced"]
            - self.stats["amount_credited"]
            - self.stats["amount_paid"]
            - self.stats.get("amount_discounts", 0.0)
        )
        self.assertAlmostEqual(expected, self.stats["amount_open"], places=2)
        self.assertAlmostEqual(sum(self.partners.mapped("credit")), residual, places=2)

    def test_same_seed_same_figures(self):
        again = ReceivablesGenerator(self.env, seed=7).run(
            customers=8, invoices=60, months=6, end_date=END
        )
        first = {k: v for k, v in self.stats.items() if k not in TIMING_KEYS}
        self.assertEqual({k: again[k] for k in first}, first)

    def test_remittance_numbers_are_messy(self):
        import random

        rng = random.Random(1)
        texts = {mangle_invoice_number(rng, "INV/2026/00042") for _i in range(60)}
        self.assertGreater(len(texts), 5)
        self.assertTrue(any(t.startswith("RF") for t in texts))
        self.assertTrue(any(t == "inv/2026/00042" for t in texts))
