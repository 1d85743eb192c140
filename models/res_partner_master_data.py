"""Master data checks on customers given credit: VAT, SIREN/SIRET, duplicates.

Warnings only: they never block an unrelated save.
"""

from stdnum import vatin
from stdnum.fr import siren, siret
from stdnum.util import get_cc_module

from odoo import api, fields, models


def vat_is_valid(vat, country_code):
    """Check a VAT number with python-stdnum, prefixed or not by its country."""
    compact = "".join(vat.split()).upper()
    if compact[:2].isalpha() and vatin.is_valid(compact):
        return True
    module = get_cc_module((country_code or compact[:2]).lower(), "vat")
    return bool(module and module.is_valid(compact))


class ResPartner(models.Model):
    _inherit = "res.partner"

    ar_credit_data_warning = fields.Text(
        string="Master Data Warning",
        compute="_compute_ar_credit_data_warning",
        help="Problems found on a customer with a credit limit: invalid VAT, "
        "SIREN or SIRET, or another customer with the same VAT number or bank "
        "account (possible duplicate).",
    )

    @api.depends_context("company")
    @api.depends(
        "vat", "company_registry", "country_id", "bank_ids.sanitized_acc_number"
    )
    def _compute_ar_credit_data_warning(self):
        partners = self.filtered(
            lambda p: (
                p.id and p == p.commercial_partner_id and p.sudo().credit_limit > 0
            )
        )
        (self - partners).ar_credit_data_warning = False
        if not partners:
            return
        vats = [p.vat for p in partners if p.vat]
        same_vat = {}
        if vats:
            for vat, ids in self.sudo()._read_group(
                [("vat", "in", vats), ("is_company", "=", True)],
                ["vat"],
                ["id:array_agg"],
            ):
                same_vat[vat] = ids
        banks = partners.bank_ids.mapped("sanitized_acc_number")
        same_bank = {}
        if banks:
            for acc, ids in (
                self.env["res.partner.bank"]
                .sudo()
                ._read_group(
                    [("sanitized_acc_number", "in", banks)],
                    ["sanitized_acc_number"],
                    ["partner_id:array_agg"],
                )
            ):
                same_bank[acc] = set(ids)
        for partner in partners:
            problems = []
            code = partner.country_id.code
            if partner.vat and not vat_is_valid(partner.vat, code):
                problems.append(
                    self.env._("VAT number %(vat)s is not valid.", vat=partner.vat)
                )
            registry = "".join((partner.company_registry or "").split())
            if code == "FR" and registry:
                valid = (
                    siret.is_valid(registry)
                    if len(registry) == 14
                    else siren.is_valid(registry)
                )
                if not valid:
                    problems.append(
                        self.env._(
                            "SIREN/SIRET %(number)s is not valid.", number=registry
                        )
                    )
            others = set(same_vat.get(partner.vat, [])) - {partner.id}
            if others:
                problems.append(
                    self.env._(
                        "Possible duplicate: %(count)s other customers share "
                        "VAT %(vat)s.",
                        count=len(others),
                        vat=partner.vat,
                    )
                )
            for acc in partner.bank_ids.mapped("sanitized_acc_number"):
                if same_bank.get(acc, set()) - {partner.id}:
                    problems.append(
                        self.env._(
                            "Possible duplicate: bank account %(account)s is used by "
                            "another partner.",
                            account=acc,
                        )
                    )
            partner.ar_credit_data_warning = "\n".join(problems) or False
