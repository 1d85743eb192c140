import io
import random
from datetime import date, timedelta
from decimal import Decimal

import openpyxl

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, freeze_time, new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.account_receivable_management.engine import aging
from odoo.addons.account_receivable_management.engine.money import to_decimal
from odoo.addons.account_receivable_management.models.ar_aging_query import (
    AgingOptions,
)


class ArAgingCommon(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receivable = cls.company_data["default_account_receivable"]
        cls.bank_account = cls.company_data["default_journal_bank"].default_account_id
        cls.misc_journal = cls.company_data["default_journal_misc"]

    @classmethod
    def _invoice(
        cls, partner, amount, invoice_date, due_days=0, move_type="out_invoice", **kw
    ):
        invoice_date = fields.Date.to_date(invoice_date)
        return cls._create_invoice(
            move_type=move_type,
            partner_id=partner.id,
            invoice_date=invoice_date,
            invoice_date_due=invoice_date + timedelta(days=due_days),
            invoice_payment_term_id=False,
            invoice_line_ids=[
                Command.create(
                    {
                        "name": "Goods",
                        "quantity": 1,
                        "price_unit": amount,
                        "tax_ids": [],
                    }
                )
            ],
            post=True,
            **kw,
        )

    @classmethod
    def _receipt(cls, partner, amount, day, account=None):
        """A posted customer receipt: debit bank, credit receivable."""
        account = account or cls.receivable
        move = cls.env["account.move"].create(
            {
                "move_type": "entry",
                "date": day,
                "journal_id": cls.misc_journal.id,
                "line_ids": [
                    Command.create(
                        {
                            "account_id": cls.bank_account.id,
                            "debit": amount,
                            "name": "Bank",
                        }
                    ),
                    Command.create(
                        {
                            "account_id": account.id,
                            "credit": amount,
                            "partner_id": partner.id if partner else False,
                            "name": "Receipt",
                        }
                    ),
                ],
            }
        )
        move.action_post()
        return move.line_ids.filtered(lambda line: line.account_id == account)

    @classmethod
    def _pay(cls, invoice, amount, day):
        invoice_line = invoice.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        receipt_line = cls._receipt(
            invoice.partner_id, amount, day, account=invoice_line.account_id
        )
        (invoice_line + receipt_line).reconcile()
        return receipt_line

    def _options(self, as_of, **kw):
        return AgingOptions(
            as_of=fields.Date.to_date(as_of), company_ids=[self.env.company.id], **kw
        )

    def _aged(self, as_of, **kw):
        """{partner id or None: [bucket amounts]} from the SQL query."""
        options = self._options(as_of, **kw)
        rows = self.env["ar.aging.query"]._ar_aging_rows(options)
        pivot = aging.pivot_bucket_rows(
            rows, len(options.bounds) + 2, key_of=lambda row: row[1]
        )
        return {row.key: row.buckets for row in pivot}

    def _total(self, aged):
        return sum((sum(buckets, Decimal(0)) for buckets in aged.values()), Decimal(0))

    def _ledger(self, as_of, **kw):
        return Decimal(
            self.env["ar.aging.query"]._ar_ledger_balance(self._options(as_of, **kw))
        )


@tagged("post_install", "-at_install")
class TestArAgingQuery(ArAgingCommon):
    def test_invoice_paid_after_as_of_date_is_open_on_that_date(self):
        invoice = self._invoice(self.partner_a, 1000, "2026-01-10")
        self._pay(invoice, 1000, "2026-02-15")
        self.assertEqual(invoice.payment_state, "paid")
        before = self._aged("2026-02-01")
        # 22 days past due: bucket 1-30
        self.assertEqual(before[self.partner_a.id][1], Decimal("1000.00"))
        self.assertEqual(self._total(before), Decimal("1000.00"))
        self.assertEqual(self._aged("2026-02-15"), {})
        self.assertEqual(self._aged("2026-01-09"), {}, "not yet invoiced")

    def test_partial_payment_and_buckets_by_basis(self):
        invoice = self._invoice(self.partner_a, 500, "2026-01-01", due_days=45)
        self._pay(invoice, 120.45, "2026-02-01")
        by_due = self._aged("2026-03-01")
        # due 2026-02-15, 14 days late on 2026-03-01
        self.assertEqual(by_due[self.partner_a.id][1], Decimal("379.55"))
        by_invoice = self._aged("2026-03-01", basis=aging.BASIS_INVOICE_DATE)
        # invoiced 59 days before: 31-60
        self.assertEqual(by_invoice[self.partner_a.id][2], Decimal("379.55"))
        self.assertEqual(self._aged("2026-01-31")[self.partner_a.id][0], Decimal(500))
        custom = self._aged("2026-03-01", bounds=(10, 20))
        self.assertEqual(custom[self.partner_a.id], [0, 0, Decimal("379.55"), 0])

    def test_item_without_partner_is_its_own_line_and_totals_match_ledger(self):
        self._invoice(self.partner_a, 300, "2026-01-05")
        self._receipt(False, 50, "2026-01-06")
        aged = self._aged("2026-01-31")
        self.assertEqual(sum(aged[None]), Decimal("-50.00"))
        self.assertEqual(self._total(aged), self._ledger("2026-01-31"))
        self.assertEqual(self._total(aged), Decimal("250.00"))

    def test_filters(self):
        tag = self.env["res.partner.category"].create({"name": "Key account"})
        self.partner_b.category_id = tag
        seller = self.env.user
        self._invoice(self.partner_a, 100, "2026-01-05", invoice_user_id=False)
        self._invoice(self.partner_b, 200, "2026-01-05", invoice_user_id=seller.id)
        other = self.setup_other_currency("EUR")
        self._invoice(
            self.partner_a,
            90,
            "2026-01-05",
            currency_id=other.id,
            invoice_user_id=False,
        )
        as_of = "2026-01-20"
        self.assertEqual(
            set(self._aged(as_of, category_ids=tag.ids)), {self.partner_b.id}
        )
        self.assertEqual(
            set(self._aged(as_of, user_ids=seller.ids)), {self.partner_b.id}
        )
        self.assertEqual(
            set(self._aged(as_of, partner_ids=self.partner_a.ids)), {self.partner_a.id}
        )
        in_other = self._aged(as_of, currency_ids=other.ids)
        self.assertEqual(self._total(in_other), Decimal("45.00"), "90 EUR at rate 2")
        other_account = self.receivable.copy({"code": "121099"})
        self.assertEqual(self._aged(as_of, account_ids=other_account.ids), {})
        self.assertEqual(self._ledger(as_of, category_ids=tag.ids), Decimal("200.00"))

    def test_aging_equals_ledger_on_random_dates_after_random_payments(self):
        """Property: on any date, aging total = ledger, per partner = ORM residuals."""
        rng = random.Random(1907)
        partners = [self.partner_a, self.partner_b, self.partner_a.copy({"name": "C"})]
        start = date(2026, 1, 1)
        invoices = self.env["account.move"]
        for _index in range(28):
            day = start + timedelta(days=rng.randint(0, 150))
            move_type = "out_refund" if rng.random() < 0.1 else "out_invoice"
            invoices |= self._invoice(
                rng.choice(partners),
                rng.randint(1000, 500000) / 100,
                day,
                due_days=rng.choice([0, 15, 30, 60]),
                move_type=move_type,
            )
        for invoice in invoices.filtered(lambda m: m.move_type == "out_invoice"):
            for _payment in range(rng.choice([0, 1, 1, 2])):
                if invoice.amount_residual <= 0:
                    break
                amount = min(
                    invoice.amount_residual,
                    rng.choice(
                        [invoice.amount_residual, rng.randint(100, 200000) / 100]
                    ),
                )
                self._pay(
                    invoice, amount, invoice.date + timedelta(days=rng.randint(0, 90))
                )
        self._receipt(
            rng.choice(partners), 77.77, start + timedelta(days=40)
        )  # unapplied
        lines = self.env["account.move.line"].search(
            [
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("company_id", "=", self.env.company.id),
            ]
        )
        self.assertTrue(lines.matched_debit_ids, "the scenario reconciles partially")

        def residual_on(line, day):
            """Residual on ``day`` from the ORM, in exact decimals."""
            residual = to_decimal(line.balance)
            for partial in line.matched_debit_ids.filtered(lambda p: p.max_date <= day):
                residual += to_decimal(partial.amount)
            for partial in line.matched_credit_ids.filtered(
                lambda p: p.max_date <= day
            ):
                residual -= to_decimal(partial.amount)
            return residual

        days = [start + timedelta(days=rng.randint(-10, 270)) for _ in range(8)]
        for day in [*days, date(2030, 1, 1)]:
            aged = self._aged(day)
            self.assertEqual(self._total(aged), self._ledger(day), day)
            items = [
                aging.Item(
                    line.partner_id.id,
                    residual_on(line, day),
                    line.date_maturity,
                    line.date,
                )
                for line in lines
                if line.date <= day and residual_on(line, day)
            ]
            expected = {row.key: row.buckets for row in aging.age_items(items, day)}
            self.assertEqual(aged, expected, day)
        # far in the future the residuals are Odoo's own amount_residual
        final = self._aged(date(2030, 1, 1))
        for partner in partners:
            own = sum(
                lines.filtered(lambda l, p=partner: l.partner_id == p).mapped(
                    "amount_residual"
                )
            )
            self.assertAlmostEqual(
                float(sum(final.get(partner.id, [0]))), own, places=2
            )


@tagged("post_install", "-at_install")
class TestArAgingWizard(ArAgingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        invoice = cls._invoice(cls.partner_a, 1000, "2026-01-10")
        cls._pay(invoice, 400, "2026-01-20")
        cls._invoice(cls.partner_b, 250.5, "2026-03-01", due_days=30)
        cls.wizard = cls.env["ar.aging.report.wizard"].create(
            {"as_of_date": "2026-03-15"}
        )

    def test_lines_and_ledger_check(self):
        action = self.wizard.action_show()
        lines = self.env["ar.aging.line"].search(action["domain"])
        self.assertEqual(len(lines), 2)
        line_a = lines.filtered(lambda l: l.partner_id == self.partner_a)
        self.assertEqual(line_a.bucket_3, 600.0)  # 64 days past due: 61-90
        self.assertEqual(line_a.bucket_2, 0.0)
        line_b = lines.filtered(lambda l: l.partner_id == self.partner_b)
        self.assertEqual(line_b.bucket_0, 250.5)
        self.assertEqual(self.wizard.aging_total, 850.5)
        self.assertEqual(self.wizard.ledger_balance, 850.5)
        self.assertEqual(self.wizard.difference, 0.0)
        self.assertEqual(action["context"]["ar_bucket_labels"][2], "31-60")
        fields_info = lines.with_context(
            ar_bucket_labels=["Not due", "1-15"]
        ).fields_get(["bucket_1"], ["string"])
        self.assertEqual(fields_info["bucket_1"]["string"], "1-15")

    def test_drill_down_opens_open_items_of_the_customer(self):
        action = self.wizard.action_show()
        line_a = (
            self.env["ar.aging.line"]
            .search(action["domain"])
            .filtered(lambda l: l.partner_id == self.partner_a)
        )
        items = self.env["account.move.line"].search(
            line_a.action_open_items()["domain"]
        )
        self.assertEqual(items.partner_id, self.partner_a)
        self.assertEqual(items.move_id.move_type, "out_invoice")

    def test_group_by_salesperson(self):
        self.wizard.group_by = "salesperson"
        self.wizard._ar_compute()
        self.assertEqual(sum(self.wizard.line_ids.mapped("total")), 850.5)
        self.assertTrue(all(l.name for l in self.wizard.line_ids))

    def test_rerun_replaces_the_lines(self):
        self.wizard._ar_compute()
        first = self.wizard.line_ids
        self.assertEqual(len(first), 2)
        self.wizard.as_of_date = "2026-01-15"  # before partner B's invoice
        self.wizard._ar_compute()
        lines = self.wizard.line_ids
        self.assertEqual(len(lines), 1)
        self.assertFalse(first.exists() - lines)
        self.assertEqual(lines.partner_id, self.partner_a)
        self.assertEqual(lines.total, 1000.0)
        self.assertEqual(lines.create_uid, self.env.user)
        self.assertEqual(lines.currency_id, self.wizard.company_ids.currency_id)

    def test_bad_buckets_are_refused(self):
        self.wizard.bucket_bounds = "60, 30"
        with self.assertRaises(UserError):
            self.wizard.action_show()

    def test_bad_buckets_are_explained_in_the_user_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        wizard = self.wizard.with_context(lang="fr_FR")
        for bounds in ("60, 30", "abc", "1, 2, 3, 4, 5, 6, 7"):
            wizard.bucket_bounds = bounds
            with self.assertRaisesRegex(UserError, "^Tranches : jusqu'à 6 nombres"):
                wizard.action_show()

    def test_xlsx_opens_and_totals_match(self):
        self.wizard.xlsx_split = "company"
        self.wizard._ar_compute()
        book = openpyxl.load_workbook(io.BytesIO(self.wizard._ar_xlsx_content()))
        sheet = book.worksheets[0]
        self.assertEqual(sheet.freeze_panes, "D3")
        self.assertTrue(sheet.auto_filter.ref)
        header = [cell.value for cell in sheet[2]]
        total_column = header.index("Total") + 1
        amounts = [
            sheet.cell(row, total_column).value for row in range(3, sheet.max_row)
        ]
        self.assertAlmostEqual(sum(amounts), 850.5)
        self.assertTrue(
            sheet.cell(sheet.max_row, total_column).value.startswith("=SUM(")
        )

    def test_pdf_renders(self):
        self.wizard._ar_compute()
        content, _kind = self.env["ir.actions.report"]._render_qweb_pdf(
            "account_receivable_management.action_report_ar_aging", self.wizard.ids
        )
        self.assertIn(self.partner_a.name, content.decode())
        self.assertIn("61-90", content.decode())


@tagged("post_install", "-at_install")
@freeze_time("2026-03-15")
class TestArAgingScreen(ArAgingCommon):
    """The interactive screen: its menu, pages of customers, items, exports."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner_c = cls.partner_a.copy({"name": "Customer C"})
        invoice = cls._invoice(cls.partner_a, 1000, "2026-01-10")
        cls._pay(invoice, 400, "2026-01-20")
        cls._pay(cls._invoice(cls.partner_c, 70, "2026-01-12"), 70, "2026-03-01")
        cls._invoice(cls.partner_b, 250.5, "2026-03-01", due_days=30)
        cls._invoice(cls.partner_b, 30, "2026-02-01", due_days=10)
        cls._receipt(False, 20, "2026-02-03")
        cls.screen = cls.env["ar.aging.screen"]

    def test_menu_opens_the_interactive_screen(self):
        """The menu used to open the wizard full page, its buttons hidden in
        the footer of a form that is not a dialog."""
        menu = self.env.ref("account_receivable_management.ar_aged_receivables_menu")
        self.assertEqual(menu.action._name, "ir.actions.client")
        self.assertEqual(menu.action.tag, "ar_aged_receivables")
        wizard_action = self.env.ref(
            "account_receivable_management.ar_aging_report_wizard_action"
        )
        self.assertEqual(wizard_action.target, "new", "footer buttons need a dialog")

    def test_page_totals_and_ledger_check(self):
        data = self.screen.get_page({})
        self.assertEqual(data["as_of_date"], "2026-03-15")
        self.assertEqual(data["labels"][0], "Not due")
        lines = {line["partner_id"]: line for line in data["lines"]}
        # partner C paid in full on 2026-03-01: no line
        self.assertEqual(set(lines), {self.partner_a.id, self.partner_b.id, False})
        self.assertEqual(lines[self.partner_a.id]["buckets"][3], 600.0)
        self.assertEqual(lines[self.partner_b.id]["buckets"][0], 250.5)
        self.assertEqual(lines[self.partner_b.id]["buckets"][2], 30.0)
        self.assertEqual(lines[self.partner_b.id]["overdue"], 30.0)
        self.assertEqual(lines[False]["name"], "Items without a customer")
        self.assertEqual(lines[False]["total"], -20.0)
        totals = data["totals"]
        self.assertEqual(totals["customers"], 3)
        self.assertEqual(totals["total"], 860.5)
        self.assertEqual(totals["buckets"], [250.5, 0.0, 10.0, 600.0, 0.0, 0.0])
        self.assertEqual(totals["ledger_balance"], 860.5)
        self.assertEqual(totals["difference"], 0.0)
        # the same figures as the report wizard
        wizard = self.env["ar.aging.report.wizard"].create({"as_of_date": "2026-03-15"})
        wizard._ar_compute()
        self.assertEqual(wizard.aging_total, totals["total"])
        self.assertEqual(wizard.ledger_balance, totals["ledger_balance"])

    def test_history_and_options(self):
        """Before partner C paid, with another basis and other buckets."""
        data = self.screen.get_page(
            {
                "as_of_date": "2026-02-20",
                "basis": aging.BASIS_INVOICE_DATE,
                "bucket_bounds": "15, 45",
            }
        )
        self.assertEqual(data["labels"], ["Not due", "1-15", "16-45", "Over 45"])
        lines = {line["partner_id"]: line for line in data["lines"]}
        # invoiced 2026-01-12, 39 days before: 16-45
        self.assertEqual(lines[self.partner_c.id]["buckets"], [0.0, 0.0, 70.0, 0.0])
        self.assertEqual(data["totals"]["difference"], 0.0)
        with self.assertRaises(UserError):
            self.screen.get_page({"bucket_bounds": "60, 30"})

    def test_paging_and_order(self):
        first = self.screen.get_page({"limit": 2, "order": "total"})
        self.assertEqual(
            [line["partner_id"] for line in first["lines"]],
            [self.partner_a.id, self.partner_b.id],
        )
        second = self.screen.get_page({"limit": 2, "offset": 2, "order": "total"})
        self.assertEqual([line["partner_id"] for line in second["lines"]], [False])
        self.assertEqual(second["totals"], first["totals"], "totals of every page")
        by_overdue = self.screen.get_page({"order": "overdue", "limit": 1})
        self.assertEqual(by_overdue["lines"][0]["partner_id"], self.partner_a.id)

    def test_unfold_items_and_open_them(self):
        result = self.screen.get_items({}, self.partner_b.id)
        self.assertEqual(result["count"], 2)
        first, second = result["items"]
        self.assertEqual((first["residual"], first["bucket"]), (30.0, 2))
        self.assertEqual(first["aging_date"], "2026-02-11")
        self.assertEqual(second["residual"], 250.5)
        self.assertEqual(
            self.env["account.move"].browse(second["move_id"]).partner_id,
            self.partner_b,
        )
        without = self.screen.get_items({}, False)
        self.assertEqual([item["residual"] for item in without["items"]], [-20.0])
        action = self.screen.action_open_items({}, self.partner_a.id)
        items = self.env["account.move.line"].search(action["domain"])
        self.assertEqual(items.partner_id, self.partner_a)
        self.assertEqual(sum(items.mapped("amount_residual")), 600.0)

    def test_exports_use_the_screen_options(self):
        params = {"as_of_date": "2026-02-20", "bucket_bounds": "15, 45"}
        xlsx = self.screen.action_export(params, "xlsx")
        self.assertEqual(xlsx["type"], "ir.actions.act_url")
        wizard_id = int(xlsx["url"].rsplit("/", 1)[1])
        wizard = self.env["ar.aging.report.wizard"].browse(wizard_id)
        self.assertEqual(str(wizard.as_of_date), "2026-02-20")
        self.assertEqual(wizard.bucket_bounds, "15, 45")
        # the download ages the book with those options
        sheet = openpyxl.load_workbook(
            io.BytesIO(wizard._ar_xlsx_content())
        ).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[1][3:6], ("Not due", "1-15", "16-45"))
        total_column = rows[1].index("Total")
        self.assertEqual(sum(row[total_column] for row in rows[2:-3]), 680.0)
        pdf = self.screen.action_export(params, "pdf")
        if pdf["type"] == "ir.actions.report":
            self.assertEqual(
                pdf["report_name"], "account_receivable_management.report_ar_aging"
            )
        else:  # no wkhtmltopdf in this test run: Odoo offers to install it
            self.assertEqual(pdf["type"], "ir.actions.act_window")

    def test_only_receivables_users(self):
        """The query runs past the record rules: the model access guards it."""
        clerk = new_test_user(self.env, "ar_nobody", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.screen.with_user(clerk).get_page({})
        with self.assertRaises(AccessError):
            self.env["ar.reporting.dashboard"].with_user(clerk).get_dashboard_data()
        user = new_test_user(
            self.env,
            "ar_user",
            groups="account.group_account_invoice,"
            "account_receivable_management.group_ar_user",
        )
        self.assertEqual(
            self.screen.with_user(user).get_page({})["totals"]["total"], 860.5
        )


@tagged("post_install", "-at_install")
class TestArAgingScreenBrowser(HttpCase):
    def test_screen_renders_and_unfolds(self):
        action = self.env.ref(
            "account_receivable_management.ar_aged_receivables_action"
        )
        code = """
            const start = Date.now();
            const check = () => {
                const table = document.querySelector('.o_ar_aging_table');
                if (table && document.querySelector('.o_ar_aging_xlsx')
                        && document.querySelector('.o_ar_aging_pdf')
                        && document.querySelector('.o_ar_aging_ledger')) {
                    console.log('test successful');
                } else if (Date.now() - start > 90000) {
                    console.error('the aged receivables screen did not render');
                } else {
                    setTimeout(check, 250);
                }
            };
            check();
        """
        self.browser_js(f"/odoo/action-{action.id}", code, login="admin", timeout=180)
