"""Refuse NaN, infinities and overflowing numbers before the ORM sees them.

Odoo rounds monetary values when they enter the cache: NaN raises a bare
``ValueError`` there, infinity an ``OverflowError``, and an integer beyond
PostgreSQL's range a raw database error. Models call :func:`check_numbers`
at the top of ``create`` and ``write`` (or inherit
:class:`ArNumberInputMixin`) so that the user reads which field is
wrong instead; ranges that make sense for the business are constraints.
"""

from odoo import api, models
from odoo.exceptions import ValidationError

from odoo.addons.account_receivable_management.engine.inputs import as_finite_number

MAX_INTEGER = 2**31 - 1
MAX_AMOUNT = 10**15


def check_numbers(model, vals_list, field_names):
    """Raise ``ValidationError`` when one of ``field_names`` is not a usable number."""
    for vals in vals_list:
        for name in field_names:
            value = vals.get(name)
            if value is None or value is False:
                continue
            field = model._fields[name]
            limit = MAX_INTEGER if field.type == "integer" else MAX_AMOUNT
            number = as_finite_number(value)
            if number is None or abs(number) > limit:
                raise ValidationError(
                    model.env._(
                        "%(field)s: %(value)s is not a number that can be used.",
                        field=field._description_string(model.env),
                        value=value,
                    )
                )


class ArNumberInputMixin(models.AbstractModel):
    """Checks the number fields named in ``_ar_number_fields`` on every
    create and write (see :func:`check_numbers`)."""

    _name = "ar.number.input.mixin"
    _description = "Number fields checked before they are stored"
    _ar_number_fields = ()

    @api.model_create_multi
    def create(self, vals_list):
        check_numbers(self, vals_list, self._ar_number_fields)
        return super().create(vals_list)

    def write(self, vals):
        check_numbers(self, [vals], self._ar_number_fields)
        return super().write(vals)
