from datetime import timedelta

from odoo.tests import tagged

from .test_collections_worklist import CollectionsCase


@tagged("post_install", "-at_install")
class TestCollectionsEffectiveness(CollectionsCase):
    def test_figures_per_collector(self):
        move = self._invoice(self.partner_a, 1000.0, 30)
        row = self._row(self.partner_a)
        Contact = self.env["ar.collection.contact"].sudo()
        Contact.create(
            {
                "customer_id": row.id,
                "user_id": self.collector.id,
                "kind": "call",
                "reached": True,
                "date": self.today - timedelta(days=2),
            }
        )
        Contact.create(
            {
                "customer_id": row.id,
                "user_id": self.collector.id,
                "kind": "call",
                "reached": True,
                "date": self.today - timedelta(days=30),
            }
        )
        # sudo keeps the collector as author (a collector may not post on customers)
        Promise = self.env["ar.promise.to.pay"].with_user(self.collector).sudo()
        Promise.create(
            {
                "partner_id": self.partner_a.id,
                "amount": 600.0,
                "promised_date": self.today,
            }
        ).state = "kept"
        Promise.create(
            {
                "partner_id": self.partner_a.id,
                "amount": 400.0,
                "promised_date": self.today,
            }
        ).state = "broken"
        Promise.create(
            {
                "partner_id": self.partner_a.id,
                "amount": 1.0,
                "promised_date": self.today,
            }
        )
        self._pay(move, 700.0)
        self.env.flush_all()
        figures = self.env["ar.collection.effectiveness"].ar_dashboard_figures()
        mine = next(
            row for row in figures["collectors"] if row["id"] == self.collector.id
        )
        self.assertEqual(mine["promises_made"], 3)
        self.assertEqual(mine["promises_kept"], 1)
        self.assertEqual(mine["kept_percent"], 50.0, "open promises are not counted")
        self.assertEqual(mine["contacts"], 2)
        self.assertEqual(
            mine["collected_14d"], 700.0, "only the contact of 2 days ago counts"
        )

    def test_dashboard_card_last_90_days_most_collected_first(self):
        move = self._invoice(self.partner_a, 1000.0, 30)
        self._invoice(self.partner_b, 500.0, 30)
        row_a, row_b = self._row(self.partner_a), self._row(self.partner_b)
        row_b.collector_id = self.other_collector
        Contact = self.env["ar.collection.contact"].sudo()
        for row, user, days_ago in (
            (row_a, self.collector, 3),
            (row_b, self.other_collector, 2),
            (row_b, self.other_collector, 120),  # before the card's period
        ):
            Contact.create(
                {
                    "customer_id": row.id,
                    "user_id": user.id,
                    "kind": "call",
                    "reached": True,
                    "date": self.today - timedelta(days=days_ago),
                }
            )
        self._pay(move, 800.0)
        self.env.flush_all()
        card = self.env["ar.collection.effectiveness"].ar_dashboard_collectors()
        self.assertEqual(card["days"], 90)
        self.assertEqual(card["currency_id"], self.env.company.currency_id.id)
        first, second = card["collectors"][:2]
        self.assertEqual(first["id"], self.collector.id, "most collected first")
        self.assertEqual(first["collected_14d"], 800.0)
        self.assertEqual(second["id"], self.other_collector.id)
        self.assertEqual(second["contacts"], 1, "the call of 120 days ago is out")
        self.assertIn(("user_id", "=", self.collector.id), first["action"]["domain"])
        self.assertEqual(first["action"]["res_model"], "ar.collection.effectiveness")
