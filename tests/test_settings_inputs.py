from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestSettingsInputs(TransactionCase):
    """Numeric settings outside dunning and credit refuse absurd values."""

    def test_cash_application_settings_within_range(self):
        company = self.env.company
        for values in (
            {"ar_cash_tolerance": -5},
            {"ar_cash_auto_threshold": 1.5},
            {"ar_cash_auto_threshold": -0.1},
            {"ar_cash_auto_threshold": float("nan")},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                company.write(values)
        company.write({"ar_cash_tolerance": 5, "ar_cash_auto_threshold": 0.95})

    def test_kpi_months_within_range(self):
        Wizard = self.env["ar.kpi.snapshot.wizard"]
        for months in (0, -3, 121, 2**31, 10**12):
            with self.subTest(months=months), self.assertRaises(ValidationError):
                Wizard.create({"months": months})
        self.assertEqual(Wizard.create({"months": 24}).months, 24)
