"""Companies kept apart, for every model of the addon.

The models are enumerated from the registry: a model added later without a
company field, a multi-company rule or a factory below makes this test fail.
"""

from contextlib import closing
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

MODULE = "account_receivable_management"
USER_GROUPS = (
    "account.group_account_manager,"
    "account_receivable_management.group_ar_credit_manager"
)


def _records_of(d, link):
    """Values of one record per model, in company ``d``, linking the records
    of company ``link`` (``d`` itself for a consistent record). ``None``: the
    model links no record that belongs to a company other than its own
    (its company follows its parent or it links only shared data)."""
    same = d is link
    return {
        "ar.aging.report.wizard": {
            "company_ids": [Command.set(d.company.ids)],
            "partner_ids": [Command.set(link.partner.ids)],
        },
        "ar.aging.line": {
            "wizard_id": d.aging.id,
            "company_id": d.company.id,
            "currency_id": d.company.currency_id.id,
            "partner_id": link.partner.id,
        },
        "ar.allowance.policy": {
            "company_id": d.company.id,
            "expense_account_id": link.data["default_account_expense"].id,
            "allowance_account_id": link.data["default_account_receivable"].id,
            "journal_id": link.data["default_journal_misc"].id,
        },
        "ar.allowance.specific": {
            "policy_id": d.allowance.id,
            "partner_id": link.partner.id,
            "amount": 10,
        },
        "ar.cash.compute.wizard": {
            "company_id": d.company.id,
            "proposal_ids": [Command.set(link.proposal.ids)],
        },
        "ar.collection.call": {
            "customer_id": d.worklist.id,
            "move_line_ids": [Command.set(link.item.ids)],
        },
        "ar.collection.contact": same
        and {"customer_id": d.worklist.id, "kind": "call"},
        "ar.collection.customer": {
            "partner_id": d.partner.id,
            "company_id": d.company.id,
            "team_id": link.collection_team.id,
        },
        "ar.collection.escalation": {
            "customer_id": d.worklist.id,
            "note": "test",
            "move_line_ids": [Command.set(link.item.ids)],
        },
        "ar.collection.reminder": {
            "customer_id": d.worklist.id,
            "level_id": link.level.id,
        },
        "ar.collection.rule": {
            "name": "Rule",
            "company_id": d.company.id,
            "team_id": link.collection_team.id,
        },
        "ar.collection.team": {
            "name": "Collectors",
            "company_id": d.company.id,
            "leader_id": link.user.id,
        },
        "ar.cash.proposal": {
            "statement_line_id": d.statement_line.id,
            "partner_id": link.partner.id,
        },
        "ar.cash.proposal.line": {
            "proposal_id": d.proposal.id,
            "move_line_id": link.item.id,
            "amount": 10,
        },
        "ar.credit.approval": same
        and {"move_id": d.draft.id, "amount": 10, "reason": "test"},
        "ar.credit.hold.wizard": {
            "company_id": d.company.id,
            "partner_ids": [Command.set(link.partner.ids)],
            "reason": "test",
        },
        "ar.credit.profile": {
            "company_id": d.company.id,
            "partner_id": link.partner.id,
        },
        "ar.deduction.wizard": {
            "invoice_id": d.invoice.id,
            "reason_id": link.reason.id,
        },
        "ar.dispute": {"company_id": d.company.id, "partner_id": link.partner.id},
        "ar.dispute.line": {
            "dispute_id": d.dispute.id,
            "move_id": link.invoice.id,
            "amount_currency": 10,
        },
        "ar.dispute.reason": same
        and {"name": "Test", "code": f"T{d.company.id}", "company_id": d.company.id},
        "ar.dispute.resolve.wizard": same and {"dispute_id": d.dispute.id},
        "ar.dispute.team": {
            "name": "Team",
            "company_id": d.company.id,
            "leader_id": link.user.id,
        },
        "ar.dunning.communication": {
            "run_id": d.run.id,
            "date": date(2026, 1, 15),
            "company_id": d.company.id,
            "partner_id": d.partner.id,
            "level_id": link.level.id,
            "currency_id": d.company.currency_id.id,
        },
        "ar.dunning.communication.line": {
            "communication_id": d.communication.id,
            "level_id": d.level.id,
            "move_line_id": link.item.id,
        },
        "ar.dunning.level": same
        and {
            "policy_id": d.policy.id,
            "name": "Second",
            "sequence": 20,
            "days_past_due": 30,
            "channel_email": False,
        },
        "ar.dunning.policy": {
            "name": "Policy",
            "company_id": d.company.id,
            "fee_journal_id": link.data["default_journal_sale"].id,
        },
        "ar.dunning.rate": same
        and {"date_from": date(2020, 1, 1), "rate": 4.5, "company_id": d.company.id},
        "ar.dunning.queue": same and {"run_id": d.run.id, "partner_id": d.partner.id},
        "ar.dunning.run": same and {"company_id": d.company.id},
        "ar.kpi.snapshot": {
            "month": date(2020, 1, 31),
            "company_id": d.company.id,
            "partner_id": link.partner.id,
        },
        "ar.kpi.snapshot.wizard": same
        and {"company_ids": [Command.set(d.company.ids)]},
        "ar.mass.reconcile": {
            "company_id": d.company.id,
            "partner_ids": [Command.set(link.partner.ids)],
        },
        "ar.mass.reconcile.line": {
            "wizard_id": d.mass.id,
            "debit_line_id": link.item.id,
        },
        "ar.payment.plan": {
            "partner_id": d.partner.id,
            "company_id": d.company.id,
            "move_line_ids": [Command.set(link.item.ids)],
        },
        "ar.payment.plan.line": same
        and {"plan_id": d.plan.id, "date": date(2026, 3, 1), "principal": 10},
        "ar.payment.plan.proposal": same
        and {"plan_id": d.plan.id, "amount": 10, "date": date(2026, 3, 1)},
        "ar.payer.mapping": {
            "kind": "name",
            "value": f"Payer {d.company.id}",
            "partner_id": link.partner.id,
            "company_id": d.company.id,
        },
        "ar.remittance.advice": {
            "name": "Advice",
            "company_id": d.company.id,
            "partner_id": link.partner.id,
            "statement_line_id": d.statement_line.id,
        },
        "ar.promise.to.pay": {
            "partner_id": d.partner.id,
            "company_id": d.company.id,
            "promised_date": date(2026, 2, 1),
            "amount": 10,
            "move_line_ids": [Command.set(link.item.ids)],
        },
        "ar.receivable.check": same and {"company_id": d.company.id},
        "ar.receivable.check.line": {
            "wizard_id": d.check.id,
            "account_id": link.item.account_id.id,
        },
    }


def _creator(env, name):
    """The model to create with: read-only models (journals the code writes
    as superuser) are created as superuser; the company checks still apply."""
    model = env[name]
    return model if model.has_access("create") else model.sudo()


class CompanyData:
    """The records of one company the factories link to."""

    def __init__(self, case, data):
        self.data = data
        self.company = company = data["company"]
        env = case.env
        self.user = new_test_user(
            env,
            login=f"mc_user_{company.id}",
            groups=USER_GROUPS,
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        self.partner = env["res.partner"].create(
            {"name": f"Customer of {company.name}", "company_id": company.id}
        )
        self.invoice = case.init_invoice(
            "out_invoice",
            partner=self.partner,
            amounts=[1000],
            taxes=[],
            post=True,
            company=company,
        )
        self.item = self.invoice.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        )
        self.draft = case.init_invoice(
            "out_invoice", partner=self.partner, amounts=[50], taxes=[], company=company
        )
        self.reason = env["ar.dispute.reason"].create(
            {"name": "Price", "code": f"P{company.id}", "company_id": company.id}
        )
        self.dispute = env["ar.dispute"].create(
            {"company_id": company.id, "partner_id": self.partner.id}
        )
        self.policy = env["ar.dunning.policy"].create(
            {"name": "Reminders", "company_id": company.id}
        )
        self.level = env["ar.dunning.level"].create(
            {
                "policy_id": self.policy.id,
                "name": "First",
                "days_past_due": 5,
                "channel_email": False,
            }
        )
        self.run = env["ar.dunning.run"].create({"company_id": company.id})
        self.communication = env["ar.dunning.communication"].create(
            {
                "run_id": self.run.id,
                "date": date(2026, 1, 10),
                "company_id": company.id,
                "partner_id": self.partner.id,
                "level_id": self.level.id,
                "currency_id": company.currency_id.id,
            }
        )
        self.statement_line = env["account.bank.statement.line"].create(
            {
                "journal_id": data["default_journal_bank"].id,
                "amount": 100,
                "payment_ref": f"Payment {company.id}",
                "date": date(2026, 1, 10),
            }
        )
        self.proposal = env["ar.cash.proposal"].create(
            {"statement_line_id": self.statement_line.id}
        )
        self.aging = env["ar.aging.report.wizard"].create(
            {"company_ids": [Command.set(company.ids)]}
        )
        self.mass = env["ar.mass.reconcile"].create({"company_id": company.id})
        self.check = env["ar.receivable.check"].create({"company_id": company.id})
        # the collections worklist of a second customer, its team, a plan
        partner2 = env["res.partner"].create(
            {"name": f"Second customer of {company.name}", "company_id": company.id}
        )
        self.collection_team = env["ar.collection.team"].create(
            {"name": "Team", "company_id": company.id}
        )
        self.worklist = env["ar.collection.customer"].create(
            {"partner_id": partner2.id, "company_id": company.id}
        )
        self.plan = env["ar.payment.plan"].create(
            {
                "partner_id": self.partner.id,
                "company_id": company.id,
                "move_line_ids": [Command.set(self.item.ids)],
            }
        )
        # the company's own month-end figures (the DSO trend reads them)
        env["ar.kpi.snapshot"].create(
            {"month": date(2019, 12, 31), "company_id": company.id, "dso": 40}
        )
        self.allowance = env["ar.allowance.policy"]  # the factory's, see setUpClass


@freeze_time("2026-01-20")
@tagged("post_install", "-at_install")
class TestMultiCompany(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        data_b = cls.setup_other_company(name="Company B")
        cls.env.user.company_ids |= cls.company_data["company"] | data_b["company"]
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                allowed_company_ids=[
                    cls.company_data["company"].id,
                    data_b["company"].id,
                ],
            )
        )
        cls.a = CompanyData(cls, cls.company_data)
        cls.b = CompanyData(cls, data_b)
        cls.models = sorted(
            name
            for name, model in cls.env.registry.items()
            if model._original_module == MODULE and not model._abstract
        )
        cls.records = {}
        for name in cls.models:
            cls.records[name] = {
                d: cls._ar_create(name, d)
                for d in (cls.a, cls.b)
                if cls.env[name]._auto
            }
            if name == "ar.allowance.policy":  # one per company, linked below
                cls.a.allowance, cls.b.allowance = cls.records[name].values()
        # SQL views: their rows come from the records above.
        cls.env.flush_all()
        for name in cls.models:
            if not cls.env[name]._auto:
                cls.records[name] = {
                    d: cls.env[name].search([("company_id", "=", d.company.id)])
                    for d in (cls.a, cls.b)
                }

    @classmethod
    def _ar_create(cls, name, d, link=None):
        values = _records_of(d, link or d)
        if name not in values:
            raise AssertionError(
                f"{name} has no factory in tests/test_multi_company.py: add one."
            )
        return _creator(cls.env, name).create(values[name])

    def test_every_model_has_a_company_field_and_rule(self):
        self.assertIn("ar.dunning.communication.line", self.models)
        self.assertIn("ar.aging.report.wizard", self.models)
        for name in self.models:
            with self.subTest(model=name):
                model = self.env[name]
                fields = model._fields
                company = fields.get("company_id") or fields.get("company_ids")
                self.assertTrue(company, f"{name} has no company field")
                self.assertTrue(company.store, f"{name}: company field not stored")
                self.assertTrue(model._check_company_auto or not model._auto)
                rule = self.env.ref(
                    f"{MODULE}.{name.replace('.', '_')}_rule_company",
                    raise_if_not_found=False,
                )
                self.assertTrue(rule, f"{name} has no multi-company rule")
                self.assertEqual(rule.model_id.model, name)
                self.assertFalse(
                    rule.groups, f"{name}: the rule must hold for every group"
                )
                self.assertIn(company.name, rule.domain_force)

    def test_single_company_user_sees_only_his_own(self):
        for name in self.models:
            for own, other in ((self.a, self.b), (self.b, self.a)):
                with self.subTest(model=name, user=own.user.login):
                    mine, theirs = self.records[name][own], self.records[name][other]
                    self.assertTrue(mine and theirs, f"{name}: no data to compare")
                    Model = (
                        self.env[name]
                        .with_user(own.user)
                        .with_context(allowed_company_ids=own.company.ids)
                    )
                    found = Model.search_read(
                        [("id", "in", (mine | theirs).ids)], ["id"]
                    )
                    self.assertEqual({row["id"] for row in found}, set(mine.ids))
                    self.assertEqual(Model.search_count([("id", "in", theirs.ids)]), 0)
                    Model.browse(mine.ids).read(["display_name"])
                    with self.assertRaises(AccessError):
                        Model.browse(theirs.ids).read(["display_name"])

    def assertCreateRefused(self, name, replaced, env, values):
        """Creating ``values`` is refused (``replaced``, the record of the same
        company, is removed first so that no unique constraint answers)."""
        with closing(self.cr.savepoint()):
            replaced.sudo().unlink()
            with self.assertRaises(UserError):  # AccessError is a UserError
                env[name].create(values)
        self.env.invalidate_all()

    def test_no_record_for_another_company_and_no_crossover(self):
        checked = []
        for name in self.models:
            if not self.env[name]._auto:
                continue
            with self.subTest(model=name):
                # a user of company A cannot create company B's record
                self.assertCreateRefused(
                    name,
                    self.records[name][self.b],
                    self.env(
                        user=self.a.user,
                        context={"allowed_company_ids": self.a.company.ids},
                    ),
                    _records_of(self.b, self.b)[name],
                )
                # nor anyone a record of A linking B's records
                crossed = _records_of(self.a, self.b)[name]
                if crossed:
                    self.assertCreateRefused(
                        name,
                        self.records[name][self.a],
                        _creator(self.env, name).env,
                        crossed,
                    )
                    checked.append(name)
        self.assertGreaterEqual(len(checked), 20, checked)
