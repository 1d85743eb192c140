from datetime import date

from odoo.tests import freeze_time, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.account_receivable_management.tools.receivables_bulk import (
    BulkReceivablesGenerator,
    recompute_differences,
)
from odoo.addons.account_receivable_management.tools.receivables_generator import (
    ReceivablesGenerator,
)

END = date(2026, 6, 30)
SIZES = {"customers": 10, "invoices": 80, "months": 6, "end_date": END}
NOT_FIGURES = {
    "seconds",
    "invoices_per_second",
    "invoice_seconds",
    "bulk_write_seconds",
    "journal_items_written",
}


@freeze_time("2026-06-30")
@tagged("post_install", "-at_install")
class TestReceivablesBulk(AccountTestInvoicingCommon):
    """The bulk mode writes what the ORM generator would have posted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.orm_stats = ReceivablesGenerator(cls.env, seed=5).run(**SIZES)
        cls.generator = BulkReceivablesGenerator(cls.env, seed=5)
        cls.stats = cls.generator.run(**SIZES)
        customers = [c["id"] for c in cls.generator.customers]
        cls.moves = cls.env["account.move"].search([("partner_id", "in", customers)])
        cls.payments = cls.env["account.payment"].search(
            [("move_id", "in", cls.moves.ids)]
        )

    def test_same_figures_as_the_orm_generator(self):
        figures = {k: v for k, v in self.orm_stats.items() if k not in NOT_FIGURES}
        self.assertEqual({k: self.stats.get(k) for k in figures}, figures)
        self.assertGreater(self.stats["invoices_partial"], 0)
        self.assertGreater(self.stats["grouped_payments"], 0)
        self.assertGreater(self.stats["discount_payments"], 0)
        bulk_moves = self.moves.filtered(lambda m: not m.statement_line_id)
        self.assertEqual(self.stats["journal_items_written"], len(bulk_moves.line_ids))

    def test_orm_recomputes_nothing_different(self):
        for records in (self.moves, self.moves.line_ids, self.payments):
            with self.env.cr.savepoint() as savepoint:
                differences = recompute_differences(records)
                savepoint.rollback()
            self.env.invalidate_all()
            self.assertEqual(differences, {}, records._name)

    def test_a_wrong_row_is_caught(self):
        invoice = self.moves.filtered(
            lambda m: m.move_type == "out_invoice" and m.payment_state == "paid"
        )[:1]
        self.env.cr.execute(
            "UPDATE account_move SET payment_state = 'not_paid', "
            "amount_residual = 1.0 WHERE id = %s",
            [invoice.id],
        )
        with self.env.cr.savepoint() as savepoint:
            differences = recompute_differences(invoice)
            savepoint.rollback()
        self.assertEqual(
            differences["payment_state"], [(invoice.id, "not_paid", "paid")]
        )
        self.assertIn("amount_residual", differences)

    def test_entries_balanced_and_named_in_sequence(self):
        self.env.cr.execute(
            "SELECT move_id FROM account_move_line WHERE move_id = ANY(%s) "
            "GROUP BY move_id HAVING ROUND(SUM(balance)::numeric, 2) <> 0",
            [self.moves.ids],
        )
        self.assertEqual(self.env.cr.fetchall(), [])
        invoices = self.moves.filtered(lambda m: m.move_type == "out_invoice")
        self.assertEqual(set(invoices.mapped("state")), {"posted"})
        by_prefix = {}
        for move in invoices.sorted(lambda m: (m.date, m.id)):
            by_prefix.setdefault(move.sequence_prefix, []).append(move.sequence_number)
        for numbers in by_prefix.values():
            self.assertEqual(numbers, sorted(numbers))
            self.assertEqual(len(set(numbers)), len(numbers))
        self.assertTrue(all(m.name.startswith(m.sequence_prefix) for m in invoices))

    def test_matching_numbers_as_odoo_gives_them(self):
        lines = self.moves.line_ids.filtered("matching_number")
        self.assertTrue(lines.filtered("full_reconcile_id"))
        self.assertTrue(lines.filtered(lambda l: l.matching_number.startswith("P")))
        written = {line.id: line.matching_number for line in lines}
        lines._constrains_matching_number()
        self.env["account.partial.reconcile"]._update_matching_number(lines)
        self.env.invalidate_all()
        self.assertEqual({line.id: line.matching_number for line in lines}, written)

    def test_ledger_and_reports_read_it(self):
        partners = self.moves.partner_id
        lines = self.moves.line_ids.filtered(
            lambda l: l.account_id.account_type == "asset_receivable"
        )
        self.assertAlmostEqual(
            sum(partners.mapped("credit")), sum(lines.mapped("amount_residual")), 2
        )
        open_invoices = self.moves.filtered(
            lambda m: (
                m.move_type == "out_invoice"
                and m.payment_state in ("not_paid", "partial")
            )
        )
        self.assertAlmostEqual(
            sum(open_invoices.mapped("amount_residual")),
            self.stats["amount_open"],
            2,
        )
