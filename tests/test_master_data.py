from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
class TestMasterDataChecks(AccountTestInvoicingCommon):
    """Every customer company is checked, saved or not, on compact identifiers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.france = cls.env.ref("base.fr")

    def _company(self, name, **values):
        return self.env["res.partner"].create(
            {"name": name, "is_company": True, "country_id": self.france.id, **values}
        )

    def test_same_vat_written_differently_is_a_duplicate_without_credit_limit(self):
        first = self._company("Acme SA", vat="FR 44 732 829 320")
        second = self._company("ACME", vat="FR44732829320")
        third = self._company("Acme local", vat="44732829320")
        self.assertFalse(first.credit_limit)
        for partner in (first, second, third):
            self.assertIn("2 other customers", partner.ar_credit_data_warning)
        other = self._company("Other", vat="FR40303265045")
        self.assertFalse(other.ar_credit_data_warning)

    def test_siren_must_be_the_one_of_the_vat_number(self):
        partner = self._company(
            "Acme SA", vat="FR44732829320", company_registry="303265045"
        )
        warning = partner.ar_credit_data_warning
        self.assertIn("SIREN 303265045 is not the one of VAT number", warning)
        partner.company_registry = "732 829 320 00074"  # its SIRET
        self.assertFalse(partner.ar_credit_data_warning)

    def test_warning_shows_before_saving(self):
        self._company("Acme SA", vat="FR44732829320")
        values = {
            "name": "Acme again",
            "is_company": True,
            "country_id": self.france.id,
        }
        draft = self.env["res.partner"].new({**values, "vat": "FR 44 732 829 320"})
        self.assertIn("Possible duplicate", draft.ar_credit_data_warning)
        draft = self.env["res.partner"].new({**values, "vat": "FR00000000000"})
        self.assertIn("not valid", draft.ar_credit_data_warning)

    def test_duplicates_found_by_the_stored_compact_vat(self):
        first = self._company("Acme SA", vat="FR 44 732 829 320")
        local = self.env["res.partner"].create(
            {"name": "Acme local", "is_company": True, "vat": "44732829320"}
        )
        self.assertEqual(first.ar_vat_key, "FR44732829320")
        self.assertEqual(local.ar_vat_key, "44732829320")
        self.assertNotIn("duplicate", local.ar_credit_data_warning)
        # its country given: the same VAT number, both see it
        local.country_id = self.france
        self.assertEqual(local.ar_vat_key, "FR44732829320")
        self.env.invalidate_all()
        self.assertIn("1 other customers", first.ar_credit_data_warning)
