"""Cash application in Odoo: the customer on the bank line after a confirmation,
bank-fee tolerance and its account, reasons in the reader's language, the
Compute Proposals dialog."""

from odoo.exceptions import ValidationError
from odoo.tests import Form, freeze_time, tagged

from .common import CashAppCase


@freeze_time("2026-06-15")
@tagged("post_install", "-at_install")
class TestCashAppConfirmation(CashAppCase):
    def test_confirmation_puts_the_customer_on_the_bank_line(self):
        invoice = self.invoice(1000.0)
        st_line = self.st_line(1000.0, invoice.name, name="SOMEONE ELSE LTD")
        self.assertFalse(st_line.partner_id)
        proposal = self.proposal_for(st_line)
        proposal.action_apply()
        self.assertTrue(st_line.is_reconciled)
        self.assertEqual(st_line.partner_id, self.partner_a)
        self.assertEqual(st_line.move_id.partner_id, self.partner_a)
        self.assertEqual(st_line.move_id.line_ids.partner_id, self.partner_a)
        self.assertEqual(invoice.payment_state, "paid")

    def test_bank_fee_tolerance_takes_the_chart_account(self):
        self.company.ar_cash_writeoff_account_id = False
        chart_account = self.company._ar_cash_writeoff_account()
        self.assertTrue(chart_account, "the chart's Bank Fees model has an account")
        invoice = self.invoice(500.0)
        st_line = self.st_line(497.5, invoice.name)
        proposal = self.proposal_for(st_line)
        self.assertTrue(proposal.auto, proposal.reason)
        self.assertEqual(proposal.line_ids.writeoff_kind, "tolerance")
        proposal.action_apply()
        fee = st_line.move_id.line_ids.filtered(
            lambda line: line.account_id == chart_account
        )
        self.assertAlmostEqual(fee.balance, 2.5)
        self.assertEqual(invoice.payment_state, "paid")

    def test_tolerance_without_account_is_refused(self):
        self.company.ar_cash_writeoff_account_id = False
        fees = self.env.ref(f"account.{self.company.id}_bank_fees_reco")
        fees.unlink()
        self.assertFalse(self.company._ar_cash_writeoff_account())
        with self.assertRaises(ValidationError):
            self.company.ar_cash_tolerance = 3.0
        self.company.ar_cash_tolerance = 0.0
        # and without an account nothing is proposed as a bank fee
        self.company.flush_recordset()
        invoice = self.invoice(500.0)
        st_line = self.st_line(497.5, invoice.name)
        proposal = self.proposal_for(st_line)
        self.assertFalse(proposal.auto)
        self.assertFalse(proposal.line_ids.writeoff_amount)

    def test_reasons_are_stored_as_codes_and_rendered_in_the_reader_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        invoice = self.invoice(1000.0)
        st_line = self.st_line(1000.0, invoice.name)
        proposal = self.proposal_for(st_line)
        self.assertEqual(
            proposal.reason_data,
            [["number", {"items": invoice.name}], ["equal", {}]],
        )
        self.assertEqual(
            proposal.reason, f"invoice number {invoice.name}; amount equal"
        )
        french = proposal.with_context(lang="fr_FR")
        french.invalidate_recordset(["reason"])
        # rendered through env._(): an untranslated term falls back to English
        self.assertIn(invoice.name, french.reason)

    def test_compute_dialog_says_what_it_will_do_then_summarises(self):
        confident = self.invoice(1000.0)
        self.invoice(199.0)
        self.invoice(199.0)
        self.st_line(1000.0, confident.name)
        self.st_line(199.0, "Abo", name=self.partner_a.name)
        self.st_line(12.34, "Interest", name="TAX OFFICE")
        action = self.env.ref(
            "account_receivable_management.ar_cash_compute_wizard_action"
        )
        self.assertEqual(action.res_model, "ar.cash.compute.wizard")
        wizard = Form(self.env["ar.cash.compute.wizard"]).save()
        self.assertEqual(wizard.bank_line_count, 3)
        self.assertEqual(wizard.state, "confirm")
        self.assertFalse(self.Proposal.search([]), "nothing computed before Compute")
        result = wizard.action_compute()
        self.assertEqual(
            (result["res_model"], result["res_id"]), (wizard._name, wizard.id)
        )
        self.assertEqual(wizard.state, "done")
        self.assertEqual(
            (
                wizard.proposal_count,
                wizard.confident_count,
                wizard.review_count,
                wizard.unmatched_count,
            ),
            (3, 1, 1, 1),
        )
        opened = wizard.action_open_proposals()
        self.assertEqual(self.Proposal.search(opened["domain"]), wizard.proposal_ids)

    def test_remittance_advice_attached_to_the_statement_line(self):
        first, second, third = (self.invoice(a) for a in (1200.0, 345.5, 345.5))
        st_line = self.st_line(1545.5, "AVIS DE PAIEMENT PAR COURRIER")
        proposal = self.proposal_for(st_line)
        self.assertFalse(proposal.auto, "two items of 345.50: no way to tell")
        advice = (
            f"N° facture;Montant réglé\n{first.name};1 200,00\n{third.name};345,50\n"
        ).encode("cp1252")
        # uploaded on the proposal: the file goes to the statement line
        attachment = self.env["ir.attachment"].create(
            {
                "name": "avis.csv",
                "raw": advice,
                "res_model": proposal._name,
                "res_id": proposal.id,
            }
        )
        proposal.advice_attachment_ids = attachment
        self.assertEqual(
            (attachment.res_model, attachment.res_id),
            ("account.bank.statement.line", st_line.id),
        )
        action = proposal.action_read_advice()
        proposal = self.Proposal.browse(action["res_id"])
        self.assertTrue(proposal.auto, proposal.reason)
        self.assertEqual(proposal.line_ids.move_id, first | third)
        self.assertEqual(proposal.advice_attachment_ids, attachment)
        proposal.action_apply()
        self.assertEqual((first | third).mapped("payment_state"), ["paid", "paid"])
        self.assertEqual(second.payment_state, "not_paid")
