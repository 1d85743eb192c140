import json

from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingHttpCommon

MODULE = "account_receivable_management"
ROOT_MENUS = (f"{MODULE}.ar_receivables_menu", f"{MODULE}.ar_config_menu")
# sessionStorage keys of ar_every_menu_tour.js: the menus to open, the problems seen
MENUS_KEY = "ar_every_menu_tour.menus"
PROBLEMS_KEY = "ar_every_menu_tour.problems"
# Screens known to be broken, with the issue that fixes them: the tour reports
# them in the log and fails on any other. Remove an entry when it is fixed.
# e.g. {f"{MODULE}.ar_aged_receivables_menu": "issue 15 item 1"}
KNOWN_BROKEN = {}


@tagged("post_install", "-at_install")
class TestEveryMenuInTheBrowser(AccountTestInvoicingHttpCommon):
    """Every menu entry of the addon opens a working screen in the browser, for
    a Receivables user and for a credit manager. The entries are read from
    ir.ui.menu when the test runs: menus added later are covered too."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        users = {}
        for login, group in (
            ("ar_tour_user", f"{MODULE}.group_ar_user"),
            ("ar_tour_manager", f"{MODULE}.group_ar_credit_manager"),
        ):
            users[login] = new_test_user(
                cls.env,
                login=login,
                groups=f"base.group_user,{group}",
                company_id=company.id,
                company_ids=[company.id],
            )
        cls.ar_user = users["ar_tour_user"]
        cls.ar_manager = users["ar_tour_manager"]
        # something on the screens: an overdue invoice
        cls.init_invoice(
            "out_invoice",
            partner=cls.partner_a,
            invoice_date="2025-01-15",
            amounts=[1000.0],
            post=True,
        )

    def _menus_for(self, user):
        """Menu entries with an action under our root menus and those our
        module defines elsewhere, as the user sees them."""
        Menu = self.env["ir.ui.menu"].with_user(user)
        roots = Menu.browse([self.env.ref(xmlid).id for xmlid in ROOT_MENUS])
        ours = self.env["ir.model.data"].search(
            [("module", "=", MODULE), ("model", "=", "ir.ui.menu")]
        )
        candidates = Menu.search([("id", "child_of", roots.ids)]) | Menu.browse(
            ours.mapped("res_id")
        )
        visible = Menu._visible_menu_ids()
        # reachable: the entry and every folder above it are visible
        menus = candidates.filtered(
            lambda m: (
                m.sudo().action
                and all(int(i) in visible for i in m.parent_path.strip("/").split("/"))
            )
        )
        xmlids = menus._get_external_ids()
        return [
            {
                "id": menu.id,
                "xmlid": (xmlids.get(menu.id) or [str(menu.id)])[0],
                "path": menu.complete_name.replace("/", ">"),
                "known_broken": KNOWN_BROKEN.get((xmlids.get(menu.id) or [""])[0], ""),
                "window": menu.sudo().action._name == "ir.actions.act_window"
                and menu.sudo().action.target != "new",
            }
            for menu in menus.sorted(lambda m: (m.parent_path, m.sequence))
        ]

    def _open_every_menu(self, user):
        menus = self._menus_for(user)
        self.assertTrue(menus, "the user sees no Receivables menu")
        options = {"stepDelay": 0, "keepWatchBrowser": False, "debug": False}
        code = (
            f"sessionStorage.setItem({MENUS_KEY!r}, {json.dumps(json.dumps(menus))});"
            f"sessionStorage.removeItem({PROBLEMS_KEY!r});"
            f"odoo.startTour('ar_every_menu_tour', {json.dumps(options)});"
        )
        self.start_tour(
            "/odoo/action-account.action_move_out_invoice_type",
            "ar_every_menu_tour",
            login=user.login,
            code=code,
            timeout=60 + 15 * len(menus),
        )
        return menus

    def test_every_menu_as_receivables_user(self):
        menus = self._open_every_menu(self.ar_user)
        # the clerk sees the daily work, not the configuration
        self.assertFalse(
            [m for m in menus if "res_config_settings_menu_ar" in m["xmlid"]],
            "a Receivables user must not reach the settings",
        )

    def test_every_menu_as_credit_manager(self):
        menus = self._open_every_menu(self.ar_manager)
        self.assertTrue([m for m in menus if "ar_credit_approval_menu" in m["xmlid"]])
