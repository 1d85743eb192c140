from lxml import etree

from odoo.tests import HttpCase, freeze_time, tagged
from odoo.tools.safe_eval import safe_eval

from .test_reporting_aging import ArAgingCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-15")
class TestArDashboardData(ArAgingCommon):
    def test_figures_and_actions(self):
        late = self._invoice(self.partner_a, 1000, "2026-01-10")
        self._pay(late, 250, "2026-02-01")
        self._invoice(self.partner_b, 300, "2026-03-10", due_days=30)
        data = self.env["ar.reporting.dashboard"].get_dashboard_data()
        self.assertEqual(data["total"], 1050.0)
        self.assertEqual(data["overdue"], 750.0)
        self.assertEqual([b["amount"] for b in data["buckets"]], [300, 0, 0, 750, 0, 0])
        self.assertEqual(data["top_overdue"][0]["partner_id"], self.partner_a.id)
        # each figure opens the items behind it
        for bucket in data["buckets"]:
            items = self.env["account.move.line"].search(bucket["action"]["domain"])
            self.assertAlmostEqual(
                sum(items.mapped("amount_residual")), bucket["amount"]
            )
        if "ar.dispute" not in self.env:
            self.assertFalse(data["disputes"])

    def test_few_queries_whatever_the_book(self):
        """Today's figures in one aggregate query, the trend from the snapshots.

        It took 18 queries (3.0-3.4 s on a million items): the aging rows, the
        customers' names, the KPI action read from its XML id...
        """
        for index in range(12):
            partner = self.partner_a.copy({"name": f"Customer {index}"})
            self._invoice(partner, 100 + index, "2026-01-10")
        self.env["ar.kpi.snapshot"]._ar_compute_snapshots(self.env.company, months=2)
        dashboard = self.env["ar.reporting.dashboard"]
        dashboard.get_dashboard_data()  # warm the caches
        self.env.invalidate_all()
        with self.assertQueryCount(9):
            data = dashboard.get_dashboard_data()
        self.assertEqual(len(data["top_overdue"]), 10)
        self.assertEqual(len(data["dso_trend"]), 2)
        self.assertEqual(data["customers"], 12)
        self.assertEqual(len(dashboard.get_dso_trend(1)), 1)

    def test_labels_follow_the_user_language(self):
        """Bucket titles and action names are translated like the rest of the UI."""
        self.env["res.lang"]._activate_lang("fr_FR")
        dashboard = self.env["ar.reporting.dashboard"].with_context(lang="fr_FR")
        data = dashboard.get_dashboard_data()
        labels = [bucket["label"] for bucket in data["buckets"]]
        self.assertEqual(
            labels,
            ["Non échu", "1-30 j", "31-60 j", "61-90 j", "91-120 j", "Plus de 120 j"],
        )
        self.assertEqual(data["buckets"][0]["action"]["name"], "Non échu")
        self.assertEqual(data["total_action"]["name"], "Créances clients ouvertes")
        self.assertEqual(data["overdue_action"]["name"], "Créances clients en retard")
        # the aging report titles its columns the same way
        wizard = (
            self.env["ar.aging.report.wizard"].with_context(lang="fr_FR").create({})
        )
        self.assertEqual(wizard._ar_bucket_labels(), labels)
        # English stays as it was
        english = self.env["ar.reporting.dashboard"].with_context(lang="en_US")
        self.assertEqual(
            [bucket["label"] for bucket in english.get_dashboard_data()["buckets"]],
            ["Not due", "1-30", "31-60", "61-90", "91-120", "Over 120"],
        )


@tagged("post_install", "-at_install")
class TestArMenuScreens(ArAgingCommon):
    """Wizards a menu opens are screens of their own, buttons in the header.

    They opened as dialogs over whatever screen was open; their buttons sat in
    a footer, which Odoo shows in dialogs only.
    """

    def _menu_form(self, xmlid):
        action = self.env.ref(f"account_receivable_management.{xmlid}")
        self.assertEqual(action.target, "current")
        arch = self.env[action.res_model].get_views([(False, "form")])["views"]
        form = etree.fromstring(arch["form"]["arch"])
        return action, [b.get("name") for b in form.iterfind("header/button")]

    def test_compute_kpis(self):
        action, buttons = self._menu_form("ar_kpi_snapshot_wizard_action")
        self.assertEqual(buttons, ["action_compute"])
        wizard = self.env[action.res_model].create({"months": 1})
        self.assertEqual(wizard.display_name, "Compute KPIs")
        result = wizard.action_compute()
        self.assertEqual(result["res_model"], "ar.kpi.dso.trend")

    def test_mass_reconciliation_and_receivable_check(self):
        action, buttons = self._menu_form("ar_mass_reconcile_action")
        self.assertEqual(buttons, ["action_preview", "action_post"])
        context = safe_eval(action.context)
        wizard = self.env[action.res_model].with_context(**context).create({})
        self.assertEqual(wizard.display_name, "Mass Reconciliation")
        self.assertFalse(wizard.action_preview(), "reloads in place on its screen")
        self.assertEqual(wizard.state, "preview")
        in_dialog = self.env[action.res_model].create({}).action_preview()
        self.assertEqual(in_dialog["target"], "new")
        self._invoice(self.partner_a, 100, "2026-01-10")
        action, buttons = self._menu_form("ar_receivable_check_action")
        self.assertEqual(buttons, ["action_check"])
        context = safe_eval(action.context)
        check = self.env[action.res_model].with_context(**context).create({})
        self.assertEqual(check.display_name, "Receivable Check")
        self.assertFalse(check.action_check())
        self.assertTrue(check.line_ids)


@tagged("post_install", "-at_install")
class TestArDashboardBrowser(HttpCase):
    def test_dashboard_renders_without_js_errors(self):
        action = self.env.ref(
            "account_receivable_management.ar_receivables_dashboard_action"
        )
        code = """
            const start = Date.now();
            const check = () => {
                if (document.querySelector('.o_ar_dashboard .o_ar_card')) {
                    console.log('test successful');
                } else if (Date.now() - start > 90000) {
                    console.error('the receivables dashboard did not render');
                } else {
                    setTimeout(check, 250);
                }
            };
            check();
        """
        self.browser_js(f"/odoo/action-{action.id}", code, login="admin", timeout=180)
