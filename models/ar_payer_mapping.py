"""What users confirmed: a payer IBAN or name belongs to this customer."""

from odoo import fields, models


class ArPayerMapping(models.Model):
    _name = "ar.payer.mapping"
    _description = "Learned Payer Mapping"
    _order = "write_date desc"
    _check_company_auto = True

    kind = fields.Selection(
        [("iban", "Account Number"), ("name", "Payer Name")],
        required=True,
        default="iban",
    )
    value = fields.Char(required=True, help="IBAN without spaces, or payer name.")
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

    def _ar_learn(self, company, partner, iban, name):
        """Remember the payer of a confirmed line (one query to check)."""
        wanted = []
        if iban:
            wanted.append(("iban", "".join(iban.split()).upper()))
        if name:
            wanted.append(("name", name.strip()))
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
