"""The open receivable totals kept by the database equal the ledger, to the cent.

After each kind of change (posting, partial and full payment, unreconcile,
reversal, reset to draft, cancel, foreign currency, branch, second company,
dispute, contact moved, account type changed) the balances are compared with
a fresh sum over the journal items, row by row (partner, company, due date).
"""

from odoo import Command
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

FRESH = """
    SELECT l.partner_id, l.company_id, COALESCE(l.date_maturity, 'infinity'),
           COUNT(*), SUM(GREATEST(l.amount_residual, 0)),
           SUM(LEAST(l.amount_residual, 0)),
           SUM(COALESCE(l.ar_disputed_amount, 0)),
           SUM(GREATEST(l.amount_residual - COALESCE(l.ar_disputed_amount, 0), 0)),
           COUNT(*) FILTER (
               WHERE l.amount_residual - COALESCE(l.ar_disputed_amount, 0) > 0)
      FROM account_move_line l
      JOIN account_account a ON a.id = l.account_id
     WHERE a.account_type = 'asset_receivable' AND l.parent_state = 'posted'
       AND NOT l.reconciled AND l.amount_residual <> 0
       AND l.partner_id IS NOT NULL
  GROUP BY 1, 2, 3
"""
KEPT = """
    SELECT partner_id, company_id, date_maturity, item_count, open_amount,
           unapplied_amount, disputed_amount, unsettled_amount, unsettled_count
      FROM ar_credit_balance
"""


@tagged("post_install", "-at_install")
class TestCreditBalance(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_currency = cls.setup_other_currency("EUR")
        cls.company_data_2 = cls.setup_other_company()
        cls.company = cls.company_data["company"]
        cls.company.write({"child_ids": [Command.create({"name": "Branch"})]})
        cls.cr.precommit.run()  # the branch's chart
        cls.branch = cls.company.child_ids

    def assertBalancesMatchLedger(self):
        self.env.flush_all()
        self.env.cr.execute(FRESH)
        items = {row[:3]: row[3:] for row in self.env.cr.fetchall()}
        totals = {}
        for (partner, company, _due), figures in items.items():
            key = (partner, company)
            totals[key] = [
                a + b for a, b in zip(totals.get(key, [0] * 6), figures, strict=True)
            ]
        self.env.cr.execute(KEPT + " WHERE date_maturity > '-infinity'")
        by_date = {row[:3]: row[3:] for row in self.env.cr.fetchall()}
        self.env.cr.execute(KEPT + " WHERE date_maturity = '-infinity'")
        kept_totals = {row[:2]: list(row[3:]) for row in self.env.cr.fetchall()}
        self.assertEqual(by_date, items)
        self.assertEqual(kept_totals, totals)

    def invoice(self, amount, **values):
        move = self.init_invoice(
            "out_invoice", amounts=[amount], taxes=[], invoice_date="2026-03-01"
        )
        if values:
            move.write(values)
        move.action_post()
        return move

    def pay(self, move, amount, **values):
        return (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=move.ids)
            .create({"amount": amount, "payment_date": "2026-03-05", **values})
            ._create_payments()
        )

    def test_every_change_of_a_residual_is_followed(self):
        self.assertBalancesMatchLedger()
        move = self.invoice(1000)
        self.assertBalancesMatchLedger()
        self.env.cr.execute(
            KEPT + " WHERE partner_id = %s AND date_maturity = '-infinity'",
            [self.partner_a.id],
        )
        self.assertEqual(self.env.cr.fetchall()[0][3:5], (1, 1000))
        payment = self.pay(move, 300.25)
        self.assertBalancesMatchLedger()
        self.pay(move, 699.75)
        self.assertEqual(move.payment_state, "paid")
        self.assertBalancesMatchLedger()
        move.line_ids.remove_move_reconcile()
        self.assertBalancesMatchLedger()
        payment.move_id.button_draft()
        self.assertBalancesMatchLedger()
        payment.move_id.button_cancel()
        self.assertBalancesMatchLedger()
        move.button_draft()
        self.assertBalancesMatchLedger()
        move.action_post()
        reversal = move._reverse_moves(cancel=True)
        self.assertEqual(reversal.state, "posted")
        self.assertBalancesMatchLedger()
        # an overpayment: an unapplied (negative) residual
        self.pay(self.invoice(100), 150.5)
        self.assertBalancesMatchLedger()

    def test_currency_branch_company_dispute_and_contacts(self):
        foreign = self.invoice(1000, currency_id=self.other_currency.id)
        self.pay(foreign, 500, currency_id=self.other_currency.id)
        self.assertBalancesMatchLedger()
        branch = self.init_invoice(
            "out_invoice",
            amounts=[250],
            taxes=[],
            invoice_date="2026-03-01",
            company=self.branch,
        )
        branch.action_post()
        other = self.init_invoice(
            "out_invoice",
            amounts=[75],
            taxes=[],
            invoice_date="2026-03-01",
            company=self.company_data_2["company"],
        )
        other.action_post()
        self.assertBalancesMatchLedger()
        receivable = foreign.line_ids.filtered(
            lambda l: l.account_type == "asset_receivable"
        )
        receivable.sudo().ar_disputed_amount = 120
        self.assertBalancesMatchLedger()
        receivable.sudo().ar_disputed_amount = 5000
        self.assertBalancesMatchLedger()
        # a contact moved to another company: kept by partner of the item,
        # read by commercial partner
        contact = self.env["res.partner"].create(
            {"name": "Buyer", "parent_id": self.partner_a.id}
        )
        receivable_account = self.company_data["default_account_receivable"]
        entry = self.env["account.move"].create(
            {
                "move_type": "entry",
                "date": "2026-03-01",
                "line_ids": [
                    Command.create(
                        {
                            "account_id": receivable_account.id,
                            "partner_id": contact.id,
                            "debit": 40,
                        }
                    ),
                    Command.create(
                        {
                            "account_id": self.company_data[
                                "default_account_revenue"
                            ].id,
                            "credit": 40,
                        }
                    ),
                ],
            }
        )
        entry.action_post()
        self.assertBalancesMatchLedger()
        figures = self.env["res.partner"]._ar_credit_raw_figures(
            [self.partner_b.id], self.company
        )
        self.assertEqual(figures[self.partner_b.id]["open"], 0)
        contact.parent_id = self.partner_b
        figures = self.env["res.partner"]._ar_credit_raw_figures(
            [self.partner_b.id], self.company
        )
        self.assertEqual(figures[self.partner_b.id]["open"], 40)

    def test_account_leaving_receivable_and_rebuild(self):
        move = self.invoice(500)
        account = move.line_ids.filtered(
            lambda l: l.account_type == "asset_receivable"
        ).account_id
        self.env.cr.execute(
            "UPDATE account_account SET account_type = 'asset_current' WHERE id = %s",
            [account.id],
        )
        self.assertBalancesMatchLedger()
        self.env.cr.execute(
            "UPDATE account_account SET account_type = 'asset_receivable' "
            "WHERE id = %s",
            [account.id],
        )
        self.assertBalancesMatchLedger()
        # the upgrade path: filled again from the items
        self.env.cr.execute("DELETE FROM ar_credit_balance")
        self.env["account.move.line"]._ar_credit_rebuild_balances()
        self.assertBalancesMatchLedger()
        self.env.cr.execute("SELECT COUNT(*) FROM ar_credit_balance")
        self.assertTrue(self.env.cr.fetchone()[0])
