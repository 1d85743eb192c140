"""Set-ups shared by the Odoo tests of several features."""

from odoo import Command

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class ReceivablesCase(AccountTestInvoicingCommon):
    """Customer invoices due on a given day, and their receivable items."""

    @classmethod
    def _invoice(cls, partner, amount, date, move_type="out_invoice", currency=None):
        """A posted invoice of ``amount`` (one line, no tax) dated and due on
        ``date``."""
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": date,
                "invoice_date_due": date,
                "invoice_payment_term_id": False,
                "currency_id": (currency or cls.env.company.currency_id).id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Goods",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [],
                        }
                    )
                ],
            }
        )
        move.action_post()
        return move

    @classmethod
    def _receivable_line(cls, move):
        return move.line_ids.filtered(lambda l: l.account_type == "asset_receivable")


class CashAppCase(ReceivablesCase):
    """Invoices of June 2026, bank statement lines and their proposals."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.bank = cls.company_data["default_journal_bank"]
        cls.Proposal = cls.env["ar.cash.proposal"]

    def invoice(self, amount, partner=None):
        return self.init_invoice(
            "out_invoice",
            partner=partner or self.partner_a,
            invoice_date="2026-06-01",
            amounts=[amount],
            post=True,
        )

    def st_line(self, amount, ref, iban="", name=""):
        return self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.bank.id,
                "date": "2026-06-15",
                "amount": amount,
                "payment_ref": ref,
                "account_number": iban,
                "partner_name": name,
            }
        )

    def proposal_for(self, st_line):
        self.Proposal._ar_compute_proposals(self.company)
        return self.Proposal.search([("statement_line_id", "=", st_line.id)])
