import io

import openpyxl

from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_reporting_aging import ArAgingCommon


@tagged("post_install", "-at_install")
class TestAgingInputsAndXlsx(ArAgingCommon):
    def _wizard(self, **values):
        return self.env["ar.aging.report.wizard"].create(
            {"as_of_date": "2026-05-01", **values}
        )

    def test_out_of_range_bucket_bounds_are_refused_in_words(self):
        wizard = self._wizard()
        for bounds in ("30, 2147483648", "30, 99999999999999999999", "36501"):
            wizard.bucket_bounds = bounds
            with self.subTest(bounds=bounds), self.assertRaises(UserError) as caught:
                wizard.action_show()
            self.assertIn("cannot be more than 36500 days", str(caught.exception))
        for bounds in ("-30, 60", "60, 30", "30, 30"):
            wizard.bucket_bounds = bounds
            with self.subTest(bounds=bounds), self.assertRaises(UserError) as caught:
                wizard.action_show()
            self.assertIn("positive and increasing", str(caught.exception))
        wizard.bucket_bounds = "30, 36500"
        wizard.action_show()

    def test_xlsx_has_ledger_balance_and_difference(self):
        self._invoice(self.partner_a, 1000, "2026-01-01")
        # a receivable entry without customer: in the ledger, in the aging too
        self._receipt(False, 150, "2026-02-01")
        wizard = self._wizard()
        wizard._ar_compute()
        book = openpyxl.load_workbook(io.BytesIO(wizard._ar_xlsx_content()))
        sheet = book.worksheets[0]
        header = [cell.value for cell in sheet[2]]
        total_column = header.index("Total")
        rows = {row[2]: row for row in sheet.iter_rows(values_only=True) if row[2]}
        self.assertEqual(rows["Ledger balance"][total_column], wizard.ledger_balance)
        difference = rows["Difference (ledger balance - aging total)"]
        self.assertTrue(str(difference[total_column]).startswith("="))
        self.assertEqual(wizard.ledger_balance, 850.0)
        # split per company: one more sheet with the check
        wizard.xlsx_split = "company"
        book = openpyxl.load_workbook(io.BytesIO(wizard._ar_xlsx_content()))
        check = book.worksheets[-1]
        self.assertEqual(check.title, "Ledger Check")
        values = {row[0]: row[1] for row in check.iter_rows(values_only=True)}
        self.assertEqual(values["Aging total"], wizard.aging_total)
        self.assertEqual(values["Ledger balance"], wizard.ledger_balance)

    def test_xlsx_download_ages_the_book_as_the_lines_show_it(self):
        """The download writes the lines ``_ar_compute`` would store, without
        storing them: same names (a contact without a name, items without a
        customer), order, buckets, totals and disputed parts."""
        self._invoice(self.partner_a, 1000, "2026-01-01")
        self._invoice(self.partner_b, 300, "2026-04-20", due_days=30)
        self._invoice(self.partner_b, 40, "2026-02-01")
        contact = self.env["res.partner"].create(
            {"type": "invoice", "parent_id": self.partner_a.id}
        )
        self._receipt(contact, 25, "2026-03-01")
        self._receipt(False, 150, "2026-02-01")
        for group_by in ("partner", "salesperson", "collector"):
            with self.subTest(group_by=group_by):
                wizard = self._wizard(group_by=group_by, bucket_bounds="30, 90")
                rows = list(
                    openpyxl.load_workbook(io.BytesIO(wizard._ar_xlsx_content()))
                    .worksheets[0]
                    .iter_rows(values_only=True)
                )
                self.assertFalse(wizard.line_ids)
                wizard._ar_compute()
                expected = [
                    (
                        line.company_id.name,
                        line.currency_id.name,
                        line.name,
                        line.bucket_0,
                        line.bucket_1,
                        line.bucket_2,
                        line.bucket_3,
                        line.total,
                        line.disputed,
                    )
                    for line in wizard.line_ids
                ]
                self.assertEqual(rows[2:-3], expected)
                self.assertEqual(rows[-3][7], f"=SUM(H3:H{len(expected) + 2})")
                self.assertEqual(rows[-2][7], wizard.ledger_balance)
            if group_by == "partner":
                self.assertEqual(len(expected), 4)
                self.assertIn(contact.display_name, [row[2] for row in expected])
                self.assertEqual(expected[-1][2], "Items without a customer")

    def test_xlsx_in_the_user_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self._invoice(self.partner_a, 1000, "2026-01-01")
        wizard = self._wizard().with_context(lang="fr_FR")
        sheet = openpyxl.load_workbook(
            io.BytesIO(wizard._ar_xlsx_content())
        ).worksheets[0]
        self.assertTrue(sheet["A1"].value.endswith(" 01/05/2026"), sheet["A1"].value)
        self.assertEqual(sheet["A2"].value, "Société")
        self.assertEqual(sheet["D2"].value, "Non échu")

    def test_xlsx_writes_names_as_text_not_formulas(self):
        partner = self.partner_a.copy({"name": "=1+2"})
        self._invoice(partner, 10, "2026-01-01")
        sheet = openpyxl.load_workbook(
            io.BytesIO(self._wizard()._ar_xlsx_content())
        ).worksheets[0]
        cells = [row[2] for row in sheet.iter_rows(min_row=3) if row[2].value == "=1+2"]
        self.assertEqual([cell.data_type for cell in cells], ["s"])
