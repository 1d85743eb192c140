import re

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingHttpCommon


@tagged("post_install", "-at_install")
class TestDisputePortal(AccountTestInvoicingHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_a = new_test_user(
            cls.env, login="dsp_cust_a", groups="base.group_portal"
        )
        cls.customer_b = new_test_user(
            cls.env, login="dsp_cust_b", groups="base.group_portal"
        )
        cls.collector = new_test_user(
            cls.env,
            login="dsp_collector",
            groups="account_receivable_management.group_ar_user",
            company_id=cls.env.company.id,
            company_ids=[Command.set(cls.env.company.ids)],
        )
        cls.env.company.ar_collector_id = cls.collector
        cls.reason = cls.env.ref(
            "account_receivable_management.ar_dispute_reason_damaged"
        )
        cls.invoice_a = cls._create_invoice_one_line(
            price_unit=500.0,
            partner_id=cls.customer_a.partner_id,
            tax_ids=[],
            post=True,
        )
        cls.invoice_b = cls._create_invoice_one_line(
            price_unit=300.0,
            partner_id=cls.customer_b.partner_id,
            tax_ids=[],
            post=True,
        )

    def _csrf(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)

    def _post_dispute(self, invoice, amount, token):
        return self.url_open(
            f"/my/invoices/{invoice.id}/dispute",
            data={
                "csrf_token": token,
                "amount": str(amount),
                "reason_id": str(self.reason.id),
                "message": "Two boxes arrived broken",
            },
            files={"attachments": ("broken.txt", b"photo of the boxes", "text/plain")},
        )

    def _cases(self, invoice):
        return self.env["ar.dispute"].search([("line_ids.move_id", "=", invoice.id)])

    def test_customer_disputes_own_invoice(self):
        self.authenticate("dsp_cust_a", "dsp_cust_a")
        page = self.url_open(f"/my/invoices/{self.invoice_a.id}")
        self.assertIn("o_ar_dispute_btn", page.text)
        token = self._csrf(f"/my/invoices/{self.invoice_a.id}/dispute")
        response = self._post_dispute(self.invoice_a, 120.0, token)
        self.assertEqual(response.status_code, 200)
        case = self._cases(self.invoice_a)
        self.assertEqual(len(case), 1)
        self.assertIn(f"/my/disputes/{case.id}", response.url)
        self.assertEqual(case.partner_id, self.customer_a.partner_id)
        self.assertEqual(case.reason_id, self.reason)
        self.assertEqual(case.amount_disputed, 120.0)
        self.assertEqual(case.user_id, self.collector)
        self.assertIn(self.collector.partner_id, case.message_partner_ids)
        self.assertIn(self.customer_a.partner_id, case.message_partner_ids)
        self.assertEqual(case.activity_ids.user_id, self.collector)
        self.assertTrue(
            case.message_ids.attachment_ids.filtered(lambda a: a.name == "broken.txt")
        )
        receivable = self.invoice_a.line_ids.filtered(
            lambda l: l.account_type == "asset_receivable"
        )
        self.assertEqual(receivable.ar_disputed_amount, 120.0)
        # the customer sees the case and its list
        self.assertIn("Two boxes arrived broken", response.text)
        listing = self.url_open("/my/disputes")
        self.assertIn(case.name, listing.text)

    def test_amount_above_residual_is_refused_with_a_message(self):
        self.authenticate("dsp_cust_a", "dsp_cust_a")
        token = self._csrf(f"/my/invoices/{self.invoice_a.id}/dispute")
        response = self._post_dispute(self.invoice_a, 999.0, token)
        self.assertEqual(response.status_code, 200)
        self.assertIn("more than its open amount", response.text)
        self.assertFalse(self._cases(self.invoice_a))
        response = self._post_dispute(self.invoice_a, -5, token)
        self.assertIn("must be positive", response.text)
        self.assertFalse(self._cases(self.invoice_a))

    def test_absurd_amounts_answer_the_form_with_a_message(self):
        self.authenticate("dsp_cust_a", "dsp_cust_a")
        form = self.url_open(f"/my/invoices/{self.invoice_a.id}/dispute")
        self.assertNotIn('value="500.0"', form.text, "no default amount")
        token = self._csrf(f"/my/invoices/{self.invoice_a.id}/dispute")
        expected = {
            "nan": "as a number",
            "inf": "as a number",
            "-inf": "as a number",
            "abc": "as a number",
            "": "as a number",
            "1e30": "more than its open amount",
            "500.01": "more than its open amount",
            "-5": "must be positive",
            "0": "must be positive",
        }
        for amount, message in expected.items():
            with self.subTest(amount=amount):
                response = self._post_dispute(self.invoice_a, amount, token)
                self.assertEqual(response.status_code, 200)
                self.assertIn("o_ar_dispute_form", response.text)
                self.assertIn(message, response.text)
        self.assertFalse(self._cases(self.invoice_a))
        receivable = self.invoice_a.line_ids.filtered(
            lambda l: l.account_type == "asset_receivable"
        )
        self.assertFalse(receivable.ar_disputed_amount)

    def test_other_customer_cannot_dispute_nor_see(self):
        case = self.env["ar.dispute"].create(
            {
                "partner_id": self.customer_a.partner_id.id,
                "reason_id": self.reason.id,
                "line_ids": [
                    Command.create(
                        {"move_id": self.invoice_a.id, "amount_currency": 50}
                    )
                ],
            }
        )
        self.authenticate("dsp_cust_b", "dsp_cust_b")
        form = self.url_open(f"/my/invoices/{self.invoice_a.id}/dispute")
        self.assertIn(form.status_code, (403, 404))
        token = self._csrf(f"/my/invoices/{self.invoice_b.id}/dispute")
        response = self._post_dispute(self.invoice_a, 10.0, token)
        self.assertIn(response.status_code, (403, 404))
        self.assertEqual(self._cases(self.invoice_a), case)
        page = self.url_open(f"/my/disputes/{case.id}")
        self.assertIn(page.status_code, (403, 404))
        self.assertNotIn(case.name, self.url_open("/my/disputes").text)
        # with the case's token the page opens (link from an email)
        page = self.url_open(
            f"/my/disputes/{case.id}?access_token={case._portal_ensure_token()}"
        )
        self.assertEqual(page.status_code, 200)


@tagged("post_install", "-at_install")
class TestDisputeAccess(AccountTestInvoicingHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_a = new_test_user(cls.env, login="acc_a", groups="base.group_portal")
        cls.portal_b = new_test_user(cls.env, login="acc_b", groups="base.group_portal")
        cls.ar_user = new_test_user(
            cls.env,
            login="acc_ar",
            groups="account_receivable_management.group_ar_user",
            company_id=cls.env.company.id,
            company_ids=[Command.set(cls.env.company.ids)],
        )
        invoice = cls._create_invoice_one_line(
            price_unit=100.0, partner_id=cls.portal_a.partner_id, post=True
        )
        cls.case = cls.env["ar.dispute"].create(
            {
                "partner_id": cls.portal_a.partner_id.id,
                "line_ids": [
                    Command.create({"move_id": invoice.id, "amount_currency": 10})
                ],
            }
        )
        cls.invoice = invoice

    def test_ar_user_works_cases(self):
        Dispute = self.env["ar.dispute"].with_user(self.ar_user)
        case = Dispute.browse(self.case.id)
        case.action_investigate()
        self.assertEqual(case.stage, "investigating")
        case._ar_resolve()
        self.assertEqual(case.stage, "rejected")
        with self.assertRaises(AccessError):
            case.unlink()
        with self.assertRaises(AccessError):
            self.env["ar.dispute.reason"].with_user(self.ar_user).create(
                {"name": "X", "code": "X"}
            )

    def test_portal_reads_own_cases_only(self):
        own = self.env["ar.dispute"].with_user(self.portal_a).search([])
        self.assertEqual(own, self.case)
        self.assertFalse(self.env["ar.dispute"].with_user(self.portal_b).search([]))
        with self.assertRaises(AccessError):
            self.case.with_user(self.portal_b).read(["name"])
        with self.assertRaises(AccessError):
            self.env["ar.dispute"].with_user(self.portal_a).create(
                {"partner_id": self.portal_a.partner_id.id}
            )
        with self.assertRaises(AccessError):
            self.case.with_user(self.portal_a).write({"stage": "waiting"})


@tagged("post_install", "-at_install")
class TestDisputePortalTour(AccountTestInvoicingHttpCommon):
    def test_customer_opens_a_dispute_in_the_browser(self):
        customer = new_test_user(
            self.env, login="tour_cust", groups="base.group_portal"
        )
        invoice = self._create_invoice_one_line(
            price_unit=100.0, partner_id=customer.partner_id, tax_ids=[], post=True
        )
        self.start_tour(
            f"/my/invoices/{invoice.id}", "ar_dispute_portal_tour", login="tour_cust"
        )
        case = self.env["ar.dispute"].search([("line_ids.move_id", "=", invoice.id)])
        self.assertEqual(case.amount_disputed, 42.0)
        self.assertEqual(case.partner_id, customer.partner_id)
