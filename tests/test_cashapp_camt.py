"""A camt.053.001.02 statement imported with OCA's account_statement_import_camt
is applied by our proposals. Runs only where that module is installed (it is
no dependency of ours): ``scripts/run-camt-tests``."""

import base64

from odoo.tests import freeze_time, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

ENTRY = """
            <Ntry>
                <Amt Ccy="{currency}">{amount}</Amt>
                <CdtDbtInd>CRDT</CdtDbtInd>
                <Sts>BOOK</Sts>
                <BookgDt><Dt>2026-06-15</Dt></BookgDt>
                <ValDt><Dt>2026-06-15</Dt></ValDt>
                <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd>
                </Fmly></Domn></BkTxCd>
                <NtryDtls><TxDtls>
                    <Refs><EndToEndId>{end_to_end}</EndToEndId></Refs>
                    <AmtDtls><TxAmt><Amt Ccy="{currency}">{amount}</Amt></TxAmt>
                    </AmtDtls>
                    <RltdPties>
                        <Dbtr><Nm>{payer}</Nm></Dbtr>
                        <DbtrAcct><Id><IBAN>{iban}</IBAN></Id></DbtrAcct>
                    </RltdPties>
                    <RmtInf>{remittance}</RmtInf>
                </TxDtls></NtryDtls>
            </Ntry>"""
STATEMENT = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
    <BkToCstmrStmt>
        <GrpHdr><MsgId>ARM-CAMT-1</MsgId><CreDtTm>2026-06-15T18:00:00</CreDtTm></GrpHdr>
        <Stmt>
            <Id>ARM-2026-06-15</Id>
            <CreDtTm>2026-06-15T18:00:00</CreDtTm>
            <Acct><Id><IBAN>{own_iban}</IBAN></Id><Ccy>{currency}</Ccy></Acct>
            <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp>
                <Amt Ccy="{currency}">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
                <Dt><Dt>2026-06-15</Dt></Dt></Bal>
            <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp>
                <Amt Ccy="{currency}">{total}</Amt><CdtDbtInd>CRDT</CdtDbtInd>
                <Dt><Dt>2026-06-15</Dt></Dt></Bal>{entries}
        </Stmt>
    </BkToCstmrStmt>
</Document>
"""


@freeze_time("2026-06-15")
@tagged("post_install", "-at_install", "cashapp_camt")
class TestCashAppCamt(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.camt_installed = "account.statement.import.camt.parser" in cls.env
        cls.company = cls.company_data["company"]
        cls.bank = cls.company_data["default_journal_bank"]
        own = cls.env["res.partner.bank"].create(
            {
                "acc_number": "DE02120300000000202051",
                "partner_id": cls.company.partner_id.id,
            }
        )
        cls.bank.bank_account_id = own
        cls.env["res.partner.bank"].create(
            {
                "acc_number": "FR7630006000011234567890189",
                "partner_id": cls.partner_b.id,
            }
        )

    def setUp(self):
        super().setUp()
        if not self.camt_installed:
            self.skipTest("account_statement_import_camt is not installed")

    def invoice(self, amount, partner):
        return self.init_invoice(
            "out_invoice",
            partner=partner,
            invoice_date="2026-06-01",
            amounts=[amount],
            post=True,
        )

    def test_camt053_customer_credits_are_applied(self):
        first = self.invoice(1000.0, self.partner_a)
        second = self.invoice(420.0, self.partner_a)
        by_iban = self.invoice(777.77, self.partner_b)
        currency = self.company.currency_id.name
        credits = [
            (
                "1420.00",
                "E2E-1",
                self.partner_a.name,
                "NL91ABNA0417164300",
                f"<Ustrd>{first.name} {second.name}</Ustrd>",
            ),
            (
                "777.77",
                "E2E-2",
                "SOMEBODY",
                "FR7630006000011234567890189",
                "<Ustrd>Zahlung Juni</Ustrd>",
            ),
        ]
        entries = "".join(
            ENTRY.format(
                currency=currency,
                amount=amount,
                end_to_end=end_to_end,
                payer=payer,
                iban=iban,
                remittance=remittance,
            )
            for amount, end_to_end, payer, iban, remittance in credits
        )
        xml = STATEMENT.format(
            own_iban="DE02120300000000202051",
            currency=currency,
            total="2197.77",
            entries=entries,
        )
        self.env["account.statement.import"].create(
            {
                "statement_filename": "camt053.xml",
                "statement_file": base64.b64encode(xml.encode()),
            }
        ).import_file_button()
        statement = self.env["account.bank.statement"].search(
            [("journal_id", "=", self.bank.id)], order="id desc", limit=1
        )
        self.assertEqual(len(statement.line_ids), 2)
        proposals = self.env["ar.cash.proposal"]._ar_compute_proposals(
            self.company, statement.line_ids
        )
        self.assertEqual(
            proposals.mapped("auto"), [True, True], proposals.mapped("reason")
        )
        proposals.action_apply()
        self.assertTrue(all(statement.line_ids.mapped("is_reconciled")))
        self.assertEqual(
            (first | second | by_iban).mapped("payment_state"), ["paid"] * 3
        )
        self.assertEqual(statement.line_ids.partner_id, self.partner_a | self.partner_b)
