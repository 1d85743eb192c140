"""One definition of an open receivable item: a branch's invoice counts everywhere.

Credit, dunning, aging and the collection worklist read the open items of
a company through ``account.move.line._ar_open_receivable_sql``, branches
included: an invoice of a branch raises the customer's exposure, is dunned
by the company's run and is aged with the company.
"""

from datetime import date

from odoo import Command
from odoo.tests import freeze_time, tagged

from odoo.addons.account_receivable_management.models.ar_aging_query import (
    AgingOptions,
)

from .test_dunning_common import DunningCase


@tagged("post_install", "-at_install")
class TestOpenItemsBranch(DunningCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.company.write({"child_ids": [Command.create({"name": "Branch"})]})
        cls.cr.precommit.run()  # the branch's chart
        cls.branch = cls.company.child_ids
        cls.env.user.company_ids |= cls.branch

    def test_branch_invoice_counted_dunned_and_aged(self):
        with freeze_time("2026-01-01"):
            invoice = self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "company_id": self.branch.id,
                    "partner_id": self.partner_a.id,
                    "invoice_date": "2026-01-01",
                    "invoice_date_due": "2026-01-01",
                    "invoice_line_ids": [
                        Command.create({"name": "Goods", "price_unit": 700.0})
                    ],
                }
            )
            invoice.line_ids.tax_ids = False
            invoice.action_post()
        self.assertEqual(invoice.company_id, self.branch)
        item = self._receivable_line(invoice)
        amount = item.amount_residual

        figures = self.env["res.partner"]._ar_credit_raw_figures(
            [self.partner_a.id], self.company
        )
        self.assertEqual(figures[self.partner_a.id]["open"], amount, "exposure")

        with freeze_time("2026-01-09"):
            run = self._manual_run("2026-01-09")
        self.assertIn(item, run.communication_ids.line_ids.move_line_id, "dunned")

        rows = self.env["ar.aging.query"]._ar_open_item_ids(
            AgingOptions(as_of=date(2026, 1, 9), company_ids=self.company.ids)
        )
        self.assertIn(item.id, rows, "aged")

        worklist = self.env["ar.collection.customer"]._ar_gather_open(
            self.company, date(2026, 1, 9), [self.partner_a.id]
        )
        self.assertEqual(worklist[0]["open_amount"], amount, "in the worklist")
