from odoo.tests import freeze_time, tagged

from .test_credit_posting import CreditCase


@freeze_time("2026-03-10")
@tagged("post_install", "-at_install")
class TestCreditRisk(CreditCase):
    def pay(self, move, date):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=move.ids
        ).create({"payment_date": date})._create_payments()

    def test_late_payer_scores_worse_and_is_filterable(self):
        late = self.invoice(1000, post=True, date="2026-01-01")
        self.pay(late, "2026-02-15")  # 45 days late
        self.invoice(500, post=True, date="2026-03-01")
        on_time = self.invoice(
            1000, partner=self.partner_b, post=True, date="2026-01-01"
        )
        self.pay(on_time, "2026-01-01")
        profiles = self.env["ar.credit.profile"]._ar_score_company(self.company)
        profile_a = profiles.filtered(lambda p: p.partner_id == self.partner_a)
        profile_b = profiles.filtered(lambda p: p.partner_id == self.partner_b)
        self.assertGreater(profile_a.score, profile_b.score)
        self.assertIn("Pays 45.0 days late on average", profile_a.reasons)
        # codes and figures are stored, words are rendered for the reader
        self.assertEqual(profile_a.reason_data[0][0], "days_late")
        self.assertEqual(profile_a.reason_data[0][1]["average_days_late"], 45.0)
        self.assertIn(profile_a.reasons, self.partner_a.ar_risk_reasons)
        self.env["res.lang"]._activate_lang("fr_FR")
        profile_a.invalidate_recordset(["reasons"])
        self.assertIn("45,0", profile_a.with_context(lang="fr_FR").reasons)
        self.assertGreater(profile_a.grade, profile_b.grade)
        self.assertGreater(profile_b.suggested_limit, 0)
        self.assertEqual(self.partner_a.ar_risk_grade, profile_a.grade)
        found = self.env["res.partner"].search(
            [("ar_risk_grade", "=", profile_a.grade)]
        )
        self.assertIn(self.partner_a, found)
        self.assertNotIn(self.partner_b, found)
        # scoring again updates the same rows
        again = self.env["ar.credit.profile"]._ar_score_company(self.company)
        self.assertEqual(again, profiles)

    def test_review_activity_when_due(self):
        self.invoice(100, post=True)
        profile = self.env["ar.credit.profile"]._ar_score_company(self.company)
        self.assertFalse(profile.activity_ids)
        profile.review_date = "2026-03-01"
        self.env["ar.credit.profile"]._ar_schedule_reviews(self.company)
        self.assertEqual(len(profile.activity_ids), 1)
        self.env["ar.credit.profile"]._ar_schedule_reviews(self.company)
        self.assertEqual(len(profile.activity_ids), 1)


@tagged("post_install", "-at_install")
class TestCreditMasterData(CreditCase):
    def test_invalid_vat_siren_and_duplicates_are_flagged(self):
        france = self.env.ref("base.fr")
        self.partner_a.write(
            {
                "is_company": True,
                "country_id": france.id,
                "vat": "FR40303265046",
                "company_registry": "732829321",
            }
        )
        warning = self.partner_a.ar_credit_data_warning
        self.assertIn("FR40303265046", warning)
        self.assertIn("732829321", warning)
        self.partner_a.write({"vat": "FR40303265045", "company_registry": "732829320"})
        self.partner_b.write({"is_company": True, "vat": "FR40303265045"})
        self.partner_a.invalidate_recordset()
        self.assertIn("duplicate", self.partner_a.ar_credit_data_warning)
        self.assertNotIn("not valid", self.partner_a.ar_credit_data_warning)
        # every customer is checked, with or without a credit limit, and
        # saving is never blocked
        self.partner_b.write({"vat": "XX123"})
        self.assertIn("XX123", self.partner_b.ar_credit_data_warning)
