"""The dunning email's body is a QWeb view, the same in every language."""

from odoo import api, models


class MailTemplate(models.Model):
    _inherit = "mail.template"

    @api.model
    def _ar_body_view_in_every_language(self, template_ids):
        """Give every installed language the body of the source language.

        The body calls a view, compiled once and translated term by term; a
        database upgraded from the inline body still holds that body, whole, in
        the other languages, and would compile it again for every email.
        """
        langs = [code for code, _name in self.env["res.lang"].get_installed()]
        for template in self.browse(template_ids).with_context(lang="en_US"):
            template.update_field_translations(
                "body_html", dict.fromkeys(langs, template.body_html)
            )
