"""Late interest for every day each sum was late, end to end (issue 14 §1)."""

from odoo.tests import freeze_time, tagged

from .test_dunning_common import DunningCase

RUN = "2026-12-04"


@tagged("post_install", "-at_install")
class TestDunningInterest(DunningCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy.write(
            {
                "interest_mode": "fixed",
                "interest_fixed_rate": 10.5,
                "charge_paid_late": True,
                "charge_paid_late_from": "2026-01-01",
            }
        )
        (cls.level1 | cls.level2).write(
            {"charge_interest": True, "charge_compensation": True}
        )

    def _pay(self, invoice, amount, date):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": amount, "payment_date": date})._create_payments()

    def _line(self, run, invoice):
        return run.communication_ids.line_ids.filtered(lambda l: l.move_id == invoice)

    def test_partial_payment_each_sum_for_its_days_then_continued(self):
        """EUR 1,000 due 30 days ago, 400 paid 10 days ago, 10.5%:
        1000 x 10.5% x 20/365 + 600 x 10.5% x 10/365 = 7.48 (+ EUR 40); the
        next run charges the 600 from the day after, never the same days."""
        with freeze_time("2026-11-04"):
            invoice = self._invoice(self.partner_a, 1000.0, "2026-11-04")
        with freeze_time("2026-11-24"):
            self._pay(invoice, 400.0, "2026-11-24")
        with freeze_time(RUN):
            run = self._manual_run(RUN)
            line = self._line(run, invoice)
            self.assertEqual(line.amount_due, 600.0)
            self.assertAlmostEqual(line.interest_amount, 7.48)
            self.assertEqual(line.compensation_amount, 40.0)
            self.assertEqual(
                [(p["days"], p["base"]) for p in line.interest_periods],
                [(20, 1000.0), (10, 600.0)],
            )
            self.assertEqual(str(line.interest_date_to), RUN)
            self.assertIn("20 days on", line.interest_detail)
            comm = run.communication_ids
            html, _kind = self.env["ir.actions.report"]._render_qweb_pdf(
                "account_receivable_management.action_report_dunning_letter",
                comm.ids,
            )
            self.assertIn(b"<span>20</span> days on", html)
            self.assertIn(b"<span>10</span> days on", html)
            self.assertIn(b"L441-10", html, "legal basis stated")
            # total due includes the charges listed under it: 600 + 7.48 + 40
            self.assertIn(b"647.48", html)
            run.action_validate()
            entry = comm.charge_move_id
            self.assertEqual(entry.state, "posted")
            self.assertAlmostEqual(entry.amount_total, 47.48)
            body = comm.mail_id.body_html
            self.assertIn("20 days on", body)
            self.assertIn("647.48", body)
        with freeze_time("2026-12-18"):
            run = self._manual_run("2026-12-18")
            line = self._line(run, invoice)
            self.assertEqual(line.level_id, self.level2)
            # 600 x 10.5% x 14/365, from 5 December: none of the days charged
            self.assertEqual(
                [(p["from"], p["days"], p["base"]) for p in line.interest_periods],
                [("2026-12-05", 14, 600.0)],
            )
            self.assertAlmostEqual(line.interest_amount, 2.42)
            self.assertFalse(line.compensation_amount, "EUR 40 once per invoice")

    def test_invoice_paid_in_full_late_is_charged_once(self):
        """EUR 1,000 due 30 days ago, paid in full 5 days ago: 7.19 + EUR 40,
        though nothing is open; a later run charges it no more."""
        with freeze_time("2026-11-04"):
            invoice = self._invoice(self.partner_b, 1000.0, "2026-11-04")
            on_time = self._invoice(self.partner_b, 300.0, "2026-11-04")
        with freeze_time("2026-11-29"):
            self._pay(invoice, 1000.0, "2026-11-29")
        with freeze_time("2026-11-01"):
            self._pay(on_time, 300.0, "2026-11-01")
        with freeze_time(RUN):
            run = self._manual_run(RUN)
            comm = run.communication_ids.filtered(
                lambda c: c.partner_id == self.partner_b
            )
            self.assertEqual(len(comm.line_ids), 1, "paid on time: nothing")
            line = comm.line_ids
            self.assertTrue(line.paid_late)
            self.assertEqual(line.move_id, invoice)
            self.assertEqual(line.days_late, 25)
            self.assertAlmostEqual(line.interest_amount, 7.19)
            self.assertEqual(line.compensation_amount, 40.0)
            self.assertEqual(comm.amount_due, 0.0)
            run.action_validate()
            self.assertAlmostEqual(comm.charge_move_id.amount_total, 47.19)
        with freeze_time("2026-12-10"):
            run = self._manual_run("2026-12-10")
            self.assertFalse(
                run.communication_ids.filtered(lambda c: c.partner_id == self.partner_b)
            )

    def test_paid_late_before_the_policy_date_not_charged(self):
        self.policy.charge_paid_late_from = "2026-12-01"
        with freeze_time("2026-11-04"):
            invoice = self._invoice(self.partner_b, 1000.0, "2026-11-04")
        with freeze_time("2026-11-29"):
            self._pay(invoice, 1000.0, "2026-11-29")
        with freeze_time(RUN):
            run = self._manual_run(RUN)
            self.assertFalse(run.communication_ids)

    def test_statutory_margin_by_country(self):
        Policy = self.env["ar.dunning.policy"]
        for code, margin, law in (
            ("FR", 10.0, "L441-10"),
            ("DE", 9.0, "BGB"),
            ("BE", 8.0, "2011/7"),
        ):
            company = self.env["res.company"].create(
                {
                    "name": f"Company {code}",
                    "country_id": self.env.ref(f"base.{code.lower()}").id,
                }
            )
            policy = Policy.create({"name": code, "company_id": company.id})
            self.assertEqual(policy.interest_margin, margin)
            self.assertIn(law, policy.interest_basis)

    def test_invoice_states_the_penalty_rate_and_compensation(self):
        """Companies whose policy charges interest state the rate in force and
        the EUR 40 on their customer invoices, in the customer's language."""
        invoice = self._invoice(self.partner_a, 100.0, "2026-11-04")
        html, _kind = self.env["ir.actions.report"]._render_qweb_pdf(
            "account.account_invoices", invoice.ids
        )
        self.assertIn(b"o_ar_late_payment_mention", html)
        self.assertIn(b"10.50%", html)
        self.assertIn(b"L441-10", html)
        self.assertIn(b"40.00", html)
        (self.level1 | self.level2 | self.level3).charge_interest = False
        html, _kind = self.env["ir.actions.report"]._render_qweb_pdf(
            "account.account_invoices", invoice.ids
        )
        self.assertNotIn(b"o_ar_late_payment_mention", html)

    def test_every_level_states_what_is_claimed_and_why(self):
        """A level-1 reminder that charges nothing still states the rate, its
        basis and the EUR 40, in English and in French."""
        self.policy.write({"interest_mode": "statutory", "interest_margin": 10.0})
        self.env["ar.dunning.rate"].create({"date_from": "2026-06-11", "rate": 2.15})
        (self.level1 | self.level2).charge_interest = False
        (self.level1 | self.level2).charge_compensation = False
        with freeze_time("2026-11-04"):
            self._invoice(self.partner_a, 1000.0, "2026-11-04")
            self._invoice(self.partner_b, 1000.0, "2026-11-04")
        with freeze_time("2026-11-12"):
            run = self._manual_run("2026-11-12")
            for comm in run.communication_ids:
                self.assertEqual(comm.level_id, self.level1)
                self.assertFalse(comm.interest_amount)
            comm_en = run.communication_ids.filtered(
                lambda c: c.partner_id == self.partner_a
            )
            mention = comm_en._ar_legal_mention()
            self.assertIn("12.15%", mention)
            self.assertIn("L441-10", mention)
            self.assertIn("40.00", mention)
            run.action_validate()
            self.assertIn("12.15%", comm_en.mail_id.body_html)
