from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

AR_USER_GROUPS = (
    "base.group_partner_manager,account.group_account_invoice,"
    "account_receivable_management.group_ar_user"
)


class CreditCase(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.company.write(
            {"account_use_credit_limit": True, "ar_credit_policy_mode": "block"}
        )
        cls.partner_a.credit_limit = 1000.0
        cls.ar_user = new_test_user(
            cls.env,
            login="ar_clerk",
            groups=AR_USER_GROUPS,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    @classmethod
    def invoice(cls, amount, partner=None, post=False, date="2026-03-01", company=None):
        move = cls.init_invoice(
            "out_invoice",
            partner=partner or cls.partner_a,
            invoice_date=date,
            amounts=[amount],
            taxes=[],
            company=company,
        )
        if post:
            move.with_context(ar_credit_skip_check=True).action_post()
        return move


@freeze_time("2026-03-10")
@tagged("post_install", "-at_install")
class TestCreditPosting(CreditCase):
    def test_within_limit_posts(self):
        self.invoice(600, post=True)
        move = self.invoice(400)
        move.with_user(self.ar_user).action_post()
        self.assertEqual(move.state, "posted")

    def test_over_limit_refused_with_figures(self):
        self.invoice(800, post=True)
        move = self.invoice(300)
        self.assertTrue(move.ar_credit_blocked)
        with self.assertRaises(UserError) as error:
            move.with_user(self.ar_user).action_post()
        message = str(error.exception)
        self.assertIn("credit limit", message)
        self.assertIn("1,100.00", message)
        self.assertIn("100.00", message)
        self.assertEqual(move.state, "draft")

    def test_warn_mode_only_warns(self):
        self.company.ar_credit_policy_mode = "warn"
        self.invoice(800, post=True)
        move = self.invoice(300)
        self.assertFalse(move.ar_credit_blocked)
        self.assertTrue(move.ar_credit_block_message)
        move.with_user(self.ar_user).action_post()
        self.assertEqual(move.state, "posted")

    def test_partner_override_of_policy(self):
        self.company.ar_credit_policy_mode = "warn"
        self.partner_a.ar_credit_policy_mode = "block"
        self.invoice(800, post=True)
        with self.assertRaises(UserError):
            self.invoice(300).with_user(self.ar_user).action_post()

    def test_credit_manager_override_is_traced(self):
        self.invoice(800, post=True)
        move = self.invoice(300)
        move.action_post()  # accountman is an accounting admin: credit manager
        self.assertEqual(move.state, "posted")
        (note,) = move.message_ids.filtered(
            lambda m: "overrode credit control" in m.body
        )
        self.assertIn("1,100.00", note.body)

    def test_warn_mode_traces_who_posted_over_the_limit_and_by_how_much(self):
        self.company.ar_credit_policy_mode = "warn"
        self.invoice(800, post=True)
        move = self.invoice(350)
        move.with_user(self.ar_user).action_post()
        self.assertEqual(move.state, "posted")
        for record in (move, self.partner_a):
            (note,) = record.message_ids.filtered(
                lambda m: "over the credit limit by" in m.body
            )
            self.assertIn(self.ar_user.name, note.body)
            self.assertIn("150.00", note.body)  # 800 + 350 - 1,000
        self.assertIn(move.name, note.body)
        # within the limit: no note
        self.partner_b.credit_limit = 1000
        ok = self.invoice(100, partner=self.partner_b)
        ok.with_user(self.ar_user).action_post()
        self.assertFalse(ok.message_ids.filtered(lambda m: "credit" in (m.body or "")))

    def test_skip_check_context_refused_for_a_plain_user(self):
        self.invoice(800, post=True)
        move = self.invoice(300).with_user(self.ar_user)
        with self.assertRaises(UserError):
            move.with_context(ar_credit_skip_check=True).action_post()
        self.assertEqual(move.state, "draft")
        # a credit manager may skip it (no override note either)
        move.with_user(self.env.user).with_context(
            ar_credit_skip_check=True
        ).action_post()
        self.assertEqual(move.state, "posted")

    def test_drafts_without_customer_any_type_and_currency_compute(self):
        foreign = self.setup_other_currency("EUR", rates=[("2026-01-01", 2.0)])
        for move_type in ("out_invoice", "out_refund", "in_invoice", "entry"):
            with Form(
                self.env["account.move"].with_context(default_move_type=move_type)
            ) as form:
                if move_type != "entry":
                    form.currency_id = foreign
                    with form.invoice_line_ids.new() as line:
                        line.name = "No customer yet"
                        line.price_unit = 100
            move = form.save()
            self.assertFalse(move.ar_credit_blocked)
            self.assertFalse(move.ar_credit_block_message)
        # the customer chosen later, in a foreign currency: the check applies
        self.invoice(800, post=True)
        with Form(
            self.env["account.move"].with_context(default_move_type="out_invoice")
        ) as form:
            form.currency_id = foreign
            with form.invoice_line_ids.new() as line:
                line.name = "Later"
                line.price_unit = 700  # 350 in company currency
            form.partner_id = self.partner_a
            self.assertTrue(form.ar_credit_blocked)
        move = form.save()
        self.assertTrue(move.ar_credit_blocked)
        self.assertIn("150.00", move.ar_credit_block_message)

    def test_unapplied_payment_and_drafts_in_exposure(self):
        self.invoice(800, post=True)
        refund = self.init_invoice(
            "out_refund", partner=self.partner_a, amounts=[300], taxes=[]
        )
        refund.action_post()
        self.invoice(500)  # a draft not counted by default
        check = self.partner_a._ar_credit_check(400)
        self.assertEqual(check["exposure"], 500.0)
        self.assertTrue(check["allowed"])
        self.assertEqual(self.partner_a.ar_credit_unapplied, -300.0)
        self.assertEqual(self.partner_a.ar_credit_open_receivables, 800.0)
        self.company.ar_credit_include_drafts = True
        self.partner_a.invalidate_recordset()
        check = self.partner_a._ar_credit_check(400)
        self.assertEqual(check["exposure"], 1000.0)
        self.assertFalse(check["allowed"])
        self.assertEqual(check["reasons"][0]["code"], "over_limit")
        self.assertEqual(self.partner_a.ar_credit_draft_invoices, 500.0)

    def test_batch_posting_counts_earlier_invoices(self):
        moves = self.invoice(600) + self.invoice(600)
        with self.assertRaises(UserError):
            moves.with_user(self.ar_user).action_post()

    def test_check_queries_do_not_grow_with_open_items(self):
        def count_check_queries():
            self.partner_a._ar_credit_check(10)  # warm the caches once
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.partner_a._ar_credit_check(10)
            return self.env.cr.sql_log_count - before

        self.invoice(10, post=True)
        few = count_check_queries()
        for _i in range(8):
            self.invoice(10, post=True)
        self.assertLessEqual(count_check_queries(), few)

    def test_check_costs_at_most_two_queries_per_posted_invoice(self):
        """Posting with the check: at most 2 more queries than without it,
        whatever the open items, for a group head and for a subsidiary."""
        subsidiary = self.env["res.partner"].create(
            {"name": "Subsidiary", "is_company": True, "parent_id": self.partner_a.id}
        )
        self.partner_a.credit_limit = 10**6
        subsidiary.credit_limit = 10**6

        def queries_to_post(partner, **context):
            move = self.invoice(10, partner=partner)
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            move.with_context(**context).action_post()
            self.env.flush_all()
            self.assertEqual(move.state, "posted")
            return self.env.cr.sql_log_count - before

        for open_items in (1, 15):
            for _i in range(open_items):
                self.invoice(10, partner=subsidiary, post=True)
            for partner in (self.partner_a, subsidiary):
                queries_to_post(partner)  # warm the caches
                without, with_check = [], []
                for _round in range(3):
                    without.append(queries_to_post(partner, ar_credit_skip_check=True))
                    with_check.append(queries_to_post(partner))
                self.assertLessEqual(
                    min(with_check) - min(without),
                    2,
                    f"{partner.name}, {open_items} open items: "
                    f"{with_check} queries to post with the check, "
                    f"{without} without",
                )

    def test_contact_is_checked_on_its_commercial_entity(self):
        contact = self.env["res.partner"].create(
            {"name": "Buyer", "parent_id": self.partner_a.id}
        )
        self.invoice(800, partner=contact, post=True)
        self.assertEqual(self.partner_a.ar_credit_exposure, 800.0)
        check = contact._ar_credit_check(300)
        self.assertFalse(check["allowed"])
        self.assertEqual(check["limit"], 1000.0)
        individual = self.env["res.partner"].create({"name": "Walk-in"})
        self.assertTrue(individual._ar_credit_check(10**6)["allowed"])
        with self.assertRaises(ValidationError):
            individual._ar_credit_check(-1)

    def test_negative_limit_refused(self):
        with self.assertRaises(ValidationError):
            self.partner_a.credit_limit = -5

    def test_ar_user_cannot_change_limit_or_lift_hold(self):
        partner = self.partner_a.with_user(self.ar_user)
        with self.assertRaises(AccessError):
            partner.credit_limit = 5000
        partner._ar_set_credit_hold(True, "Bounced cheque")
        self.assertTrue(self.partner_a.ar_credit_hold)
        with self.assertRaises(AccessError):
            partner._ar_set_credit_hold(False, "Paid")
        self.partner_a._ar_set_credit_hold(False, "Paid")
        self.assertFalse(self.partner_a.ar_credit_hold)

    def test_hold_blocks_even_in_warn_mode(self):
        self.company.ar_credit_policy_mode = "warn"
        self.partner_a._ar_set_credit_hold(True, "Bounced cheque")
        with self.assertRaises(UserError) as error:
            self.invoice(10).with_user(self.ar_user).action_post()
        self.assertIn("Bounced cheque", str(error.exception))

    def test_group_head_limit_covers_subsidiaries(self):
        head = self.env["res.partner"].create(
            {"name": "Group Head", "is_company": True, "credit_limit": 1000}
        )
        subsidiary = self.env["res.partner"].create(
            {"name": "Subsidiary", "is_company": True, "parent_id": head.id}
        )
        self.assertEqual(subsidiary.commercial_partner_id, subsidiary)
        self.invoice(900, partner=subsidiary, post=True)
        self.assertEqual(head.ar_credit_group_exposure, 900.0)
        self.assertEqual(subsidiary.ar_credit_group_head_id, head)
        check = subsidiary._ar_credit_check(200)
        self.assertFalse(check["allowed"])
        self.assertEqual(check["reasons"][0]["code"], "group_over_limit")
        self.assertFalse(head._ar_credit_check(200)["allowed"])
        self.assertTrue(head._ar_credit_check(100)["allowed"])
        with self.assertRaises(UserError):
            self.invoice(200, partner=subsidiary).with_user(self.ar_user).action_post()

    def test_hold_from_overdue_items_by_cron(self):
        self.company.ar_credit_hold_days_overdue = 30
        self.invoice(100, post=True, date="2026-01-02")  # due at once: 67 days
        self.invoice(100, partner=self.partner_b, post=True)
        cron = self.env.ref("account_receivable_management.ir_cron_ar_credit_holds")
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.partner_a.invalidate_recordset()
        self.assertTrue(self.partner_a.ar_credit_hold)
        self.assertIn("67 days overdue", self.partner_a.ar_credit_hold_reason)
        self.assertFalse(self.partner_b.ar_credit_hold)
        with self.assertRaises(UserError):
            self.invoice(1).with_user(self.ar_user).action_post()


@freeze_time("2026-03-10")
@tagged("post_install", "-at_install")
class TestCreditAutoPost(CreditCase):
    """Odoo's scheduled posting (auto_post) under every credit mode."""

    def run_autopost(self, batch_size=None):
        cron = self.env.ref("account.ir_cron_auto_post_draft_entry")
        if batch_size:
            cron.code = f"model._autopost_draft_entries(batch_size={batch_size})"
        with self.enter_registry_test_mode():
            result = cron.method_direct_trigger()
        self.assertIs(result, True, "the scheduled action crashed")
        self.env.invalidate_all()

    def scheduled(self, amount, partner=None, date="2026-03-01"):
        move = self.invoice(amount, partner=partner, date=date)
        move.auto_post = "at_date"
        return move

    def test_blocked_invoice_stays_draft_with_note_and_activity(self):
        self.invoice(800, post=True)
        held = self.scheduled(300, date="2026-03-09")
        other = self.scheduled(300, partner=self.partner_b, date="2026-03-01")
        no_customer = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "date": "2026-02-01",  # Odoo's own failure, last in its order
                "auto_post": "at_date",
                "invoice_line_ids": [Command.create({"name": "x", "price_unit": 5})],
            }
        )
        # one invoice per run: the held one (newest, first in Odoo's order)
        # must not stop the others
        self.run_autopost(batch_size=1)
        self.assertEqual(other.state, "posted")
        self.assertEqual(held.state, "draft")
        self.assertEqual(no_customer.state, "draft")
        (note,) = held.message_ids.filtered(
            lambda m: "held by credit control" in m.body
        )
        self.assertIn("1,100.00", note.body)
        (activity,) = held.activity_ids
        self.assertEqual(activity.summary, "Invoice held by credit control")
        # the next runs add nothing while the activity is open
        self.run_autopost()
        self.assertEqual(len(held.activity_ids), 1)
        self.assertEqual(
            len(
                held.message_ids.filtered(lambda m: "held by credit control" in m.body)
            ),
            1,
        )
        self.assertEqual(held.state, "draft")
        # once approved, the next run posts it
        approval = self.env["ar.credit.approval"].create(
            {"move_id": held.id, "amount": 300, "reason": "x"}
        )
        approval.action_approve()
        self.run_autopost()
        self.assertEqual(held.state, "posted")

    def test_warn_and_none_modes_post(self):
        self.invoice(800, post=True)
        for mode in ("warn", "none"):
            self.company.ar_credit_policy_mode = mode
            move = self.scheduled(300)
            self.run_autopost()
            self.assertEqual(move.state, "posted", mode)
            self.assertFalse(move.activity_ids)

    def test_hold_keeps_invoice_draft_in_warn_mode(self):
        self.company.ar_credit_policy_mode = "warn"
        self.partner_a._ar_set_credit_hold(True, "Bounced cheque")
        move = self.scheduled(10)
        self.run_autopost()
        self.assertEqual(move.state, "draft")
        self.assertIn("Bounced cheque", move.activity_ids.note)


@freeze_time("2026-03-10")
@tagged("post_install", "-at_install")
class TestCreditApproval(CreditCase):
    def test_approval_round_trip(self):
        self.invoice(800, post=True)
        move = self.invoice(300).with_user(self.ar_user)
        action = move.action_ar_request_credit_approval()
        approval = (
            self.env["ar.credit.approval"]
            .with_user(self.ar_user)
            .with_context(action["context"])
            .create({"reason": "Big seasonal order"})
        )
        self.assertEqual(approval.state, "requested")
        self.assertEqual(approval.amount, 300)
        self.assertTrue(approval.activity_ids)
        with self.assertRaises(AccessError):
            approval.action_approve()
        with self.assertRaises(UserError):
            move.action_post()
        approval.with_user(self.env.user).action_approve()
        self.assertEqual(approval.state, "approved")
        self.assertEqual(approval.decided_by_id, self.env.user)
        self.assertFalse(approval.activity_ids)
        move.action_post()
        self.assertEqual(move.state, "posted")
        self.assertIn("Credit approved", move.message_ids[0].body)

    def test_approval_does_not_cover_a_bigger_invoice(self):
        self.invoice(800, post=True)
        move = self.invoice(300)
        approval = self.env["ar.credit.approval"].create(
            {"move_id": move.id, "amount": 250, "reason": "x"}
        )
        approval.action_approve()
        with self.assertRaises(UserError):
            move.with_user(self.ar_user).action_post()

    def test_approve_with_new_limit_and_reject(self):
        self.invoice(800, post=True)
        move = self.invoice(300)
        approval = self.env["ar.credit.approval"].create(
            {"move_id": move.id, "amount": 300, "reason": "x", "new_credit_limit": 2000}
        )
        approval.action_approve_new_limit()
        self.assertEqual(self.partner_a.credit_limit, 2000)
        self.assertIn("2,000.00", self.partner_a.message_ids[0].body)
        other = self.env["ar.credit.approval"].create(
            {"move_id": self.invoice(5000).id, "amount": 5000, "reason": "y"}
        )
        other.decision_comment = "Too risky"
        other.action_reject()
        self.assertEqual(other.state, "rejected")
        with self.assertRaises(UserError):
            other.action_approve()

    def test_multi_company_isolation(self):
        other = self.setup_other_company()["company"]
        other.write(
            {"account_use_credit_limit": True, "ar_credit_policy_mode": "block"}
        )
        self.partner_a.with_company(other).credit_limit = 100
        self.invoice(800, post=True)
        self.assertTrue(
            self.partner_a.with_company(other)._ar_credit_check(50)["allowed"]
        )
        self.assertEqual(
            self.partner_a.with_company(other)._ar_credit_check(50, company=other)[
                "exposure"
            ],
            0.0,
        )
        move_b = self.invoice(500, company=other)
        approval_b = self.env["ar.credit.approval"].create(
            {"move_id": move_b.id, "amount": 500, "reason": "b"}
        )
        self.assertEqual(approval_b.company_id, other)
        visible = self.env["ar.credit.approval"].with_user(self.ar_user).search([])
        self.assertNotIn(approval_b, visible)


@tagged("post_install", "-at_install")
class TestCreditViews(CreditCase):
    def test_forms_open_for_ar_user_and_plain_user_still_edits_contacts(self):
        for model in ("res.partner", "ar.credit.approval", "ar.credit.profile"):
            self.env[model].with_user(self.ar_user).get_views([(False, "form")])
        self.env["account.move"].with_user(self.ar_user).get_views([(False, "form")])
        partner = self.partner_a.with_user(self.ar_user)
        self.assertEqual(partner.ar_credit_available, 1000.0)
        clerk = new_test_user(
            self.env,
            login="plain_clerk",
            groups="base.group_user,base.group_partner_manager",
            company_id=self.company.id,
        )
        self.partner_a.with_user(clerk).write({"name": "Renamed"})
        self.assertEqual(self.partner_a.name, "Renamed")

    def test_credit_settings_in_one_place(self):
        arch = self.env["res.config.settings"].get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        root = etree.fromstring(arch)
        (block,) = root.xpath("//block[@name='ar_settings_block']")
        for name in (
            "account_use_credit_limit",
            "account_default_credit_limit",
            "ar_credit_policy_mode",
        ):
            self.assertTrue(block.xpath(f".//field[@name='{name}']"), name)
            self.assertEqual(len(root.xpath(f"//field[@name='{name}']")), 1, name)

    def test_limit_editable_by_credit_managers_only(self):
        profile = self.env["ar.credit.profile"].create(
            {"partner_id": self.partner_a.id, "company_id": self.company.id}
        )
        self.assertTrue(self.partner_a.ar_credit_limit_editable)
        self.assertTrue(profile.credit_limit_editable)
        profile.credit_limit = 2500
        self.assertEqual(self.partner_a.credit_limit, 2500)
        self.assertIn("2,500.00", self.partner_a.message_ids[0].body)
        clerk_partner = self.partner_a.with_user(self.ar_user)
        self.assertFalse(clerk_partner.ar_credit_limit_editable)
        self.assertFalse(profile.with_user(self.ar_user).credit_limit_editable)
        with self.assertRaises(AccessError):
            clerk_partner.write({"credit_limit": 9000})
        with self.assertRaises(AccessError):
            profile.with_user(self.ar_user).credit_limit = 9000
        self.assertEqual(self.partner_a.credit_limit, 2500)
