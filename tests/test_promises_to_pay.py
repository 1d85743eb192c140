from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, new_test_user, tagged

from .test_reporting_aging import ArAgingCommon


@freeze_time("2026-04-01")
@tagged("post_install", "-at_install")
class TestPromiseToPay(ArAgingCommon):
    """The daily check keeps promises the customer kept, and only those."""

    def _promise(self, **values):
        return self.env["ar.promise.to.pay"].create(
            {
                "partner_id": self.partner_a.id,
                "promise_date": "2026-03-01",
                "promised_date": "2026-03-20",
                **values,
            }
        )

    def _receivable(self, invoice):
        return invoice.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )

    def test_promise_on_all_items_paid_in_full_is_kept(self):
        first = self._invoice(self.partner_a, 300, "2026-02-01")
        second = self._invoice(self.partner_a, 200, "2026-02-10")
        promise = self._promise()
        self.assertEqual(promise.amount, 500.0, "defaults to what is open")
        self._pay(first, 300, "2026-03-05")
        self._pay(second, 200, "2026-03-18")
        self.assertEqual(promise.amount_paid, 500.0)
        kept, broken = self.env["ar.promise.to.pay"]._ar_cron_check_promises()
        self.assertEqual(promise.state, "kept")
        self.assertEqual((kept, broken), (promise, promise.browse()))
        self.assertFalse(promise.activity_ids)

    def test_promise_of_500_paid_500_on_a_larger_item_is_kept(self):
        invoice = self._invoice(self.partner_a, 1000, "2026-02-01")
        promise = self._promise(
            amount=500, move_line_ids=[Command.set(self._receivable(invoice).ids)]
        )
        self._pay(invoice, 500, "2026-03-10")
        self.env["ar.promise.to.pay"]._ar_cron_check_promises()
        self.assertEqual(promise.state, "kept")

    def test_short_late_or_earlier_payments_break_the_promise(self):
        invoice = self._invoice(self.partner_a, 1000, "2026-01-01")
        self._pay(invoice, 100, "2026-02-15")  # before the promise: not counted
        short = self._promise(amount=500)
        self._pay(invoice, 300, "2026-03-10")
        self._pay(invoice, 200, "2026-03-25")  # after the promised date
        self.assertEqual(short.amount_paid, 300.0)
        self.env["ar.promise.to.pay"]._ar_cron_check_promises()
        self.assertEqual(short.state, "broken")
        self.assertEqual(len(short.activity_ids), 1)

    def test_payment_of_another_customer_or_item_does_not_count(self):
        named = self._invoice(self.partner_a, 400, "2026-02-01")
        other = self._invoice(self.partner_a, 400, "2026-02-01")
        self._invoice(self.partner_b, 400, "2026-02-01")
        promise = self._promise(
            amount=400, move_line_ids=[Command.set(self._receivable(named).ids)]
        )
        self._pay(other, 400, "2026-03-10")
        self.env["ar.promise.to.pay"]._ar_cron_check_promises()
        self.assertEqual(promise.state, "broken")

    def test_collector_records_a_promise_traced_on_the_customer(self):
        self._invoice(self.partner_a, 300, "2026-02-01")
        collector = new_test_user(
            self.env,
            login="ar_promise_collector",
            groups="account.group_account_invoice,"
            "account_receivable_management.group_ar_user",
            company_id=self.env.company.id,
            company_ids=[Command.set(self.env.company.ids)],
        )
        promise = (
            self.env["ar.promise.to.pay"]
            .with_user(collector)
            .create(
                {
                    "partner_id": self.partner_a.id,
                    "promise_date": "2026-04-01",
                    "promised_date": "2026-04-20",
                }
            )
        )
        trace = self.partner_a.message_ids[:1]
        self.assertIn("Promise to pay", str(trace.body))
        self.assertEqual(trace.author_id, collector.partner_id)
        self.assertEqual(promise.create_uid, collector)

    def test_promise_not_yet_due_stays_open(self):
        self._invoice(self.partner_a, 400, "2026-02-01")
        promise = self._promise(promised_date="2026-04-15")
        self.env["ar.promise.to.pay"]._ar_cron_check_promises()
        self.assertEqual(promise.state, "open")

    def test_absurd_promised_amounts_are_refused(self):
        self._invoice(self.partner_a, 400, "2026-02-01")
        Promise = self.env["ar.promise.to.pay"]
        for amount in (-100.0, float("nan"), float("inf"), 1e30):
            with self.subTest(amount=amount), self.assertRaises(ValidationError):
                self._promise(amount=amount)
        # nothing open and no amount: there is nothing to promise
        with self.assertRaises(ValidationError) as caught:
            self._promise(partner_id=self.partner_b.id, amount=0)
        self.assertIn("more than zero", str(caught.exception))
        promise = self._promise(amount=100)
        with self.assertRaises(ValidationError):
            promise.amount = -100
        with self.assertRaises(ValidationError) as caught:
            self._promise(promised_date="2026-02-01")
        self.assertIn("before the day of the promise", str(caught.exception))
        self.assertEqual(Promise.search([]), promise)
