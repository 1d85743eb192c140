"""Server side of the interactive aged receivables screen (client action).

The screen pages the customers: each call runs the aging query once for one
page of customers and the totals; a customer's items load when it is unfolded.
Exports go through the report wizard with the same options.
"""

from odoo import api, fields, models

from odoo.addons.account_receivable_management.engine import aging

PAGE_SIZE = 80
ITEMS_LIMIT = 200
ORDERS = ("name", "total", "overdue")


class ArAgingScreen(models.AbstractModel):
    _name = "ar.aging.screen"
    _description = "Aged Receivables Screen"

    @api.model
    def _ar_wizard(self, params):
        """An unsaved report wizard holding the screen's options.

        The aging runs in SQL, past the record rules: only users who may run
        the report, on the company they work in.
        """
        wizard_model = self.env["ar.aging.report.wizard"]
        wizard_model.check_access("create")
        params = params or {}
        return wizard_model.new(
            {
                "as_of_date": params.get("as_of_date")
                or fields.Date.context_today(self),
                "basis": params.get("basis") or aging.BASIS_DUE_DATE,
                "bucket_bounds": params.get("bucket_bounds") or "30, 60, 90, 120",
                "company_ids": self.env.company.ids,
            }
        )

    @api.model
    def get_page(self, params=None):
        """Options, bucket titles, one page of customers and the totals."""
        params = params or {}
        wizard = self._ar_wizard(params)
        offset = max(int(params.get("offset") or 0), 0)
        limit = min(max(int(params.get("limit") or PAGE_SIZE), 1), 500)
        order = params.get("order") if params.get("order") in ORDERS else "name"
        page = self.env["ar.aging.query"]._ar_partner_page(
            wizard._ar_options(), offset=offset, limit=limit, order=order
        )
        totals = page["totals"]
        no_partner = self.env._("Items without a customer")
        basis_field = wizard._fields["basis"]
        return {
            "as_of_date": fields.Date.to_string(wizard.as_of_date),
            "basis": wizard.basis,
            "bucket_bounds": wizard.bucket_bounds,
            "bases": basis_field._description_selection(self.env),
            "labels": wizard._ar_bucket_labels(),
            "currency_id": self.env.company.currency_id.id,
            "offset": offset,
            "limit": limit,
            "order": order,
            "lines": [
                {
                    "company_id": line["company_id"],
                    "partner_id": line["partner_id"] or False,
                    "name": line["name"] or no_partner,
                    "buckets": [float(amount) for amount in line["buckets"]],
                    "total": float(line["total"]),
                    "overdue": float(line["overdue"]),
                    "disputed": float(line["disputed"]),
                }
                for line in page["lines"]
            ],
            "totals": {
                key: (
                    [float(amount) for amount in value]
                    if key == "buckets"
                    else value
                    if key == "customers"
                    else float(value)
                )
                for key, value in totals.items()
            },
        }

    @api.model
    def get_items(self, params, partner_id):
        """The open items of one customer (``False``: items without one)."""
        wizard = self._ar_wizard(params)
        if partner_id:
            options = wizard._ar_options(partner_ids=[int(partner_id)])
        else:
            options = wizard._ar_options(without_partner=True)
        rows, count = self.env["ar.aging.query"]._ar_open_items(
            options, limit=ITEMS_LIMIT
        )
        return {
            "count": count,
            "items": [
                {
                    "id": line_id,
                    "move_id": move_id,
                    "move_name": move_name,
                    "reference": reference or "",
                    "date": fields.Date.to_string(date),
                    "aging_date": fields.Date.to_string(aging_date),
                    "days": days,
                    "bucket": bucket,
                    "residual": float(residual),
                }
                for (
                    line_id,
                    move_id,
                    move_name,
                    reference,
                    date,
                    aging_date,
                    days,
                    bucket,
                    residual,
                ) in rows
            ],
        }

    @api.model
    def action_open_items(self, params, partner_id):
        """All the open items of a customer as a journal-item list."""
        wizard = self._ar_wizard(params)
        if partner_id:
            options = wizard._ar_options(partner_ids=[int(partner_id)])
        else:
            options = wizard._ar_options(without_partner=True)
        item_ids = self.env["ar.aging.query"]._ar_open_item_ids(options)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Open items"),
            "res_model": "account.move.line",
            "views": [[False, "list"], [False, "form"]],
            "domain": [("id", "in", item_ids)],
            "context": {"create": False},
        }

    @api.model
    def action_export(self, params, kind):
        """XLSX (``xlsx``) or PDF (``pdf``) of the screen's options."""
        wizard = self._ar_wizard(params)
        wizard._ar_bounds()
        record = self.env["ar.aging.report.wizard"].create(
            {
                "as_of_date": wizard.as_of_date,
                "basis": wizard.basis,
                "bucket_bounds": wizard.bucket_bounds,
                "company_ids": self.env.company.ids,
            }
        )
        if kind == "pdf":
            return record.action_print_pdf()
        return record.action_export_xlsx()
