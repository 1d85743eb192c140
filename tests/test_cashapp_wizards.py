from stdnum import iso11649

from odoo import Command
from odoo.tests import freeze_time, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@freeze_time("2026-06-15")
@tagged("post_install", "-at_install")
class TestCashAppWizards(AccountTestInvoicingCommon):
    def test_mass_reconcile_previews_then_posts(self):
        old = self.init_invoice(
            "out_invoice",
            partner=self.partner_a,
            invoice_date="2026-05-01",
            amounts=[100.0],
            post=True,
        )
        new = self.init_invoice(
            "out_invoice",
            partner=self.partner_a,
            invoice_date="2026-06-01",
            amounts=[300.0],
            post=True,
        )
        refund = self.init_invoice(
            "out_refund",
            partner=self.partner_a,
            invoice_date="2026-06-05",
            amounts=[150.0],
            post=False,
        )
        refund.ref = f"Credit for {new.name}"
        refund.action_post()
        wizard = self.env["ar.mass.reconcile"].create(
            {"partner_ids": [Command.set(self.partner_a.ids)]}
        )
        wizard.action_preview()
        self.assertEqual(wizard.state, "preview")
        self.assertEqual(wizard.line_ids.debit_line_id.move_id, new)
        self.assertEqual(wizard.line_ids.rule, "reference")
        self.assertEqual(new.payment_state, "not_paid")  # preview posts nothing
        wizard.action_post()
        self.assertAlmostEqual(
            new.amount_residual, new.amount_total - refund.amount_total
        )
        self.assertEqual(refund.payment_state, "paid")
        self.assertEqual(old.payment_state, "not_paid")

    def test_receivable_check_explains_items_without_customer(self):
        self.init_invoice(
            "out_invoice",
            partner=self.partner_a,
            invoice_date="2026-06-01",
            amounts=[100.0],
            post=True,
        )
        receivable = self.company_data["default_account_receivable"]
        entry = self.env["account.move"].create(
            {
                "move_type": "entry",
                "date": "2026-06-02",
                "line_ids": [
                    Command.create({"account_id": receivable.id, "balance": 40.0}),
                    Command.create(
                        {
                            "account_id": self.company_data[
                                "default_account_revenue"
                            ].id,
                            "balance": -40.0,
                        }
                    ),
                ],
            }
        )
        entry.action_post()
        wizard = self.env["ar.receivable.check"].create({"date": "2026-06-15"})
        wizard.action_check()
        line = wizard.line_ids.filtered(lambda r: r.account_id == receivable)
        self.assertAlmostEqual(line.without_customer, 40.0)
        self.assertAlmostEqual(line.gl_balance - line.customer_balance, 40.0)
        action = line.action_open_without_customer()
        items = self.env["account.move.line"].search(action["domain"])
        self.assertEqual(items.move_id, entry)

    def test_company_option_gives_rf_references(self):
        self.env.company.ar_rf_references = True
        invoice = self.init_invoice(
            "out_invoice",
            partner=self.partner_a,
            invoice_date="2026-06-01",
            amounts=[10.0],
            post=True,
        )
        compact = invoice.payment_reference.replace(" ", "")
        self.assertTrue(iso11649.is_valid(compact), invoice.payment_reference)
        self.env.company.ar_rf_references = False
        other = self.init_invoice(
            "out_invoice",
            partner=self.partner_a,
            invoice_date="2026-06-01",
            amounts=[10.0],
            post=True,
        )
        self.assertEqual(other.payment_reference, other.name)
