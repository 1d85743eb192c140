"""Roles hold over every route: what a receivables clerk cannot do from the
screens, he cannot do over JSON-RPC (``/web/dataset/call_kw``) either."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

CLERK_GROUPS = (
    "account.group_account_invoice,account_receivable_management.group_ar_user"
)
ACCESS_ERROR = "odoo.exceptions.AccessError"


@tagged("post_install", "-at_install")
class TestSecurityRolesRpc(AccountTestInvoicingCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.clerk = new_test_user(
            cls.env,
            login="ar_rpc_clerk",
            groups=CLERK_GROUPS,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        # 800 open, then a 1,000 limit under blocking credit control.
        cls.init_invoice(
            "out_invoice", partner=cls.partner_a, amounts=[800], taxes=[], post=True
        )
        cls.partner_a.credit_limit = 1000.0
        cls.company.write(
            {"account_use_credit_limit": True, "ar_credit_policy_mode": "block"}
        )

    def setUp(self):
        super().setUp()
        self.authenticate(self.clerk.login, self.clerk.login)

    def draft(self, amount):
        return self.init_invoice(
            "out_invoice", partner=self.partner_a, amounts=[amount], taxes=[]
        )

    def foreign_currency(self):
        return (
            self.env["res.currency"]
            .with_context(active_test=False)
            .search([("id", "!=", self.company.currency_id.id)], limit=1)
        )

    def call_kw(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": kwargs or {},
            },
        )

    def assertRpcRefused(self, model, method, args, kwargs=None, error=ACCESS_ERROR):
        with self.assertRaises(JsonRpcException) as refusal:
            self.call_kw(model, method, args, kwargs)
        self.assertEqual(refusal.exception.args[0], error)

    def assertPostRefused(self, move):
        self.assertRpcRefused(
            "account.move", "action_post", [move.ids], error="odoo.exceptions.UserError"
        )
        self.assertEqual(move.state, "draft")

    # ------------------------------------------------------------ approvals

    def test_clerk_cannot_create_an_approved_approval(self):
        move = self.draft(9000)
        Approval = self.env["ar.credit.approval"]
        for decided in (
            {"state": "approved", "decided_by_id": self.clerk.id},
            {"state": "approved"},
            {"decided_by_id": self.clerk.id},
            {"state": "rejected"},
        ):
            self.assertRpcRefused(
                "ar.credit.approval",
                "create",
                [{"move_id": move.id, "amount": 9000, "reason": "x", **decided}],
            )
        self.assertFalse(Approval.search([("move_id", "=", move.id)]))
        self.assertPostRefused(move)

    def test_clerk_cannot_grow_or_move_an_approval(self):
        move, other = self.draft(9000), self.draft(8000)
        approval_id = self.call_kw(
            "ar.credit.approval",
            "create",
            [{"move_id": move.id, "amount": 10, "reason": "small part"}],
        )
        approval = self.env["ar.credit.approval"].browse(approval_id)
        self.assertEqual(approval.requested_by_id, self.clerk)
        approval.action_approve()  # the test's user is a credit manager
        for change in (
            {"amount": 9000},
            {"move_id": other.id},
            {"currency_id": self.foreign_currency().id},
            {"state": "requested"},
            {"decided_by_id": self.clerk.id},
            {"decision_date": "2020-01-01 00:00:00"},
            {"requested_by_id": self.env.user.id},
            {"new_credit_limit": 1e9},
        ):
            self.assertRpcRefused("ar.credit.approval", "write", [approval.ids, change])
        # nor through the invoice's one2many
        self.assertRpcRefused(
            "account.move",
            "write",
            [
                other.ids,
                {
                    "ar_credit_approval_ids": [
                        Command.create(
                            {"amount": 8000, "reason": "y", "state": "approved"}
                        )
                    ]
                },
            ],
        )
        self.assertRpcRefused(
            "account.move",
            "write",
            [
                move.ids,
                {
                    "ar_credit_approval_ids": [
                        Command.update(approval.id, {"amount": 9000})
                    ]
                },
            ],
        )
        self.assertRecordValues(
            approval, [{"amount": 10, "move_id": move.id, "state": "approved"}]
        )
        self.assertPostRefused(move)
        self.assertPostRefused(other)

    def test_clerk_cannot_call_the_manager_actions(self):
        move = self.draft(9000)
        approval = self.env["ar.credit.approval"].create(
            {"move_id": move.id, "amount": 9000, "reason": "x"}
        )
        for method in ("action_approve", "action_approve_new_limit", "action_reject"):
            self.assertRpcRefused("ar.credit.approval", method, [approval.ids])
        self.assertRpcRefused(
            "ar.credit.approval", "write", [approval.ids, {"decision_comment": "ok"}]
        )
        self.assertEqual(approval.state, "requested")
        self.assertEqual(self.partner_a.credit_limit, 1000.0)
        self.assertPostRefused(move)

    def test_managers_decide_only_through_the_actions(self):
        move = self.draft(9000)
        approval = self.env["ar.credit.approval"].create(
            {"move_id": move.id, "amount": 9000, "reason": "x"}
        )
        with self.assertRaises(AccessError):
            approval.write({"state": "approved"})
        approval.action_approve()
        with self.assertRaises(AccessError):
            approval.write({"amount": 90000})
        self.assertEqual(approval.decided_by_id, self.env.user)

    # ------------------------------------------------------ other manager routes

    def test_clerk_cannot_post_the_allowance(self):
        policy = self.env["ar.allowance.policy"].create(
            {
                "company_id": self.company.id,
                "expense_account_id": self.company_data["default_account_expense"].id,
                "allowance_account_id": self.company_data[
                    "default_account_receivable"
                ].id,
                "journal_id": self.company_data["default_journal_misc"].id,
            }
        )
        before = self.env["account.move"].search_count([])
        self.assertRpcRefused("ar.allowance.policy", "action_post_entry", [policy.ids])
        self.assertRpcRefused("ar.allowance.policy", "action_compute", [policy.ids])
        self.assertEqual(self.env["account.move"].search_count([]), before)
        self.assertFalse(policy.move_ids)

    def test_clerk_cannot_forge_ledger_markers(self):
        item = self.company_data["default_account_receivable"].id
        line = self.env["account.move.line"].search(
            [("account_id", "=", item), ("partner_id", "=", self.partner_a.id)], limit=1
        )
        self.assertRpcRefused(
            "account.move.line", "write", [line.ids, {"ar_disputed_amount": 800}]
        )
        self.assertFalse(line.ar_disputed_amount)

    def test_clerk_closes_disputes_only_through_the_resolution(self):
        invoice = self.draft(100)
        invoice.action_post()
        case = self.env["ar.dispute"].create(
            {
                "partner_id": self.partner_a.id,
                "line_ids": [
                    Command.create({"move_id": invoice.id, "amount_currency": 50})
                ],
            }
        )
        resolving = {"context": {"ar_dispute_resolving": True}}
        for change in (
            {"stage": "resolved"},
            {"stage": "rejected", "rejected_amount": 100},
            {"accepted_amount": 100},
            {"credit_note_ids": [Command.set(invoice.ids)]},
        ):
            self.assertRpcRefused(
                "ar.dispute",
                "write",
                [case.ids, change],
                resolving,
                error="odoo.exceptions.UserError",
            )
        self.assertRpcRefused(
            "ar.dispute.line",
            "write",
            [case.line_ids.ids, {"accepted_amount": 100}],
            error="odoo.exceptions.UserError",
        )
        self.assertEqual(case.stage, "new")
        self.assertFalse(case.line_ids.accepted_amount)
        self.assertEqual(
            invoice.line_ids.filtered("ar_disputed_amount").ar_disputed_amount, 50
        )

    def test_clerk_writes_off_only_what_matching_allows(self):
        item = self.env["account.move.line"].search(
            [
                ("partner_id", "=", self.partner_a.id),
                ("account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
            ],
            limit=1,
        )
        statement_line = self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.company_data["default_journal_bank"].id,
                "amount": 100,
                "payment_ref": "INV payment",
                "partner_id": self.partner_a.id,
            }
        )
        proposal = self.env["ar.cash.proposal"].create(
            {
                "statement_line_id": statement_line.id,
                "partner_id": self.partner_a.id,
                "line_ids": [Command.create({"move_line_id": item.id, "amount": 100})],
            }
        )
        for kind in ("tolerance", "discount", False):
            self.call_kw(
                "ar.cash.proposal.line",
                "write",
                [
                    proposal.line_ids.ids,
                    {"writeoff_amount": 700, "writeoff_kind": kind},
                ],
            )
            self.assertRpcRefused("ar.cash.proposal", "action_apply", [proposal.ids])
        self.assertEqual(proposal.state, "proposed")
        self.assertFalse(statement_line.is_reconciled)
        self.assertEqual(item.amount_residual, 800)

    def test_dashboard_figures_are_for_receivables_users(self):
        self.assertTrue(
            self.call_kw("ar.reporting.dashboard", "get_dashboard_data", [])
        )
        new_test_user(self.env, login="ar_rpc_sales", groups="base.group_user")
        self.authenticate("ar_rpc_sales", "ar_rpc_sales")
        self.assertRpcRefused("ar.reporting.dashboard", "get_dashboard_data", [])

    def test_clerk_cannot_lift_holds_or_change_limits(self):
        self.partner_a.ar_credit_hold = True
        for change in (
            {"credit_limit": 1e9},
            {"ar_credit_hold": False},
            {"ar_credit_policy_mode": "none"},
        ):
            self.assertRpcRefused("res.partner", "write", [self.partner_a.ids, change])
        wizard = self.env["ar.credit.hold.wizard"].create(
            {"partner_ids": self.partner_a.ids, "action": "lift", "reason": "x"}
        )
        self.assertRpcRefused("ar.credit.hold.wizard", "action_apply", [wizard.ids])
        self.assertTrue(self.partner_a.ar_credit_hold)
        self.assertEqual(self.partner_a.credit_limit, 1000.0)

    def test_clerk_cannot_set_an_invoice_dunning_level(self):
        invoice = self.init_invoice(
            "out_invoice", partner=self.partner_a, amounts=[100], taxes=[], post=True
        )
        policy = self.env["ar.dunning.policy"].create({"name": "Policy"})
        level = self.env["ar.dunning.level"].create(
            {
                "policy_id": policy.id,
                "name": "Friendly",
                "days_past_due": 7,
                "mail_template_id": self.env.ref(
                    "account_receivable_management.mail_template_dunning"
                ).id,
            }
        )
        self.assertRpcRefused(
            "account.move",
            "write",
            [invoice.ids, {"ar_dunning_level_id": level.id}],
        )
        self.assertFalse(invoice.ar_dunning_level_id)
        # the runs set it whoever validates them
        invoice.with_user(self.clerk)._ar_set_dunning_level(level)
        self.assertEqual(invoice.ar_dunning_level_id, level)
