"""Shared setup of the dunning tests: a policy of four levels, two customers."""

from odoo.tests import new_test_user

from .common import ReceivablesCase


class DunningCase(ReceivablesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        company = cls.env.company
        revenue = cls.company_data["default_account_revenue"]
        template = cls.env.ref("account_receivable_management.mail_template_dunning")
        cls.policy = cls.env["ar.dunning.policy"].create(
            {
                "name": "Test policy",
                "company_id": company.id,
                "is_default": True,
                "fee_account_id": revenue.id,
                "interest_account_id": revenue.id,
                "compensation_account_id": revenue.id,
                "fee_journal_id": cls.company_data["default_journal_misc"].id,
                "interest_mode": "statutory",
                "interest_margin": 8.0,
            }
        )
        common = {"policy_id": cls.policy.id, "mail_template_id": template.id}
        cls.level1, cls.level2, cls.level3, cls.level4 = cls.env[
            "ar.dunning.level"
        ].create(
            [
                dict(
                    common,
                    sequence=10,
                    name="Friendly reminder",
                    days_past_due=7,
                    automatic=True,
                ),
                dict(
                    common,
                    sequence=20,
                    name="Firm reminder",
                    days_past_due=21,
                    wait_days=7,
                    automatic=True,
                    channel_letter=True,
                    fee_amount=10.0,
                ),
                dict(
                    common,
                    sequence=30,
                    name="Formal notice",
                    days_past_due=45,
                    wait_days=7,
                    channel_letter=True,
                    channel_phone=True,
                    charge_interest=True,
                    charge_compensation=True,
                    attach_statement=True,
                ),
                dict(
                    common,
                    sequence=40,
                    name="Final notice",
                    days_past_due=60,
                    wait_days=7,
                    credit_hold=True,
                ),
            ]
        )
        cls.level1.with_context(lang="fr_FR").name = "Rappel amical"
        cls.partner_a.write({"email": "a@example.com", "lang": "en_US"})
        cls.partner_b.write({"email": "b@example.com", "lang": "fr_FR"})
        cls.collector = new_test_user(
            cls.env, "collector", groups="account_receivable_management.group_ar_user"
        )
        company.ar_collector_id = cls.collector

    def _manual_run(self, date):
        run = self.env["ar.dunning.run"].create({"date": date})
        run.action_preview()
        return run

    def _cron(self):
        cron = self.env.ref("account_receivable_management.ir_cron_ar_dunning")
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.env.invalidate_all()
