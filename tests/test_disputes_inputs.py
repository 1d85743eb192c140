from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .test_disputes_ledger import DisputesCommon


@tagged("post_install", "-at_install")
class TestDisputeInputs(DisputesCommon):
    """Absurd figures are refused in the user's words; nothing is half-written."""

    def test_absurd_disputed_amounts_are_refused(self):
        invoice = self._invoice(500.0, taxes=[])
        for amount in (float("nan"), float("inf"), 1e30, -100.0, 600.0):
            with self.subTest(amount=amount), self.assertRaises(ValidationError):
                self._case([(invoice, amount)])
        self.assertFalse(
            self.env["ar.dispute"].search([("line_ids.move_id", "=", invoice.id)])
        )
        self.assertFalse(self._receivable(invoice).ar_disputed_amount)
        case = self._case([(invoice, 100.0)])
        with self.assertRaises(ValidationError) as caught:
            case.line_ids.amount_currency = float("nan")
        self.assertIn("not a number", str(caught.exception))
        self.assertEqual(case.amount_disputed, 100.0)

    def test_resolution_refuses_absurd_parts(self):
        case = self._case([(self._invoice(500.0, taxes=[]), 100.0)])
        with self.assertRaises(ValidationError):
            self.env["ar.dispute.resolve.wizard"].create(
                {"dispute_id": case.id, "outcome": "split", "accepted_amount": 1e30}
            )
        with self.assertRaises(UserError) as caught:
            case._ar_resolve(accepted=float("nan"))
        self.assertIn("as numbers", str(caught.exception))
        self.assertEqual(case.stage, "new")
        self.assertFalse(case.credit_note_ids)

    def test_credit_check_refuses_nan(self):
        for amount in (float("nan"), float("inf")):
            with self.subTest(amount=amount), self.assertRaises(ValidationError):
                self.partner_a._ar_credit_check(amount)

    def test_reason_target_days_and_tolerances_within_range(self):
        Reason = self.env["ar.dispute.reason"]
        for days in (-1, 5000, 2**31, 10**12):
            with self.subTest(days=days), self.assertRaises(ValidationError):
                Reason.create({"name": "Late", "code": "LATE", "target_days": days})
        reason = Reason.create({"name": "Late", "code": "LATE", "target_days": 10})
        with self.assertRaises(ValidationError):
            reason.target_days = -3
        company = self.company
        for values in (
            {"ar_deduction_tolerance_amount": -5},
            {"ar_deduction_tolerance_percent": 150},
            {"ar_deduction_tolerance_percent": -1},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                company.write(values)

    def test_new_case_is_named_and_has_no_disputed_amount_by_default(self):
        invoice = self._invoice(500.0, taxes=[])
        draft = self.env["ar.dispute"].new(
            {
                "partner_id": self.partner_a.id,
                "line_ids": [Command.create({"move_id": invoice.id})],
            }
        )
        self.assertEqual(draft.display_name, f"New dispute on {invoice.name}")
        self.assertFalse(draft.line_ids.amount_currency)
        self.assertEqual(self.env["ar.dispute"].new({}).display_name, "New dispute")
        # saving without an amount says what to do
        with self.assertRaises(ValidationError) as caught:
            self._case([(invoice, 0.0)])
        self.assertIn("must be positive", str(caught.exception))
        case = self._case([(invoice, 50.0)])
        self.assertEqual(case.display_name, case.name)
        self.assertNotEqual(case.name, "/")
