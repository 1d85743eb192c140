"""Numbers typed into the receivables settings: refused in words, never raw.

NaN or an infinity sent over RPC (JSON-RPC reads ``NaN`` and ``Infinity``)
or typed into *Settings* would reach the ORM's rounding and raise a bare
``ValueError`` or ``OverflowError``. Every number field of the addon on the
company and on the settings is checked first (:func:`check_numbers`);
business ranges stay constraints of their feature.
"""

from odoo import api, models

from .ar_number_input import check_numbers

NUMBER_TYPES = ("float", "monetary", "integer")


def _number_fields(model):
    return [
        name
        for name, field in model._fields.items()
        if name.startswith("ar_") and field.type in NUMBER_TYPES
    ]


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model_create_multi
    def create(self, vals_list):
        check_numbers(self, vals_list, _number_fields(self))
        return super().create(vals_list)

    def write(self, vals):
        check_numbers(self, [vals], _number_fields(self))
        return super().write(vals)


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    @api.model_create_multi
    def create(self, vals_list):
        check_numbers(self, vals_list, _number_fields(self))
        return super().create(vals_list)

    def write(self, vals):
        check_numbers(self, [vals], _number_fields(self))
        return super().write(vals)
