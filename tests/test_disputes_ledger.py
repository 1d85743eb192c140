from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class DisputesCommon(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.receivable = cls.company_data["default_account_receivable"]
        cls.writeoff_account = cls.company_data["default_account_expense"]
        cls.reason_price = cls.env.ref(
            "account_receivable_management.ar_dispute_reason_pricing"
        )
        cls.reason_fees = cls.env.ref(
            "account_receivable_management.ar_dispute_reason_bank_fees"
        )
        cls.reason_price.with_company(
            cls.company
        ).writeoff_account_id = cls.writeoff_account
        cls.reason_fees.with_company(
            cls.company
        ).writeoff_account_id = cls.writeoff_account
        cls.tax = cls.company_data["default_tax_sale"]  # 15 %

    def _invoice(self, amount=1000.0, partner=None, taxes=None):
        return self._create_invoice_one_line(
            price_unit=amount,
            partner_id=partner or self.partner_a,
            tax_ids=taxes if taxes is not None else self.tax,
            post=True,
        )

    def _receivable(self, invoice):
        return invoice.line_ids.filtered(lambda l: l.account_type == "asset_receivable")

    def _case(self, lines, reason=None, kind="dispute"):
        return self.env["ar.dispute"].create(
            {
                "partner_id": lines[0][0].partner_id.id,
                "kind": kind,
                "reason_id": (reason or self.reason_price).id,
                "line_ids": [
                    Command.create({"move_id": inv.id, "amount_currency": amount})
                    for inv, amount in lines
                ],
            }
        )

    def assertBalancedPosted(self, move):
        self.assertEqual(move.state, "posted")
        self.assertAlmostEqual(sum(move.line_ids.mapped("balance")), 0.0)


@tagged("post_install", "-at_install")
class TestDisputeCases(DisputesCommon):
    @freeze_time("2026-02-27")
    def test_case_reference_deadline_and_disputed_marker(self):
        invoice = self._invoice(1000.0)  # 1150 with tax
        case = self._case([(invoice, 300.0)])
        self.assertRegex(case.name, r"^DSP/2026/\d{4}$")
        # pricing reason: 14 calendar days
        self.assertEqual(str(case.deadline), "2026-03-13")
        self.assertEqual(case.amount_disputed, 300.0)
        self.assertEqual(self._receivable(invoice).ar_disputed_amount, 300.0)
        self.assertTrue(invoice.ar_has_open_dispute)
        # the owner follows and has a task
        self.assertIn(self.env.user.partner_id, case.message_partner_ids)
        self.assertEqual(case.activity_ids.user_id, self.env.user)
        case.line_ids.amount_currency = 200.0
        self.assertEqual(self._receivable(invoice).ar_disputed_amount, 200.0)
        # two open cases add up on the same receivable item
        other = self._case([(invoice, 100.0)])
        self.assertEqual(self._receivable(invoice).ar_disputed_amount, 300.0)
        other.unlink()
        self.assertEqual(self._receivable(invoice).ar_disputed_amount, 200.0)

    def test_bad_amounts_are_refused(self):
        invoice = self._invoice(1000.0)
        with self.assertRaisesRegex(ValidationError, "more than its open amount"):
            self._case([(invoice, 1150.01)])
        with self.assertRaisesRegex(ValidationError, "must be positive"):
            self._case([(self._invoice(100.0), -10.0)])
        with self.assertRaisesRegex(ValidationError, "must be positive"):
            self._case([(self._invoice(100.0), 0.0)])
        invoice = self._invoice(1000.0)
        self._case([(invoice, 1000.0)])
        with self.assertRaisesRegex(ValidationError, "other open cases included"):
            self._case([(invoice, 150.01)])

    def test_paid_invoice_cannot_be_disputed(self):
        invoice = self._invoice(100.0)
        self._register_payment(invoice)
        self.assertEqual(invoice.payment_state, "paid")
        with self.assertRaises(UserError):
            invoice.action_ar_open_dispute()
        with self.assertRaises(UserError):
            self._case([(invoice, 10.0)])

    def test_accept_posts_partial_credit_note_reconciled(self):
        invoice = self._invoice(1000.0)  # 1150
        case = self._case([(invoice, 230.0)])
        case._ar_resolve(accepted=230.0, note="Price was wrong")
        credit_note = case.credit_note_ids
        self.assertEqual(len(credit_note), 1)
        self.assertBalancedPosted(credit_note)
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(credit_note.reversed_entry_id, invoice)
        self.assertAlmostEqual(credit_note.amount_total, 230.0)
        self.assertAlmostEqual(credit_note.amount_untaxed, 200.0)
        self.assertAlmostEqual(credit_note.amount_tax, 30.0)
        self.assertEqual(credit_note.payment_state, "paid")
        self.assertAlmostEqual(invoice.amount_residual, 920.0)
        self.assertEqual(case.stage, "resolved")
        self.assertEqual(case.accepted_amount, 230.0)
        self.assertEqual(case.rejected_amount, 0.0)
        self.assertEqual(self._receivable(invoice).ar_disputed_amount, 0.0)

    def test_accept_with_tax_rounding_is_exact(self):
        invoice = self._invoice(1000.0)
        case = self._case([(invoice, 100.0)])  # 86.96 + 13.04 = 100.00, or not
        case._ar_resolve(accepted=100.0)
        self.assertAlmostEqual(case.credit_note_ids.amount_total, 100.0)
        self.assertAlmostEqual(invoice.amount_residual, 1050.0)

    def test_write_off_posts_balanced_entry_reconciled(self):
        invoice = self._invoice(1000.0)
        case = self._case([(invoice, 50.0)])
        case._ar_resolve(written_off=50.0)
        entry = case.writeoff_move_id
        self.assertBalancedPosted(entry)
        debit = entry.line_ids.filtered(lambda l: l.balance > 0)
        self.assertEqual(debit.account_id, self.writeoff_account)
        self.assertAlmostEqual(debit.balance, 50.0)
        credit = entry.line_ids.filtered(lambda l: l.balance < 0)
        self.assertEqual(credit.account_id, self.receivable)
        self.assertEqual(credit.partner_id, self.partner_a)
        self.assertTrue(credit.reconciled)
        self.assertAlmostEqual(invoice.amount_residual, 1100.0)
        self.assertEqual(case.stage, "resolved")

    def test_reject_returns_amount_to_dunning(self):
        invoice = self._invoice(1000.0)
        case = self._case([(invoice, 400.0)])
        moves = case._ar_resolve()
        self.assertFalse(moves)
        self.assertEqual(case.stage, "rejected")
        self.assertEqual(case.rejected_amount, 400.0)
        self.assertAlmostEqual(invoice.amount_residual, 1150.0)
        self.assertEqual(self._receivable(invoice).ar_disputed_amount, 0.0)

    @freeze_time("2026-03-10")
    def test_split_resolution_over_two_invoices(self):
        with freeze_time("2026-03-01"):
            first = self._invoice(1000.0)  # 1150
            second = self._invoice(200.0)  # 230
            case = self._case([(first, 300.0), (second, 100.0)])
        wizard = self.env["ar.dispute.resolve.wizard"].create(
            {
                "dispute_id": case.id,
                "outcome": "split",
                "accepted_amount": 200.0,
                "written_off_amount": 40.0,
            }
        )
        self.assertAlmostEqual(wizard.rejected_amount, 160.0)
        wizard.action_resolve()
        self.assertEqual(case.stage, "resolved")
        self.assertEqual(case.resolution_days, 9)
        self.assertEqual(len(case.credit_note_ids), 2)
        # 200 accepted spread 3:1 -> 150 / 50; 40 written off on the rest 150 / 50
        self.assertEqual(case.line_ids.mapped("accepted_amount"), [150.0, 50.0])
        self.assertEqual(case.line_ids.mapped("written_off_amount"), [30.0, 10.0])
        self.assertAlmostEqual(first.amount_residual, 1150.0 - 180.0)
        self.assertAlmostEqual(second.amount_residual, 230.0 - 60.0)
        self.assertBalancedPosted(case.writeoff_move_id)
        self.assertEqual(case.rejected_amount, 160.0)

    def test_resolving_twice_posts_nothing_twice(self):
        invoice = self._invoice(1000.0)
        case = self._case([(invoice, 100.0)])
        case._ar_resolve(written_off=100.0)
        count = self.env["account.move"].search_count([])
        with self.assertRaisesRegex(UserError, "already closed"):
            case._ar_resolve(written_off=100.0)
        with self.assertRaises(UserError):
            case.action_investigate() or case.write({"stage": "new"})
        self.assertEqual(self.env["account.move"].search_count([]), count)
        self.assertAlmostEqual(invoice.amount_residual, 1050.0)

    def test_parts_above_disputed_are_refused(self):
        invoice = self._invoice(1000.0)
        case = self._case([(invoice, 100.0)])
        with self.assertRaisesRegex(UserError, "more than the disputed"):
            case._ar_resolve(accepted=80.0, written_off=30.0)
        with self.assertRaisesRegex(UserError, "cannot be negative"):
            case._ar_resolve(accepted=-1.0)
        self.assertEqual(case.stage, "new")

    def test_stage_cannot_be_forced_closed(self):
        case = self._case([(self._invoice(100.0), 10.0)])
        with self.assertRaises(UserError):
            case.stage = "resolved"


@tagged("post_install", "-at_install")
class TestDeductions(DisputesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "ar_deduction_tolerance_amount": 5.0,
                "ar_deduction_tolerance_percent": 1.0,
                "ar_deduction_tolerance_reason_id": cls.reason_fees.id,
            }
        )

    def test_short_payment_under_tolerance_is_written_off(self):
        invoice = self._invoice(1000.0)  # 1150
        payment = self._register_payment(invoice, amount=1146.0)
        self.assertAlmostEqual(invoice.amount_residual, 4.0)
        case = self.env["ar.dispute"]._ar_create_deduction(
            invoice, 4.0, payment_move=payment.move_id
        )
        self.assertEqual(case.kind, "deduction")
        self.assertEqual(case.reason_id, self.reason_fees)
        self.assertEqual(case.payment_move_id, payment.move_id)
        self.assertEqual(case.stage, "resolved")
        self.assertBalancedPosted(case.writeoff_move_id)
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(self._receivable(invoice).ar_disputed_amount, 0.0)

    def test_short_payment_over_tolerance_opens_a_case(self):
        invoice = self._invoice(1000.0)
        self._register_payment(invoice, amount=1100.0)
        wizard = (
            self.env["ar.deduction.wizard"]
            .with_context(default_invoice_id=invoice.id)
            .create({"reason_id": self.reason_price.id})
        )
        self.assertAlmostEqual(wizard.amount, 50.0)
        self.assertFalse(wizard.within_tolerance)
        action = wizard.action_confirm()
        case = self.env["ar.dispute"].browse(action["res_id"])
        self.assertEqual(case.stage, "new")
        self.assertEqual(case.kind, "deduction")
        self.assertEqual(case.reason_id, self.reason_price)
        self.assertEqual(self._receivable(invoice).ar_disputed_amount, 50.0)
        self.assertFalse(case.writeoff_move_id)

    def test_deduction_from_payment_button(self):
        invoice = self._invoice(1000.0)
        payment = self._register_payment(invoice, amount=1000.0)
        action = payment.action_ar_open_deduction()
        self.assertEqual(action["context"]["default_invoice_id"], invoice.id)

    def test_invoice_and_case_buttons_open_their_wizards(self):
        invoice = self._invoice(1000.0)
        action = invoice.action_ar_open_deduction()
        self.assertEqual(
            (action["res_model"], action["target"]), ("ar.deduction.wizard", "new")
        )
        self.assertEqual(action["context"], {"default_invoice_id": invoice.id})
        case = self._case([(invoice, 100.0)])
        action = case.action_open_resolve_wizard()
        self.assertEqual(action["res_model"], "ar.dispute.resolve.wizard")
        self.assertIn(case.name, action["name"])
        wizard = self.env[action["res_model"]].with_context(**action["context"]).new({})
        self.assertEqual(wizard.dispute_id, case)

    def test_deduction_above_residual_is_refused(self):
        invoice = self._invoice(100.0)
        with self.assertRaisesRegex(UserError, "more than its open amount"):
            self.env["ar.dispute"]._ar_create_deduction(invoice, 200.0)


@tagged("post_install", "-at_install")
class TestDisputeInsight(DisputesCommon):
    def test_disputed_share_and_overdue_filter(self):
        invoice = self._invoice(1000.0)  # 1150
        with freeze_time("2026-01-01"):
            case = self._case([(invoice, 230.0)])
        self.env.flush_all()
        row = self.env["ar.dispute.share.report"].search(
            [("partner_id", "=", self.partner_a.id)]
        )
        self.assertAlmostEqual(row.amount_open, 1150.0)
        self.assertAlmostEqual(row.amount_disputed, 230.0)
        self.assertAlmostEqual(row.disputed_share, 20.0)
        with freeze_time("2026-02-01"):
            overdue = self.env["ar.dispute"].search([("is_overdue", "=", True)])
            self.assertIn(case, overdue)
            self.assertTrue(case.is_overdue)
            case._ar_resolve()
            self.assertNotIn(
                case, self.env["ar.dispute"].search([("is_overdue", "=", True)])
            )
            self.assertEqual(case.resolution_days, 31)

    def test_views_render(self):
        for model in ("ar.dispute", "ar.dispute.share.report", "ar.dispute.reason"):
            views = self.env[model].get_views([(False, "list"), (False, "form")])
            self.assertTrue(views["views"]["list"]["arch"])
        self.env["ar.dispute"].get_views(
            [(False, "kanban"), (False, "pivot"), (False, "graph"), (False, "search")]
        )


@tagged("post_install", "-at_install")
class TestDisputeForeignCurrency(DisputesCommon):
    def test_resolution_in_invoice_currency(self):
        eur = self.setup_other_currency("EUR")  # 2 EUR for 1 company unit
        invoice = self._create_invoice_one_line(
            price_unit=1000.0,
            partner_id=self.partner_a,
            currency_id=eur,
            tax_ids=[],
            post=True,
        )
        case = self._case([(invoice, 100.0)])
        self.assertEqual(case.currency_id, eur)
        self.assertAlmostEqual(case.amount_disputed_company, 50.0)
        self.assertAlmostEqual(self._receivable(invoice).ar_disputed_amount, 50.0)
        case._ar_resolve(accepted=60.0, written_off=40.0)
        self.assertAlmostEqual(case.credit_note_ids.amount_total, 60.0)
        self.assertEqual(case.credit_note_ids.currency_id, eur)
        entry = case.writeoff_move_id
        self.assertBalancedPosted(entry)
        credit = entry.line_ids.filtered(lambda l: l.balance < 0)
        self.assertAlmostEqual(credit.amount_currency, -40.0)
        self.assertAlmostEqual(credit.balance, -20.0)
        self.assertAlmostEqual(invoice.amount_residual, 900.0)
        self.assertEqual(self._receivable(invoice).ar_disputed_amount, 0.0)
