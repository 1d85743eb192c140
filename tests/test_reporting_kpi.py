from odoo.tests import freeze_time, tagged

from .test_reporting_aging import ArAgingCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-04-15")
class TestArKpiSnapshot(ArAgingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        invoice_a = cls._invoice(cls.partner_a, 1000, "2026-01-10")
        cls._pay(invoice_a, 400, "2026-02-10")
        cls.invoice_b = cls._invoice(cls.partner_b, 2000, "2026-02-05", due_days=60)
        cls._invoice(cls.partner_a, 3000, "2026-03-20", due_days=30)
        cls.invoice_b.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        ).ar_disputed_amount = 500

    def _company_snapshot(self, snapshots, month):
        return snapshots.filtered(lambda s: not s.partner_id and str(s.month) == month)

    def test_monthly_figures_and_kpis(self):
        snapshots = self.env["ar.kpi.snapshot"]._ar_compute_snapshots(
            self.env.company, months=3, by_customer=True
        )
        self.assertEqual(
            sorted(set(snapshots.mapped("month"))),
            sorted(set(snapshots.filtered(lambda s: not s.partner_id).mapped("month"))),
        )
        jan = self._company_snapshot(snapshots, "2026-01-31")
        self.assertEqual((jan.credit_sales, jan.receivables), (1000, 1000))
        self.assertAlmostEqual(jan.dso, 31.0)
        self.assertAlmostEqual(jan.best_dso, 0.0)
        self.assertAlmostEqual(jan.add, 31.0)
        feb = self._company_snapshot(snapshots, "2026-02-28")
        self.assertEqual((feb.receivables, feb.current_receivables), (2600, 2000))
        self.assertAlmostEqual(feb.dso, 36.4)
        # countback: 28 days of February, then 600 / 1000 of January's 31 days
        self.assertAlmostEqual(feb.dso_countback, 46.6)
        self.assertAlmostEqual(feb.cei, 40.0)
        self.assertAlmostEqual(feb.turnover, 2000 / 1800, places=2)
        mar = self._company_snapshot(snapshots, "2026-03-31")
        self.assertEqual((mar.receivables, mar.overdue), (5600, 600))
        self.assertAlmostEqual(mar.dso, 5600 / 3000 * 31, delta=0.05)
        self.assertAlmostEqual(mar.share_overdue, 600 / 5600 * 100, delta=0.05)
        self.assertAlmostEqual(mar.share_disputed, 500 / 5600 * 100, delta=0.05)
        mar_a = snapshots.filtered(
            lambda s: s.partner_id == self.partner_a and str(s.month) == "2026-03-31"
        )
        self.assertEqual((mar_a.credit_sales, mar_a.receivables), (3000, 3600))

    def test_recompute_replaces_and_opens_aging(self):
        model = self.env["ar.kpi.snapshot"]
        model._ar_compute_snapshots(self.env.company, months=2)
        model._ar_compute_snapshots(self.env.company, months=2)
        snapshots = model.search([("company_id", "=", self.env.company.id)])
        self.assertEqual(len(snapshots), 2, "company level only, no duplicates")
        action = snapshots[0].action_open_receivables()
        self.assertEqual(action["res_model"], "ar.aging.line")
