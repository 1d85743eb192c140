"""Remittance advices by email: the mail alias creates an advice from the
email's body and its PDF, CSV or XLSX attachments; the bank line with the
advice's total is matched with the invoices it lists."""

from email.message import EmailMessage
from io import BytesIO

from reportlab.pdfgen import canvas

from odoo.tests import freeze_time, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


def pdf_of(lines):
    """A one-page PDF holding these lines of text, as a customer's ERP
    prints its remittance advice."""
    buffer = BytesIO()
    page = canvas.Canvas(buffer)
    for pos, text in enumerate(lines):
        page.drawString(60, 780 - 18 * pos, text)
    page.save()
    return buffer.getvalue()


@freeze_time("2026-06-15")
@tagged("post_install", "-at_install")
class TestRemittanceAdviceEmail(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.bank = cls.company_data["default_journal_bank"]
        cls.Advice = cls.env["ar.remittance.advice"]
        cls.Proposal = cls.env["ar.cash.proposal"]
        cls.partner_a.email = "payables@customer-a.example"

    def invoice(self, amount):
        return self.init_invoice(
            "out_invoice",
            partner=self.partner_a,
            invoice_date="2026-06-01",
            amounts=[amount],
            post=True,
        )

    def receive(self, body, attachments=()):
        message = EmailMessage()
        message["From"] = "Customer A Payables <payables@customer-a.example>"
        message["To"] = "remittance@example.com"
        message["Subject"] = "Avis de paiement / Remittance advice"
        message["Message-Id"] = f"<advice-{len(body)}@customer-a.example>"
        message.set_content(body)
        for name, data, subtype in attachments:
            main, sub = subtype.split("/")
            if isinstance(data, str):  # a text file in the sender's charset
                message.add_attachment(
                    data, subtype=sub, filename=name, charset="windows-1252"
                )
            else:
                message.add_attachment(data, maintype=main, subtype=sub, filename=name)
        thread_id = self.env["mail.thread"].message_process(
            "ar.remittance.advice", message.as_string()
        )
        return self.Advice.browse(thread_id)

    def st_line(self, amount, ref):
        return self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.bank.id,
                "date": "2026-06-15",
                "amount": amount,
                "payment_ref": ref,
                "partner_name": "VIREMENT SEPA",
            }
        )

    def proposal_for(self, st_line):
        self.Proposal._ar_compute_proposals(self.company)
        return self.Proposal.search([("statement_line_id", "=", st_line.id)])

    def test_alias_routes_to_remittance_advices(self):
        alias = self.env.ref("account_receivable_management.mail_alias_remittance")
        self.assertEqual(alias.alias_model_id.model, "ar.remittance.advice")

    def test_french_email_body_with_comma_decimals_and_spaces(self):
        first, second, _other = (self.invoice(a) for a in (1200.0, 345.5, 345.5))
        advice = self.receive(
            "Bonjour,\n\nVeuillez trouver notre règlement :\n\n"
            "N° facture           Montant réglé\n"
            f"{first.name}        1 200,00 €\n"
            f"{second.name}       345,50 €\n"
            "Total                1 545,50 €\n\nCordialement"
        )
        self.assertEqual(advice.partner_id, self.partner_a)
        self.assertEqual(advice.company_id, self.company)
        self.assertAlmostEqual(advice.amount_total, 1545.5)
        self.assertEqual(
            advice.advice_lines, [[first.name, "1200.00"], [second.name, "345.50"]]
        )
        st_line = self.st_line(1545.5, "VIR SEPA 0042")
        proposal = self.proposal_for(st_line)
        self.assertTrue(proposal.auto, proposal.reason)
        self.assertEqual(proposal.line_ids.move_id, first | second)
        self.assertEqual(advice.statement_line_id, st_line)

    def test_english_pdf_attachment_with_thousands_separators(self):
        first, second = self.invoice(1234.56), self.invoice(10000.0)
        self.invoice(11234.56)  # same total as the line: only the advice tells
        pdf = pdf_of(
            [
                "REMITTANCE ADVICE",
                "Invoice No.            Amount paid",
                f"{first.name}          1,234.56",
                f"{second.name}         10,000.00",
                "Total                  11,234.56",
            ]
        )
        advice = self.receive(
            "Please find our remittance advice attached.",
            [("advice.pdf", pdf, "application/pdf")],
        )
        self.assertAlmostEqual(advice.amount_total, 11234.56)
        self.assertEqual(
            [ref for ref, _amount in advice.advice_lines], [first.name, second.name]
        )
        st_line = self.st_line(11234.56, "PAYMENT")
        proposal = self.proposal_for(st_line)
        self.assertTrue(proposal.auto, proposal.reason)
        self.assertEqual(proposal.line_ids.move_id, first | second)

    def test_csv_attachment_french_headers(self):
        first, second = self.invoice(2500.0), self.invoice(99.9)
        sheet = (
            f"Numéro de facture;Montant payé\n{first.name};2.500,00\n"
            f"{second.name};99,90\n"
        )
        advice = self.receive(
            "Avis en pièce jointe.", [("avis.csv", sheet, "text/csv")]
        )
        self.assertAlmostEqual(advice.amount_total, 2599.9)
        proposal = self.proposal_for(self.st_line(2599.9, "REGLEMENT"))
        self.assertTrue(proposal.auto, proposal.reason)
        self.assertEqual(proposal.line_ids.move_id, first | second)

    def test_advice_for_no_bank_line_or_several_is_left_alone(self):
        first = self.invoice(700.0)
        advice = self.receive(f"Invoice {first.name} amount 700.00")
        self.st_line(650.0, "PAYMENT")
        self.Proposal._ar_compute_proposals(self.company)
        self.assertFalse(advice.statement_line_id, "no line of 700.00")
        self.st_line(700.0, "PAYMENT 1")
        self.st_line(700.0, "PAYMENT 2")
        self.Proposal._ar_compute_proposals(self.company)
        self.assertFalse(
            advice.statement_line_id, "two lines of 700.00, neither the sender's"
        )
