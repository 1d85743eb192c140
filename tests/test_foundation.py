from odoo import Command
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
class TestFoundation(AccountTestInvoicingCommon):
    def test_groups_hierarchy(self):
        user_group = self.env.ref("account_receivable_management.group_ar_user")
        manager_group = self.env.ref(
            "account_receivable_management.group_ar_credit_manager"
        )
        self.assertIn(user_group, manager_group.all_implied_ids)
        self.assertIn(
            manager_group,
            self.env.ref("account.group_account_manager").all_implied_ids,
            "accounting administrators are credit managers",
        )
        self.assertNotIn(manager_group, user_group.all_implied_ids)

    def test_receivables_menu_visible_to_ar_users_only(self):
        menu = self.env.ref("account_receivable_management.ar_receivables_menu")
        ar_user = self._create_user(
            "ar_user", "account_receivable_management.group_ar_user"
        )
        plain_user = self._create_user("plain", "base.group_user")
        self.assertIn(
            menu.id, self.env["ir.ui.menu"].with_user(ar_user)._visible_menu_ids()
        )
        self.assertNotIn(
            menu.id, self.env["ir.ui.menu"].with_user(plain_user)._visible_menu_ids()
        )

    def test_credit_hold_is_traced_in_chatter(self):
        partner = self.partner_a
        partner._ar_set_credit_hold(True, "Overdue over 60 days")
        self.assertTrue(partner.ar_credit_hold)
        self.assertEqual(partner.ar_credit_hold_reason, "Overdue over 60 days")
        self.assertIn("Overdue over 60 days", partner.message_ids[0].body)
        partner._ar_set_credit_hold(False, "Paid")
        self.assertFalse(partner.ar_credit_hold)
        self.assertFalse(partner.ar_credit_hold_reason)

    def test_settings_form_opens(self):
        view = self.env.ref(
            "account_receivable_management.res_config_settings_view_form_inherit_ar"
        )
        arch = self.env["res.config.settings"].get_views([(view.id, "form")])["views"][
            "form"
        ]["arch"]
        # the settings form the user opens carries our section and its fields
        self.assertIn('name="ar_dispute_dunning_scope"', arch)

    def _create_user(self, login, group_xmlid):
        return self.env["res.users"].create(
            {
                "name": login,
                "login": login,
                "group_ids": [Command.set(self.env.ref(group_xmlid).ids)],
                "company_id": self.env.company.id,
                "company_ids": [Command.set(self.env.company.ids)],
            }
        )
