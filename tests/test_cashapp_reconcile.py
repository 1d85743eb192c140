from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, freeze_time, new_test_user, tagged

from .common import CashAppCase


@freeze_time("2026-06-15")
@tagged("post_install", "-at_install")
class TestCashApplication(CashAppCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fee_account = cls.company_data["default_account_expense"]
        cls.company.write(
            {
                "ar_cash_writeoff_account_id": cls.fee_account.id,
                "ar_cash_discount_account_id": cls.fee_account.id,
                "ar_cash_tolerance": 5.0,
            }
        )
        cls.env["res.partner.bank"].create(
            {"acc_number": "DE89370400440532013000", "partner_id": cls.partner_a.id}
        )

    def assert_balanced(self, st_line):
        move = st_line.move_id
        self.assertAlmostEqual(sum(move.line_ids.mapped("balance")), 0.0)
        self.assertTrue(st_line.is_reconciled)

    def test_invoice_number_full_payment(self):
        invoice = self.invoice(1000.0)
        st_line = self.st_line(1000.0, f"Payment {invoice.name.replace('/', ' ')}")
        proposal = self.proposal_for(st_line)
        self.assertTrue(proposal.auto, proposal.reason)
        self.assertEqual(proposal.line_ids.move_id, invoice)
        proposal.action_apply()
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(proposal.state, "applied")
        self.assert_balanced(st_line)

    def test_grouped_payment_by_iban_and_undo(self):
        first, second = self.invoice(300.0), self.invoice(450.0)
        self.invoice(999.0)
        st_line = self.st_line(750.0, "Zahlung", iban="DE89 3704 0044 0532 0130 00")
        proposal = self.proposal_for(st_line)
        self.assertTrue(proposal.auto, proposal.reason)
        self.assertEqual(proposal.line_ids.move_id, first | second)
        proposal.action_apply()
        self.assertEqual((first | second).mapped("payment_state"), ["paid", "paid"])
        proposal.action_undo()
        self.assertEqual(proposal.state, "undone")
        self.assertFalse(st_line.is_reconciled)
        self.assertEqual((first | second).mapped("payment_state"), ["not_paid"] * 2)

    def test_partial_payment_and_overpayment(self):
        invoice = self.invoice(1000.0)
        st_line = self.st_line(400.0, invoice.name, iban="DE89370400440532013000")
        proposal = self.proposal_for(st_line)
        proposal.action_apply()
        self.assertEqual(invoice.payment_state, "partial")
        self.assertAlmostEqual(invoice.amount_residual, 600.0)
        over = self.st_line(650.0, invoice.name, iban="DE89370400440532013000")
        proposal = self.proposal_for(over)
        self.assertAlmostEqual(proposal.on_account, 50.0)
        proposal.action_apply()
        self.assertEqual(invoice.payment_state, "paid")
        on_account = over.move_id.line_ids.filtered(
            lambda line: (
                line.account_id.account_type == "asset_receivable"
                and not line.reconciled
            )
        )
        self.assertAlmostEqual(on_account.amount_residual, -50.0)
        self.assert_balanced(over)

    def test_bank_fee_written_off_within_tolerance(self):
        invoice = self.invoice(500.0)
        st_line = self.st_line(497.5, invoice.name)
        proposal = self.proposal_for(st_line)
        self.assertEqual(proposal.line_ids.writeoff_kind, "tolerance")
        proposal.action_apply()
        self.assertEqual(invoice.payment_state, "paid")
        fee = st_line.move_id.line_ids.filtered(
            lambda line: line.account_id == self.fee_account
        )
        self.assertAlmostEqual(fee.balance, 2.5)
        self.assert_balanced(st_line)

    def test_credit_note_netted(self):
        invoice = self.invoice(800.0)
        refund = self.init_invoice(
            "out_refund",
            partner=self.partner_a,
            invoice_date="2026-06-02",
            amounts=[100.0],
            post=True,
        )
        st_line = self.st_line(700.0, f"{invoice.name} {refund.name}")
        proposal = self.proposal_for(st_line)
        self.assertEqual(proposal.line_ids.move_id, invoice | refund)
        proposal.action_apply()
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(refund.payment_state, "paid")

    def test_nothing_to_apply_and_stale_proposal(self):
        st_line = self.st_line(12.34, "Interest Q2", name="TAX OFFICE")
        proposal = self.proposal_for(st_line)
        self.assertFalse(proposal.line_ids)
        with self.assertRaises(UserError):
            proposal.action_apply()
        invoice = self.invoice(200.0)
        st_line = self.st_line(200.0, invoice.name)
        proposal = self.proposal_for(st_line)
        proposal.action_apply()
        with self.assertRaises(UserError):
            proposal.action_apply()

    def test_learning_and_hand_picked_item(self):
        invoice = self.invoice(321.0)
        self.invoice(321.0)
        st_line = self.st_line(321.0, "thanks", iban="FR7630006000011234567890189")
        proposal = self.proposal_for(st_line)
        self.assertFalse(proposal.auto)
        proposal.write(
            {
                "partner_id": self.partner_a.id,
                "line_ids": [
                    Command.clear(),
                    Command.create(
                        {
                            "move_line_id": self._receivable_line(invoice).id,
                            "amount": 321.0,
                        }
                    ),
                ],
            }
        )
        proposal.action_apply()
        self.assertEqual(invoice.payment_state, "paid")
        mapping = self.env["ar.payer.mapping"].search(
            [("value", "=", "FR7630006000011234567890189")]
        )
        self.assertEqual(mapping.partner_id, self.partner_a)

    def test_hand_picked_items_get_what_is_left_of_the_bank_line(self):
        """Picking an item in the form fills in the amount: its residual, at
        most what the other lines left of the bank line (the onchange)."""
        first, second = self.invoice(300.0), self.invoice(400.0)
        st_line = self.st_line(500.0, "thanks", name="SOMEONE")
        proposal = self.proposal_for(st_line)
        with Form(proposal) as form:
            form.partner_id = self.partner_a
            while len(form.line_ids):
                form.line_ids.remove(0)
            for invoice in (first, second):
                with form.line_ids.new() as line:
                    line.move_line_id = self._receivable_line(invoice)
        self.assertEqual(proposal.line_ids.mapped("amount"), [300.0, 200.0])
        proposal.action_apply()
        self.assertEqual(first.payment_state, "paid")
        self.assertAlmostEqual(second.amount_residual, 200.0)
        self.assert_balanced(st_line)

    def test_order_numbers_cited_are_learned_per_customer(self):
        """Confirmed by hand, a remittance citing the customer's order number
        teaches that habit: his next payment citing another order number
        (a bank fee deducted, so no amount-only answer) is safe."""
        first, second = self.invoice(830.0), self.invoice(410.0)
        first.ref, second.ref = "PO-77120", "PO-77145"
        iban = "DE89370400440532013000"
        st_line = self.st_line(830.0, "Order 77120", iban=iban)
        proposal = self.proposal_for(st_line)
        self.assertNotIn("order number", proposal.reason)
        receivable = first.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        proposal.line_ids = [
            Command.clear(),
            Command.create({"move_line_id": receivable.id, "amount": 830.0}),
        ]
        proposal.action_apply()
        habit = self.env["ar.payer.mapping"].search([("kind", "=", "order_ref")])
        self.assertEqual((habit.value, habit.partner_id), ("PO-77120", self.partner_a))
        next_line = self.st_line(408.8, "Order 77145", iban=iban)
        proposal = self.proposal_for(next_line)
        self.assertTrue(proposal.auto, proposal.reason)
        self.assertEqual(proposal.line_ids.move_id, second)
        self.assertIn("order number PO-77145", proposal.reason)

    def test_cron_applies_only_safe(self):
        invoice = self.invoice(640.0)
        invoice.ref = "PO-55120"
        self.invoice(77.0)
        self.invoice(77.0)
        new_iban = "FR7630006000011234567890189"
        safe = self.st_line(640.0, f"{invoice.name} order 55120", iban=new_iban)
        unsure = self.st_line(77.0, "", iban="DE89370400440532013000")
        with self.enter_registry_test_mode():
            self.env.ref(
                "account_receivable_management.ir_cron_ar_cash_apply"
            ).method_direct_trigger()
        self.assertTrue(safe.is_reconciled)
        self.assertFalse(unsure.is_reconciled)
        self.assertIn("Cash applied", "".join(safe.move_id.message_ids.mapped("body")))
        # the scheduler teaches the order number cited, not the payer's account
        learned = self.env["ar.payer.mapping"].search([])
        self.assertEqual(
            [(m.kind, m.value, m.partner_id) for m in learned],
            [("order_ref", "PO-55120", self.partner_a)],
        )

    def test_access_rights(self):
        user = new_test_user(
            self.env,
            login="ar_cash_outsider",
            groups="base.group_user",
            company_id=self.company.id,
        )
        with self.assertRaises(AccessError):
            self.Proposal.with_user(user).search([])
        ar_user = new_test_user(
            self.env,
            login="ar_cash_user",
            groups="account.group_account_invoice,"
            "account_receivable_management.group_ar_user",
            company_id=self.company.id,
        )
        self.Proposal.with_user(ar_user).search([])
        with self.assertRaises(AccessError):
            self.env["ar.payer.mapping"].with_user(ar_user).create(
                {"kind": "iban", "value": "X", "partner_id": self.partner_a.id}
            )

    def test_early_payment_discount_and_rf_reference(self):
        term = self.env["account.payment.term"].create(
            {
                "name": "2/10 net 30",
                "early_discount": True,
                "discount_days": 10,
                "discount_percentage": 2,
                "early_pay_discount_computation": "included",
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": 100, "nb_days": 30}
                    )
                ],
            }
        )
        self.company_data["default_journal_sale"].invoice_reference_model = "euro"
        invoice = self.init_invoice(
            "out_invoice",
            partner=self.partner_b,
            invoice_date="2026-06-10",
            amounts=[1000.0],
            taxes=[],
        )
        invoice.invoice_payment_term_id = term
        invoice.action_post()
        self.assertTrue(invoice.payment_reference.startswith("RF"))
        receivable = invoice.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        st_line = self.st_line(receivable.discount_balance, invoice.payment_reference)
        proposal = self.proposal_for(st_line)
        self.assertTrue(proposal.auto, proposal.reason)
        self.assertIn("RF reference", proposal.reason)
        self.assertEqual(proposal.line_ids.writeoff_kind, "discount")
        proposal.action_apply()
        self.assertEqual(invoice.payment_state, "paid")
        self.assert_balanced(st_line)

    def test_deduction_leaves_the_short_part_open(self):
        invoice = self.invoice(1000.0)
        st_line = self.st_line(850.0, invoice.name, iban="DE89370400440532013000")
        proposal = self.proposal_for(st_line)
        self.assertTrue(proposal.deduction)
        self.assertAlmostEqual(proposal.short_amount, 150.0)
        proposal.action_apply()
        self.assertAlmostEqual(invoice.amount_residual, 150.0)
        self.assertEqual(invoice.payment_state, "partial")
        case = self.env["ar.dispute"].search([("line_ids.move_id", "=", invoice.id)])
        self.assertEqual(case.kind, "deduction")
        self.assertAlmostEqual(case.amount_disputed, 150.0)

    def test_foreign_currency_invoice_is_never_proposed_for_local_cash(self):
        other = self.setup_other_currency("EUR")
        foreign = self.init_invoice(
            "out_invoice",
            partner=self.partner_a,
            invoice_date="2026-06-01",
            amounts=[200.0],
            currency=other,
            post=True,
        )
        local = self.invoice(foreign.amount_total_signed)
        st_line = self.st_line(foreign.amount_total_signed, "payment")
        st_line.partner_id = self.partner_a
        proposal = self.proposal_for(st_line)
        self.assertEqual(proposal.line_ids.move_id, local)
        self.assertNotIn(foreign, proposal.line_ids.move_id)

    def test_hand_picked_customer_without_items_goes_on_account(self):
        st_line = self.st_line(55.0, "advance", name="SOMEONE")
        proposal = self.proposal_for(st_line)
        proposal.write({"partner_id": self.partner_b.id, "line_ids": [Command.clear()]})
        proposal.action_apply()
        receivable = st_line.move_id.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        self.assertEqual(receivable.partner_id, self.partner_b)
        self.assertAlmostEqual(receivable.amount_residual, -55.0)
        self.assert_balanced(st_line)

    def test_unapplied_payments_and_credits_listed_and_matched(self):
        """Next to a bank line, the controller sees what the customer already
        paid or was credited and is not applied yet (posted payments on
        account, open credit notes), and can match those to open invoices."""
        invoice = self.invoice(500.0)
        other_invoice = self.invoice(80.0, partner=self.partner_b)
        refund = self.init_invoice(
            "out_refund",
            partner=self.partner_a,
            invoice_date="2026-06-05",
            amounts=[120.0],
            post=True,
        )
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.partner_a.id,
                "amount": 200.0,
                "journal_id": self.bank.id,
                "date": "2026-06-10",
            }
        )
        payment.action_post()
        receivable = "asset_receivable"
        refund_line = refund.line_ids.filtered(lambda l: l.account_type == receivable)
        payment_line = payment.move_id.line_ids.filtered(
            lambda l: l.account_type == receivable
        )
        self.assertTrue(payment_line, "the payment is posted on the receivable")

        # the bank line's proposal shows the customer's unapplied items
        st_line = self.st_line(500.0, f"Payment {invoice.name.replace('/', ' ')}")
        proposal = self.proposal_for(st_line)
        self.assertEqual(proposal.partner_id, self.partner_a)
        self.assertEqual(proposal.unapplied_credit_ids, refund_line | payment_line)
        self.assertEqual(proposal.unapplied_credit_count, 2)

        # the screen of every unapplied item, whatever the customer
        menu = self.env.ref(
            "account_receivable_management.account_move_line_menu_ar_unapplied"
        )
        action = menu.action.run()
        listed = self.env["account.move.line"].search(action["domain"])
        self.assertIn(refund_line, listed)
        self.assertIn(payment_line, listed)
        self.assertNotIn(
            other_invoice.line_ids.filtered(lambda l: l.account_type == receivable),
            listed,
            "invoices are not credits",
        )

        # match them to the open invoice: previewed first, then reconciled
        result = proposal.action_match_unapplied()
        wizard = self.env["ar.mass.reconcile"].browse(result["res_id"])
        self.assertEqual(wizard.state, "preview")
        self.assertEqual(wizard.line_ids.credit_line_id, refund_line | payment_line)
        self.assertEqual(wizard.line_ids.debit_line_id.move_id, invoice)
        wizard.action_post()
        self.assertAlmostEqual(invoice.amount_residual, 180.0)
        self.env.invalidate_all()
        self.assertFalse(proposal.unapplied_credit_ids)
        self.assertNotIn(other_invoice, wizard.line_ids.debit_line_id.move_id)

        # the same from the list, on selected items
        result = listed.filtered(
            lambda l: l.partner_id == self.partner_a
        ).action_ar_match_to_invoices()
        self.assertEqual(result["res_model"], "ar.mass.reconcile")
