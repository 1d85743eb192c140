"""Master data checks on customers: VAT, SIREN/SIRET, duplicates.

Warnings only: they never block a save. Every customer company is checked,
saved or not yet, and identifiers are compared in their compact form (python-
stdnum's ``compact``), so "FR 44 732 829 320" and "FR44732829320" are the same.
"""

from stdnum import vatin
from stdnum.fr import siren, siret
from stdnum.util import get_cc_module

from odoo import api, fields, models
from odoo.tools import SQL


def compact_vat(vat, country_code=None):
    """The VAT number with its country prefix, without spaces or punctuation."""
    text = "".join(ch for ch in (vat or "") if ch.isalnum()).upper()
    if not text:
        return ""
    if text[:2].isalpha():
        try:
            return vatin.compact(text)
        except Exception:  # noqa: BLE001 - an unknown prefix stays as typed
            return text
    module = (
        get_cc_module((country_code or "").lower(), "vat") if country_code else None
    )
    if module:
        text = module.compact(text)
    return f"{(country_code or '').upper()}{text}"


def vat_is_valid(vat, country_code):
    """Check a VAT number with python-stdnum, prefixed or not by its country."""
    compact = compact_vat(vat, country_code)
    if compact[:2].isalpha() and vatin.is_valid(compact):
        return True
    module = get_cc_module((country_code or compact[:2]).lower(), "vat")
    return bool(module and module.is_valid(compact))


def french_vat_siren(vat, country_code):
    """The SIREN inside a valid French VAT number, else ``None``."""
    compact = compact_vat(vat, country_code)
    if compact.startswith("FR") and vatin.is_valid(compact):
        digits = compact[4:]
        return digits if len(digits) == 9 and digits.isdigit() else None
    return None


class ResPartner(models.Model):
    _inherit = "res.partner"

    ar_credit_data_warning = fields.Text(
        string="Master Data Warning",
        compute="_compute_ar_credit_data_warning",
        help="Problems found on a customer: invalid VAT, SIREN or SIRET, a SIREN "
        "that is not the one of the VAT number, or another customer with the same "
        "VAT number or bank account (possible duplicate).",
    )

    ar_vat_key = fields.Char(
        string="VAT Number (compact)",
        compute="_compute_ar_vat_key",
        store=True,
        index="btree_not_null",
        help="Technical: the VAT number in its compact form with its country "
        "prefix, the key customers sharing a VAT number are found by.",
    )

    @api.depends("vat", "country_id.code")
    def _compute_ar_vat_key(self):
        for partner in self:
            partner.ar_vat_key = (
                compact_vat(partner.vat, partner.country_id.code) or False
                if partner.vat
                else False
            )

    @api.depends_context("company")
    @api.depends(
        "vat",
        "company_registry",
        "country_id",
        "is_company",
        "parent_id",
        "bank_ids.sanitized_acc_number",
    )
    def _compute_ar_credit_data_warning(self):
        partners = self.filtered(lambda p: p.is_company or not p.parent_id)
        (self - partners).ar_credit_data_warning = False
        if not partners:
            return
        keys = {p: compact_vat(p.vat, p.country_id.code) for p in partners if p.vat}
        same_vat = self._ar_partners_by_vat(set(keys.values()))
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
            own_id = partner._origin.id
            problems = []
            code = partner.country_id.code
            if partner.vat and not vat_is_valid(partner.vat, code):
                problems.append(
                    self.env._("VAT number %(vat)s is not valid.", vat=partner.vat)
                )
            registry = "".join(
                ch for ch in (partner.company_registry or "") if ch.isalnum()
            )
            if code == "FR" and registry:
                valid = (
                    siret.is_valid(registry)
                    if len(registry) == 14
                    else siren.is_valid(registry)
                )
                vat_siren = french_vat_siren(partner.vat, code)
                if not valid:
                    problems.append(
                        self.env._(
                            "SIREN/SIRET %(number)s is not valid.", number=registry
                        )
                    )
                elif vat_siren and registry[:9] != vat_siren:
                    problems.append(
                        self.env._(
                            "SIREN %(siren)s is not the one of VAT number %(vat)s "
                            "(%(vat_siren)s).",
                            siren=registry[:9],
                            vat=partner.vat,
                            vat_siren=vat_siren,
                        )
                    )
            others = same_vat.get(keys.get(partner), set()) - {own_id}
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
                if same_bank.get(acc, set()) - {own_id}:
                    problems.append(
                        self.env._(
                            "Possible duplicate: bank account %(account)s is used by "
                            "another partner.",
                            account=acc,
                        )
                    )
            partner.ar_credit_data_warning = "\n".join(problems) or False

    @api.model
    def _ar_partners_by_vat(self, compact_vats):
        """``{compact VAT: {partner ids}}`` among saved customer companies: one
        query through the index on the stored compact VAT number."""
        if not compact_vats:
            return {}
        self.env["res.partner"].flush_model(["ar_vat_key", "is_company", "active"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT ar_vat_key, ARRAY_AGG(id)
                  FROM res_partner
                 WHERE ar_vat_key IN %(keys)s AND is_company AND active
              GROUP BY ar_vat_key
                """,
                keys=tuple(compact_vats),
            )
        )
        return {key: set(ids) for key, ids in rows}
