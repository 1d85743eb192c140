from lxml import etree

from odoo import fields
from odoo.tests import freeze_time, tagged
from odoo.tools.safe_eval import safe_eval

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


@tagged("post_install", "-at_install")
@freeze_time("2026-04-15")
class TestArKpiGraph(ArAgingCommon):
    """Reporting > Receivables KPIs draws what the dashboard shows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for month in range(1, 4):
            invoice = cls._invoice(cls.partner_a, 1000 * month, f"2026-0{month}-05")
            cls._pay(invoice, 300 * month, f"2026-0{month}-25")
            cls._invoice(cls.partner_b, 500, f"2026-0{month}-10", due_days=30)
        # figures per customer too: the graph used to average them in
        cls.env["ar.kpi.snapshot"]._ar_compute_snapshots(
            cls.env.company, months=3, by_customer=True
        )

    def _graph_view(self):
        action = self.env.ref("account_receivable_management.ar_kpi_dso_trend_action")
        menu = self.env.ref("account_receivable_management.ar_kpi_dso_trend_menu")
        self.assertEqual(menu.action, action)
        self.assertEqual(action.view_mode.split(",")[0], "graph")
        return action, self.env[action.res_model].get_views([(False, "graph")])

    def test_default_graph_is_two_unstacked_lines(self):
        action, views = self._graph_view()
        arch = etree.fromstring(views["views"]["graph"]["arch"])
        self.assertEqual(arch.get("type"), "line")
        self.assertEqual(arch.get("stacked"), "0")
        self.assertIsNone(arch.get("sample"))
        groupby = [
            f.get("name") for f in arch.iter("field") if f.get("type") != "measure"
        ]
        self.assertEqual(groupby, ["month", "kind"])
        kinds = dict(self.env[action.res_model]._fields["kind"].selection)
        self.assertEqual(set(kinds), {"standard", "countback"})

    def test_graph_data_equals_dashboard_on_every_month(self):
        action, views = self._graph_view()
        arch = etree.fromstring(views["views"]["graph"]["arch"])
        measure = next(f.get("name") for f in arch.iter("field") if f.get("type"))
        model = self.env[action.res_model]
        aggregator = model._fields[measure].aggregator
        context = safe_eval(action.context or "{}")
        domain = safe_eval(action.domain or "[]")
        self.assertEqual(domain, [("partner_id", "=", False)], "company level")
        for key in context:
            if key.startswith("search_default_"):
                self.fail(f"unexpected default filter {key}")
        groups = model._read_group(
            domain, ["month:month", "kind"], [f"{measure}:{aggregator}"]
        )
        graph = {}
        for month, kind, value in groups:
            graph.setdefault(fields.Date.to_string(month.replace(day=1)), {})[kind] = (
                value
            )
        trend = self.env["ar.reporting.dashboard"].get_dashboard_data()["dso_trend"]
        self.assertEqual(len(trend), 3)
        self.assertEqual(len(graph), 3, "one point per closed month, none for April")
        for point in trend:
            month = point["month"][:8] + "01"
            self.assertAlmostEqual(graph[month]["standard"], point["dso"], places=1)
            self.assertAlmostEqual(
                graph[month]["countback"], point["dso_countback"], places=1
            )
        self.assertTrue(all(point["dso_countback"] > 0 for point in trend))

    def test_no_snapshot_for_the_month_not_closed(self):
        months = self.env["ar.kpi.snapshot"].search([]).mapped("month")
        self.assertTrue(months)
        self.assertLess(max(months), fields.Date.to_date("2026-04-01"))
