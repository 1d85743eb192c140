"""Dunning emails get their customer statement when they leave, not when queued."""

from odoo import models


class MailMail(models.Model):
    _inherit = "mail.mail"

    def send(self, auto_commit=False, raise_exception=False, post_send_callback=None):
        failed = self.env["ar.dunning.communication"]._ar_attach_pending_statements(
            self
        )
        return super(MailMail, self - failed).send(
            auto_commit=auto_commit,
            raise_exception=raise_exception,
            post_send_callback=post_send_callback,
        )
