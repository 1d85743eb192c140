from odoo import fields, models
from odoo.exceptions import UserError
from odoo.orm.model_classes import add_to_registry
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class ArTestOrder(models.Model):
    """An order of another module (a sales order, a portal cart, an import)
    that asks our credit check before it confirms, as README tells them to."""

    _module = None  # a throwaway model: only the test adds it to the registry
    _name = "ar.test.order"
    _description = "Order of another module (test)"

    partner_id = fields.Many2one("res.partner", required=True)
    amount = fields.Monetary(currency_field="currency_id")
    currency_id = fields.Many2one("res.currency", required=True)
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Confirmed")], default="draft"
    )

    def action_confirm(self):
        for order in self:
            check = order.partner_id._ar_credit_check(order.amount, order.currency_id)
            if not check["allowed"]:
                raise UserError("\n".join(r["message"] for r in check["reasons"]))
        self.state = "confirmed"


@tagged("post_install", "-at_install")
class TestCreditCheckCalledByAnotherModule(AccountTestInvoicingCommon):
    """``res.partner._ar_credit_check`` is the hook other modules call: a model
    of another module gets the same decision as our invoices do.

    odoo-test-helper's FakeModelLoader (2.1.3, the last release) fails at
    import on Odoo 19 (OCA/odoo-test-helper#45); its maintainers point to
    Odoo's own ``add_to_registry`` for 19.0 (OCA/odoo-test-helper#52)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        add_to_registry(cls.registry, ArTestOrder)
        cls.registry._setup_models__(cls.env.cr, [ArTestOrder._name])
        cls.registry.init_models(
            cls.env.cr, [ArTestOrder._name], {"models_to_check": True}
        )
        cls.addClassCleanup(cls.registry.__delitem__, ArTestOrder._name)
        cls.env.company.write(
            {"account_use_credit_limit": True, "ar_credit_policy_mode": "block"}
        )
        cls.partner_a.with_company(cls.env.company).credit_limit = 1000.0
        cls.init_invoice(
            "out_invoice", partner=cls.partner_a, amounts=[600.0], post=True
        )

    def _order(self, amount):
        # a throwaway model has no access rules: its orders are handled as superuser
        return (
            self.env[ArTestOrder._name]
            .sudo()
            .create(
                {
                    "partner_id": self.partner_a.id,
                    "amount": amount,
                    "currency_id": self.env.company.currency_id.id,
                }
            )
        )

    def test_order_within_the_limit_confirms(self):
        order = self._order(300.0)
        order.action_confirm()
        self.assertEqual(order.state, "confirmed")

    def test_order_over_the_limit_is_refused_with_our_reason(self):
        exposure = self.partner_a._ar_credit_check(0.0)["exposure"]
        order = self._order(1000.0 - exposure + 1.0)
        with self.assertRaises(UserError) as refused:
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        check = self.partner_a._ar_credit_check(order.amount)
        self.assertEqual(check["level"], "block")
        self.assertEqual([r["code"] for r in check["reasons"]], ["over_limit"])
        self.assertIn(check["reasons"][0]["message"], str(refused.exception))

    def test_customer_on_hold_is_refused_even_a_small_order(self):
        self.partner_a._ar_set_credit_hold(True, "Cheque returned")
        order = self._order(1.0)
        with self.assertRaises(UserError) as refused:
            order.action_confirm()
        check = self.partner_a._ar_credit_check(1.0)
        self.assertEqual([r["code"] for r in check["reasons"]], ["on_hold"])
        self.assertIn(check["reasons"][0]["message"], str(refused.exception))
        self.assertEqual(order.state, "draft")
