"""Receivable journal items: markers shared by dunning, disputes and credit."""

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    ar_disputed_amount = fields.Monetary(
        string="Disputed Amount",
        currency_field="company_currency_id",
        copy=False,
        default=0.0,
        help="Part of this receivable, in company currency, under an open "
        "dispute or deduction case. It is kept out of dunning and shown "
        "apart in the customer's exposure.",
    )

    def write(self, vals):
        # Kept by the dispute cases (which write it as superuser): a disputed
        # amount leaves the item out of dunning and overdue figures.
        if (
            "ar_disputed_amount" in vals
            and not self.env.su
            and not self.env.user.has_group(
                "account_receivable_management.group_ar_credit_manager"
            )
        ):
            raise AccessError(
                self.env._(
                    "The disputed amount of an item follows its dispute cases; "
                    "open a dispute case instead."
                )
            )
        return super().write(vals)

    @api.model
    def _ar_open_receivable_domain(self, companies=None):
        """Posted receivable items not fully reconciled, of ``companies`` and
        their branches: what the customers owe or have paid without
        application, item by item. The ORM twin of
        :meth:`_ar_open_receivable_sql`."""
        domain = [
            ("parent_state", "=", "posted"),
            ("account_id.account_type", "=", "asset_receivable"),
            ("reconciled", "=", False),
        ]
        if companies is not None:
            domain.append(("company_id", "child_of", companies.ids))
        return domain

    @api.model
    def _ar_open_receivable_sql(
        self, companies, partner_ids=None, as_of=None, alias="aml", residual=None
    ):
        """The one definition of an open receivable item, as an SQL condition.

        On the journal item ``alias``: posted, on a receivable account, of
        ``companies`` or one of their branches, of the commercial partners
        ``partner_ids`` (their contacts included; None: every customer),
        dated on or before ``as_of`` (None: any date), with a residual.
        ``residual`` is the SQL of the item's residual; by default Odoo's
        live ``amount_residual`` of an item not reconciled (the aging passes
        its residual on the as-of date); ``False``: every receivable item,
        open or not (the ledger balance beside the aging). No query of its
        own: the companies' branches and the partners' contacts are
        subqueries.
        """
        table = SQL.identifier(alias)
        conditions = [
            SQL("%s.parent_state = 'posted'", table),
            SQL(
                "%s.account_id IN (SELECT id FROM account_account"
                " WHERE account_type = 'asset_receivable')",
                table,
            ),
            SQL(
                "%s.company_id IN (SELECT id FROM res_company"
                " WHERE parent_path LIKE ANY(%s))",
                table,
                [f"{path}%" for path in companies.sudo().mapped("parent_path")],
            ),
        ]
        if residual is None:
            conditions.append(
                SQL(
                    "%s.reconciled IS NOT TRUE AND %s.amount_residual <> 0",
                    table,
                    table,
                )
            )
        elif residual is not False:
            conditions.append(SQL("%s <> 0", residual))
        if partner_ids is not None:
            conditions.append(
                SQL(
                    "%s.partner_id IN (SELECT id FROM res_partner"
                    " WHERE commercial_partner_id = ANY(%s))",
                    table,
                    list(partner_ids),
                )
            )
        if as_of is not None:
            conditions.append(SQL("%s.date <= %s", table, as_of))
        return SQL("(%s)", SQL(" AND ").join(conditions))
