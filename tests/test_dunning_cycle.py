from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, new_test_user, tagged
from odoo.tools import mute_logger

from .test_dunning_common import DunningCase


@tagged("post_install", "-at_install")
class TestDunningCycle(DunningCase):
    def test_whole_cycle(self):
        with freeze_time("2026-01-01"):
            inv_a = self._invoice(self.partner_a, 1000.0, "2026-01-01")
            inv_b = self._invoice(self.partner_b, 500.0, "2026-01-01")
            self._invoice(self.partner_b, 200.0, "2026-01-01", "out_refund")
            disputed = self._invoice(self.partner_a, 300.0, "2026-01-01")
            self._receivable_line(disputed).ar_disputed_amount = 300.0

        # day 8: friendly reminder, previewed then validated
        with freeze_time("2026-01-09"):
            run = self._manual_run("2026-01-09")
            comms = run.communication_ids
            self.assertEqual(set(comms.mapped("level_id")), {self.level1})
            self.assertEqual(
                set(comms.mapped("partner_id")), {self.partner_a, self.partner_b}
            )
            self.assertNotIn(disputed, comms.line_ids.move_id, "disputed left out")
            comm_b = comms.filtered(lambda c: c.partner_id == self.partner_b)
            self.assertEqual(comm_b.amount_due, 300.0, "credit note netted")
            run.action_validate()
            self.assertEqual(run.state, "done")
            self.assertEqual(set(comms.mapped("state")), {"done"})
            mail_b = comm_b.mail_id
            self.assertTrue(mail_b)
            self.assertIn("Rappel amical", mail_b.subject, "customer's language")
            # French formatting of the amount DUE, never the invoice total
            self.assertIn("300,00", mail_b.body_html)
            self.assertNotIn("500,00", mail_b.body_html, "amount due, not total")
            mail_a = comms.filtered(lambda c: c.partner_id == self.partner_a).mail_id
            self.assertIn("Friendly reminder", mail_a.subject)
            self.assertEqual(inv_a.ar_dunning_level_id, self.level1)
            # the level is not a user's change to the posted invoice
            self.assertFalse(inv_a.is_manually_modified)
            self.assertIn("Friendly reminder", inv_a.message_ids[0].body)
            # the chatter is for the team: in the user's language
            self.assertIn("300.00", inv_b.message_ids[0].body)
            self.assertIn("Friendly reminder", self.partner_b.message_ids[0].body)
            self.assertEqual(self.partner_a.ar_dunning_communication_count, 1)

            # rerun on the same day: nothing new
            again = self._manual_run("2026-01-09")
            self.assertFalse(again.communication_ids)

        # day 22: the scheduled action sends the firm reminder with a fee
        with freeze_time("2026-01-23"):
            self._cron()
            comm = self.env["ar.dunning.communication"].search(
                [
                    ("partner_id", "=", self.partner_a.id),
                    ("level_id", "=", self.level2.id),
                ]
            )
            self.assertEqual(len(comm), 1)
            self.assertEqual(comm.state, "done")
            move = comm.charge_move_id
            self.assertEqual(move.state, "posted")
            self.assertAlmostEqual(sum(move.line_ids.mapped("debit")), 10.0)
            self.assertAlmostEqual(sum(move.line_ids.mapped("credit")), 10.0)
            receivable = self._receivable_line(move)
            self.assertEqual(receivable.partner_id, self.partner_a)
            self.assertEqual(comm.letter_state, "to_print")
            html, _kind = self.env["ir.actions.report"]._render_qweb_pdf(
                "account_receivable_management.action_report_dunning_letter",
                comm.ids,
            )
            self.assertIn(b"Firm reminder", html)
            self.assertIn(b"1,000.00", html)
            self._cron()  # again the same day: nothing new
            self.assertEqual(
                self.env["ar.dunning.communication"].search_count(
                    [("level_id", "=", self.level2.id)]
                ),
                2,
            )

        # day 46: formal notice is manual; the cron leaves it alone, and with it
        # the fee entry of level 2 (a new receivable item, chased at its first
        # level): the customer gets one communication, not two
        with freeze_time("2026-02-16"):
            fee_move = comm.charge_move_id
            self._cron()
            self.assertFalse(
                self.env["ar.dunning.communication"].search(
                    [("date", "=", "2026-02-16")]
                )
            )
            run = self._manual_run("2026-02-16")
            comm_a = run.communication_ids.filtered(
                lambda c: c.partner_id == self.partner_a
            )
            self.assertEqual(comm_a.level_id, self.level3)
            self.assertEqual(comm_a.line_ids.move_id, inv_a | fee_move)
            fee_line = comm_a.line_ids.filtered(lambda l: l.move_id == fee_move)
            self.assertEqual(fee_line.level_id, self.level1)
            self.assertEqual(fee_line.days_late, 24)
            self.assertFalse(fee_line.interest_amount, "no interest on a fee")
            self.assertFalse(fee_line.compensation_amount)
            # 1,000 x (2.15 + 8)% x 46 / 365 = 12.79 (rate of 1 January 2026)
            self.assertAlmostEqual(comm_a.interest_amount, 12.79)
            self.assertAlmostEqual(comm_a.compensation_amount, 40.0)
            run.action_validate()
            move = notice_charges = comm_a.charge_move_id
            self.assertAlmostEqual(sum(move.line_ids.mapped("debit")), 52.79)
            self.assertAlmostEqual(sum(move.line_ids.mapped("credit")), 52.79)
            activity = self.env["mail.activity"].search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", self.partner_a.id),
                    (
                        "activity_type_id",
                        "=",
                        self.env.ref("mail.mail_activity_data_call").id,
                    ),
                ]
            )
            self.assertEqual(activity.user_id, self.collector)
            self.assertEqual(comm_a.call_state, "scheduled")
            # the statement is attached when the email leaves (see
            # test_dunning_statement), not rendered at validation
            self.assertTrue(comm_a.statement_pending)
            comm_a.mail_id.send()
            self.assertTrue(comm_a.mail_id.attachment_ids, "statement attached")
            self.assertEqual(inv_a.ar_dunning_level_id, self.level3)
            self.assertEqual(fee_move.ar_dunning_level_id, self.level1)

        # day 63: final notice puts the customer on credit hold
        with freeze_time("2026-03-05"):
            run = self._manual_run("2026-03-05")
            comm_a = run.communication_ids.filtered(
                lambda c: c.partner_id == self.partner_a and c.level_id == self.level4
            )
            self.assertTrue(comm_a)
            # the invoice at level 4, the fee entries at their own levels
            self.assertEqual(
                {line.move_id: line.level_id for line in comm_a.line_ids},
                {
                    inv_a: self.level4,
                    fee_move: self.level2,
                    notice_charges: self.level1,
                },
            )
            run.action_validate()
            self.assertTrue(self.partner_a.ar_credit_hold)
            self.assertEqual(inv_a.ar_dunning_level_id, self.level4)
            # compensation never twice for one invoice
            self.assertFalse(comm_a.compensation_amount)

    def test_preview_exclusions_and_promise(self):
        with freeze_time("2026-01-01"):
            inv_a = self._invoice(self.partner_a, 100.0, "2026-01-01")
            inv_a2 = self._invoice(self.partner_a, 50.0, "2026-01-01")
            inv_b = self._invoice(self.partner_b, 100.0, "2026-01-01")
            self.env["ar.promise.to.pay"].create(
                {"partner_id": self.partner_b.id, "promised_date": "2026-01-20"}
            )
        with freeze_time("2026-01-10"):
            run = self._manual_run("2026-01-10")
            self.assertNotIn(inv_b, run.communication_ids.line_ids.move_id)
            line = run.communication_ids.line_ids.filtered(
                lambda l: l.move_id == inv_a2
            )
            line.action_exclude()
            run.action_validate()
            self.assertEqual(inv_a.ar_dunning_level_id, self.level1)
            self.assertFalse(inv_a2.ar_dunning_level_id)
        with freeze_time("2026-01-22"):
            cron = self.env.ref(
                "account_receivable_management.ir_cron_ar_promise_to_pay"
            )
            with self.enter_registry_test_mode():
                cron.method_direct_trigger()
            self.env.invalidate_all()
            promise = self.env["ar.promise.to.pay"].search(
                [("partner_id", "=", self.partner_b.id)]
            )
            self.assertEqual(promise.state, "broken")
            self.assertEqual(promise.activity_ids.user_id, self.collector)
            run = self._manual_run("2026-01-22")
            moves = run.communication_ids.line_ids.move_id
            self.assertIn(inv_b, moves, "promise expired")
            self.assertIn(inv_a2, moves, "excluded item comes back next run")

    def test_crash_and_resume(self):
        with freeze_time("2026-01-01"):
            self._invoice(self.partner_a, 100.0, "2026-01-01")
            self._invoice(self.partner_b, 100.0, "2026-01-01")
        with freeze_time("2026-01-10"):
            run = self.env["ar.dunning.run"]._ar_scheduled_run(
                self.env.company, fields.Date.to_date("2026-01-10")
            )
            self.assertEqual(len(run.queue_ids), 2)
            # the first batch went through, then the worker died
            self.assertEqual(run._ar_run_batch(1), (1, 1))
            self.assertEqual(len(run.communication_ids), 1)
            self._cron()
            comms = self.env["ar.dunning.communication"].search(
                [("level_id", "=", self.level1.id)]
            )
            self.assertEqual(
                sorted(comms.partner_id.ids),
                sorted((self.partner_a | self.partner_b).ids),
            )
            self.assertEqual(run.state, "done")

    def test_database_refuses_duplicates(self):
        with freeze_time("2026-01-01"):
            self._invoice(self.partner_a, 100.0, "2026-01-01")
        with freeze_time("2026-01-10"):
            first = self._manual_run("2026-01-10")
            second = self._manual_run("2026-01-10")
            self.assertTrue(second.communication_ids)
            first.action_validate()
            # validating the older preview sends nothing twice
            second.action_validate()
            self.assertFalse(second.communication_ids)
            self.assertEqual(
                self.env["ar.dunning.communication"].search_count(
                    [("partner_id", "=", self.partner_a.id), ("state", "=", "done")]
                ),
                1,
            )
            # and the database itself refuses a second validation
            third = self._manual_run("2026-01-10")
            self.assertFalse(third.communication_ids)
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(IntegrityError),
                self.cr.savepoint(),
            ):
                first.communication_ids.copy({"run_id": third.id, "state": "done"})
                self.env.flush_all()

    def test_access_rights(self):
        user = new_test_user(
            self.env, "ar_clerk", groups="account_receivable_management.group_ar_user"
        )
        with freeze_time("2026-01-01"):
            self._invoice(self.partner_a, 100.0, "2026-01-01")
        with freeze_time("2026-01-10"):
            run = (
                self.env["ar.dunning.run"]
                .with_user(user)
                .create({"date": "2026-01-10"})
            )
            run.action_preview()
            run.action_validate()
            self.assertEqual(run.state, "done")
        with self.assertRaises(AccessError):
            self.env["ar.dunning.policy"].with_user(user).create({"name": "Mine"})
        with self.assertRaises(AccessError):
            self.level1.with_user(user).fee_amount = 0

    def test_statement_report(self):
        with freeze_time("2026-01-01"):
            self._invoice(self.partner_a, 123.45, "2025-10-01")
        with freeze_time("2026-01-10"):
            html, _kind = self.env["ir.actions.report"]._render_qweb_pdf(
                "account_receivable_management.action_report_customer_statement",
                self.partner_a.ids,
            )
            self.assertIn(b"123.45", html)
            self.assertIn(b"Over 120", html)

    def test_template_failure_recorded_on_communication(self):
        broken = self.env["mail.template"].create(
            {
                "name": "Breaks for customers without a reference",
                "model_id": self.env["ir.model"]._get_id("ar.dunning.communication"),
                "subject": "{{ object.partner_id.ref.upper() }}",
                "partner_to": "{{ object.partner_id.id }}",
                "body_html": "<p>Hello</p>",
            }
        )
        self.level1.mail_template_id = broken
        self.partner_a.ref = False
        self.partner_b.ref = "b-001"
        with freeze_time("2026-01-01"):
            self._invoice(self.partner_a, 100.0, "2026-01-01")
            self._invoice(self.partner_b, 100.0, "2026-01-01")
        with freeze_time("2026-01-10"):
            run = self._manual_run("2026-01-10")
            run.action_validate()
            comm_a, comm_b = (
                run.communication_ids.filtered(lambda c, p=p: c.partner_id == p)
                for p in (self.partner_a, self.partner_b)
            )
            self.assertEqual(comm_a.state, "error")
            self.assertEqual(comm_a.mail_state, "error")
            self.assertTrue(comm_a.error_message)
            self.assertEqual(comm_b.state, "done")
            self.assertEqual(comm_b.mail_id.subject, "B-001")
            self.assertEqual(run.error_count, 1)

    def test_late_fee_invoice_mode(self):
        self.policy.write(
            {
                "fee_mode": "invoice",
                "fee_journal_id": self.company_data["default_journal_sale"].id,
            }
        )
        self.level1.fee_amount = 15.0
        with freeze_time("2026-01-01"):
            self._invoice(self.partner_a, 100.0, "2026-01-01")
        with freeze_time("2026-01-10"):
            run = self._manual_run("2026-01-10")
            run.action_validate()
            fee_invoice = run.communication_ids.charge_move_id
            self.assertEqual(fee_invoice.move_type, "out_invoice")
            self.assertEqual(fee_invoice.state, "posted")
            self.assertAlmostEqual(fee_invoice.amount_total, 15.0)
            self.assertEqual(fee_invoice.partner_id, self.partner_a)

    def test_fee_journal_fallback_searched_once_per_company(self):
        """Without a fee journal on the policy, the company's first miscellaneous
        journal is used: looked up once for the whole validation, not once per
        communication."""
        self.policy.fee_journal_id = False
        self.level1.fee_amount = 5.0
        partner_c = self.partner_a.copy({"name": "partner_c"})
        with freeze_time("2026-01-01"):
            for partner in (self.partner_a, self.partner_b, partner_c):
                self._invoice(partner, 100.0, "2026-01-01")
        Journal = self.env.registry["account.journal"]
        search = Journal.search
        fallback_searches = []

        def counting_search(records, domain, *args, **kwargs):
            if ("type", "=", "general") in list(domain or []):
                fallback_searches.append(domain)
            return search(records, domain, *args, **kwargs)

        with freeze_time("2026-01-10"):
            run = self._manual_run("2026-01-10")
            self.assertEqual(len(run.communication_ids), 3)
            with patch.object(Journal, "search", counting_search):
                run.action_validate()
        moves = run.communication_ids.charge_move_id
        self.assertEqual(len(moves), 3)
        self.assertEqual(set(moves.mapped("state")), {"posted"})
        self.assertEqual(moves.journal_id.type, "general")
        self.assertEqual(len(fallback_searches), 1)

    def _invoice_and_first_fee(self, fee_amount):
        """An invoice of 100 due 2026-01-01 and the level-1 fee charged for it
        by the run of 2026-01-09: (invoice, fee entry)."""
        self.level1.fee_amount = fee_amount
        with freeze_time("2026-01-01"):
            invoice = self._invoice(self.partner_a, 100.0, "2026-01-01")
        with freeze_time("2026-01-09"):
            run = self._manual_run("2026-01-09")
            run.action_validate()
        return invoice, run.communication_ids.charge_move_id

    def test_posted_fee_is_an_open_item_chased_later(self):
        """A fee, interest or compensation entry is booked on the receivable
        account, due on the day it is charged: the customer owes it like any
        invoice. Users expect it on the next statement and chased by the next
        runs once overdue (it starts at the first level, as a new item), but it
        bears no interest or compensation itself."""
        invoice, fee = self._invoice_and_first_fee(10.0)
        self.assertEqual(fee.state, "posted")
        fee_item = self._receivable_line(fee)
        self.assertEqual(fee_item.date_maturity.isoformat(), "2026-01-09")
        with freeze_time("2026-01-23"):
            # on the statement with the invoice
            items = self.partner_a._ar_statement_items()
            self.assertIn(fee_item, items)
            self.assertIn(self._receivable_line(invoice), items)
            html, _kind = self.env["ir.actions.report"]._render_qweb_pdf(
                "account_receivable_management.action_report_customer_statement",
                self.partner_a.ids,
            )
            self.assertIn(fee.name.encode(), html)
            self.assertIn(b"110.00", html, "invoice and fee both owed")
            # chased: the invoice moves to level 2, the fee starts at level 1
            run = self._manual_run("2026-01-23")
            lines = run.communication_ids.line_ids
            self.assertEqual(
                lines.filtered(lambda l: l.move_line_id == fee_item).level_id,
                self.level1,
            )
            self.assertEqual(
                lines.filtered(lambda l: l.move_id == invoice).level_id, self.level2
            )

    def test_fee_and_invoice_at_different_levels_one_communication(self):
        """A posted fee chased at level 1 and an older invoice reaching level 2
        on the same day: finance teams expect one letter and one email, at the
        highest level, listing both items each with its own level; the fee of
        that level is charged once, and each item advances only to the level
        it reached itself."""
        invoice, fee = self._invoice_and_first_fee(5.0)
        fee_item = self._receivable_line(fee)
        with freeze_time("2026-01-23"):
            run = self._manual_run("2026-01-23")
            comm = run.communication_ids
            self.assertEqual(len(comm), 1)
            self.assertEqual(comm.level_id, self.level2)
            # excluding the invoice from the preview leaves a friendly reminder
            # for the fee, with the fee of level 1; included again, level 2
            comm.line_ids.filtered(lambda l: l.move_id == invoice).action_exclude()
            self.assertEqual(comm.level_id, self.level1)
            self.assertAlmostEqual(comm.fee_amount, 5.0)
            self.assertAlmostEqual(comm.amount_due, 5.0)
            excluded = comm.line_ids.filtered("excluded")
            self.assertEqual(excluded.move_id, invoice)
            self.assertEqual(excluded.level_id, self.level2, "its own level")
            excluded.action_include()
            self.assertEqual(comm.level_id, self.level2)
            self.assertAlmostEqual(comm.fee_amount, 10.0)
            self.assertFalse(comm.line_ids.filtered("excluded"))
            lines = {line.move_line_id: line for line in comm.line_ids}
            self.assertEqual(set(lines), {self._receivable_line(invoice), fee_item})
            self.assertEqual(lines[fee_item].level_id, self.level1)
            self.assertEqual(lines[fee_item].days_late, 14)
            inv_line = lines[self._receivable_line(invoice)]
            self.assertEqual(inv_line.level_id, self.level2)
            self.assertEqual(inv_line.days_late, 22)
            self.assertAlmostEqual(comm.amount_due, 105.0)
            run.action_validate()
            self.assertEqual(comm.state, "done")
            # the fee of level 2, once; not level 1's on top
            self.assertAlmostEqual(comm.fee_amount, 10.0)
            self.assertAlmostEqual(comm.charge_move_id.amount_total, 10.0)
            self.assertEqual(invoice.ar_dunning_level_id, self.level2)
            self.assertEqual(fee.ar_dunning_level_id, self.level1)
            # one email and one letter, each item with its level
            self.assertEqual(comm.letter_state, "to_print")
            mails = self.env["mail.mail"].search(
                [("model", "=", comm._name), ("res_id", "=", comm.id)]
            )
            self.assertEqual(mails, comm.mail_id)
            self.assertIn("Firm reminder", comm.mail_id.subject)
            self.assertIn("Friendly reminder", comm.mail_id.body_html)
            html, _kind = self.env["ir.actions.report"]._render_qweb_pdf(
                "account_receivable_management.action_report_dunning_letter",
                comm.ids,
            )
            self.assertIn(b"Firm reminder", html)
            self.assertIn(b"Friendly reminder", html)
            self.assertIn(fee.name.encode(), html)

            # rerun: nothing new
            self.assertFalse(self._manual_run("2026-01-23").communication_ids)
            # the database refuses a second communication to this customer in
            # this currency on this date, whatever its level
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(IntegrityError),
                self.cr.savepoint(),
            ):
                comm.copy({"level_id": self.level1.id, "state": "done"})
                self.env.flush_all()

        # next time, each item moves on from its own level
        with freeze_time("2026-01-30"):
            run = self._manual_run("2026-01-30")
            levels = {
                line.move_line_id: line.level_id
                for line in run.communication_ids.line_ids
            }
            # the level 2 fee starts at level 1; the invoice waits for level 3
            second_fee = self._receivable_line(comm.charge_move_id)
            self.assertEqual(levels, {fee_item: self.level2, second_fee: self.level1})
            self.assertEqual(run.communication_ids.level_id, self.level2)

    def test_fee_without_any_journal_is_explained(self):
        self.policy.fee_journal_id = False
        company = self.env["res.company"].create({"name": "No journals"})
        comm = self.env["ar.dunning.communication"].new(
            {"company_id": company.id, "level_id": self.level2.id}
        )
        with self.assertRaisesRegex(UserError, "set the policy's fee journal"):
            comm._ar_fee_journal("general", {})
