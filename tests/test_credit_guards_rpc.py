"""Who follows a customer, its statement and the settings' numbers hold over RPC.

As a receivables clerk and as a plain invoicing user, over JSON-RPC
(``/web/dataset/call_kw``): a customer's collector, dunning policy and
collection agency flag are credit managers' decisions; the statement is for
receivables users; NaN and infinities in the settings are refused in words,
nothing written.
"""

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

CLERK_GROUPS = (
    "base.group_partner_manager,account.group_account_invoice,"
    "account_receivable_management.group_ar_user"
)
INVOICING_GROUPS = "base.group_partner_manager,account.group_account_invoice"
ACCESS_ERROR = "odoo.exceptions.AccessError"
VALIDATION_ERROR = "odoo.exceptions.ValidationError"


@tagged("post_install", "-at_install")
class TestCreditGuardsRpc(AccountTestInvoicingCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        common = {
            "company_id": cls.company.id,
            "company_ids": [Command.set(cls.company.ids)],
        }
        cls.clerk = new_test_user(
            cls.env, login="ar_guard_clerk", groups=CLERK_GROUPS, **common
        )
        cls.invoicing = new_test_user(
            cls.env, login="ar_guard_invoicing", groups=INVOICING_GROUPS, **common
        )
        cls.manager = new_test_user(
            cls.env,
            login="ar_guard_manager",
            groups=CLERK_GROUPS
            + ",account_receivable_management.group_ar_credit_manager",
            **common,
        )
        cls.admin = new_test_user(
            cls.env,
            login="ar_guard_admin",
            groups="base.group_system,account.group_account_manager",
            **common,
        )
        cls.policy = cls.env["ar.dunning.policy"].create({"name": "Strict"})

    def call_kw(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def assertRpcRefused(self, model, method, args, error=ACCESS_ERROR):
        with self.assertRaises(JsonRpcException) as refusal:
            self.call_kw(model, method, args)
        self.assertEqual(refusal.exception.args[0], error)
        return refusal.exception

    def test_who_follows_a_customer_is_for_credit_managers(self):
        changes = (
            {"ar_collector_id": self.clerk.id},
            {"ar_dunning_policy_id": self.policy.id},
            {"ar_collection_agency": True},
        )
        for user in (self.clerk, self.invoicing):
            self.authenticate(user.login, user.login)
            for change in changes:
                self.assertRpcRefused(
                    "res.partner", "write", [self.partner_a.ids, change]
                )
            self.assertRpcRefused(
                "res.partner",
                "create",
                [{"name": "New customer", "ar_collector_id": user.id}],
            )
            # the rest of the customer stays theirs to edit
            self.call_kw("res.partner", "write", [self.partner_a.ids, {"phone": "123"}])
        self.assertFalse(self.partner_a.ar_collector_id)
        self.assertFalse(self.partner_a.ar_dunning_policy_id)
        self.assertFalse(self.partner_a.ar_collection_agency)
        self.authenticate(self.manager.login, self.manager.login)
        for change in changes:
            self.call_kw("res.partner", "write", [self.partner_a.ids, change])
        self.assertEqual(self.partner_a.ar_collector_id, self.clerk)
        self.assertEqual(self.partner_a.ar_dunning_policy_id, self.policy)
        self.assertTrue(self.partner_a.ar_collection_agency)

    def test_statement_is_for_receivables_users(self):
        self.authenticate(self.invoicing.login, self.invoicing.login)
        self.assertRpcRefused(
            "res.partner", "action_ar_print_statement", [self.partner_a.ids]
        )
        self.authenticate(self.clerk.login, self.clerk.login)
        action = self.call_kw(
            "res.partner", "action_ar_print_statement", [self.partner_a.ids]
        )
        self.assertEqual(action["type"], "ir.actions.report")

    def raw_call_kw(self, model, method, args_json):
        """JSON-RPC with JSON text as a client may send it (``NaN``, ``Infinity``)."""
        payload = (
            '{"jsonrpc": "2.0", "method": "call", "params": {"model": "%s", '
            '"method": "%s", "args": %s, "kwargs": {}}}' % (model, method, args_json)
        )
        response = self.url_open(
            "/web/dataset/call_kw",
            data=payload,
            headers={"Content-Type": "application/json"},
        )
        return response.json().get("error", {}).get("data", {}).get("name")

    def test_nan_and_infinite_settings_refused_in_words(self):
        self.authenticate(self.admin.login, self.admin.login)
        for value in ("Infinity", "-Infinity", "NaN"):
            self.assertEqual(
                self.raw_call_kw(
                    "res.company",
                    "write",
                    f'[[{self.company.id}], {{"ar_cash_tolerance": {value}}}]',
                ),
                VALIDATION_ERROR,
            )
            self.assertEqual(
                self.raw_call_kw(
                    "res.config.settings",
                    "create",
                    f'[{{"ar_cash_tolerance": {value}, '
                    '"ar_credit_hold_days_overdue": 5}]',
                ),
                VALIDATION_ERROR,
            )
        for value in (float("inf"), float("nan")):
            with self.assertRaisesRegex(ValidationError, "Bank Fee Tolerance"):
                self.company.with_user(self.admin).ar_cash_tolerance = value
        self.assertEqual(self.company.ar_cash_tolerance, 5.0)
        self.assertFalse(self.company.ar_credit_hold_days_overdue)
