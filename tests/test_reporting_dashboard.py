from odoo.tests import HttpCase, freeze_time, tagged

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


@tagged("post_install", "-at_install")
class TestArDashboardBrowser(HttpCase):
    def test_dashboard_renders_without_js_errors(self):
        action = self.env.ref(
            "account_receivable_management.action_ar_receivables_dashboard"
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
