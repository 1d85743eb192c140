"""What users confirmed: a payer IBAN or name belongs to this customer, or
this customer cites his own order numbers in his remittances."""

from odoo import fields, models


class ArPayerMapping(models.Model):
    _name = "ar.payer.mapping"
    _description = "Learned Payer Mapping"
    _order = "write_date desc"
    _check_company_auto = True

    kind = fields.Selection(
        [
            ("iban", "Account Number"),
            ("name", "Payer Name"),
            ("order_ref", "Order Number Cited"),
        ],
        required=True,
        default="iban",
    )
    value = fields.Char(
        required=True,
        help="IBAN without spaces, payer name, or an order number the customer "
        "cited (his remittances citing order numbers then name the invoices "
        "carrying them as customer reference).",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    _value_uniq = models.Constraint(
        "unique(company_id, kind, value)",
        "This payer is already mapped to a customer.",
    )

    def _ar_learn(self, company, partner, iban, name, order_refs=()):
        """Remember the payer of a confirmed line, and the order numbers its
        remittance cited (one query to check)."""
        wanted = []
        if iban:
            wanted.append(("iban", "".join(iban.split()).upper()))
        if name:
            wanted.append(("name", name.strip()))
        wanted.extend(("order_ref", ref.strip()) for ref in order_refs)
        if not wanted or not partner:
            return self.browse()
        existing = self.search_fetch(
            [("company_id", "=", company.id), ("value", "in", [v for _k, v in wanted])],
            ["kind", "value"],
        )
        known = {(m.kind, m.value) for m in existing}
        return self.create(
            [
                {
                    "kind": k,
                    "value": v,
                    "partner_id": partner.id,
                    "company_id": company.id,
                }
                for k, v in wanted
                if (k, v) not in known
            ]
        )
