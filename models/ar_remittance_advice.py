"""Remittance advices received by email.

The mail alias ``remittance@`` (data/ar_remittance_alias.xml) creates one
advice per incoming email (``message_new``); its body and attachments (PDF,
CSV, XLSX or text) are read into invoice references and amounts by the pure
``engine/remittance.py`` (PDF text by ``pdftotext``, else Odoo's own PDF
reader). When proposals are computed, an open advice whose total is the amount
of a bank line adds its references to that line's remittance: the matcher
then checks them like any reference (right customer, every cent explained).
"""

import logging
import shutil
import subprocess
from io import BytesIO

from odoo import api, fields, models
from odoo.tools import html2plaintext
from odoo.tools.pdf import PdfReader

from odoo.addons.account_receivable_management.engine import remittance

_logger = logging.getLogger(__name__)


def advice_text(raw, filename="", mimetype=""):
    """Plain text of a PDF file: ``pdftotext -layout`` when installed (keeps
    the columns of a table on one line), else Odoo's PDF reader."""
    if shutil.which("pdftotext"):
        done = subprocess.run(
            ["pdftotext", "-layout", "-q", "-", "-"],
            input=raw,
            capture_output=True,
            timeout=30,
            check=False,
        )
        if done.returncode == 0:
            return done.stdout.decode("utf-8", errors="replace")
    reader = PdfReader(BytesIO(raw))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def advice_lines(raw, filename="", mimetype=""):
    """Advice lines of a file: PDF through its text, the rest by the engine."""
    if filename.lower().endswith(".pdf") or mimetype == "application/pdf":
        return remittance.parse_text(advice_text(raw, filename, mimetype))
    return remittance.parse(raw, filename, mimetype or "")


class ArRemittanceAdvice(models.Model):
    _name = "ar.remittance.advice"
    _description = "Remittance Advice"
    _inherit = "mail.thread"
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Subject", required=True, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one("res.partner", string="Sender", check_company=True)
    email_from = fields.Char(string="From")
    advice_lines = fields.Json(
        readonly=True, help="[reference, amount] pairs read from the advice."
    )
    content = fields.Text(
        compute="_compute_content", string="Invoices and Amounts Read"
    )
    amount_total = fields.Monetary(
        readonly=True, help="Sum of the amounts the advice lists: the payment."
    )
    statement_line_id = fields.Many2one(
        "account.bank.statement.line",
        string="Bank Line",
        readonly=True,
        check_company=True,
        index="btree_not_null",
        help="The bank line whose proposal read this advice.",
    )

    @api.depends("advice_lines")
    def _compute_content(self):
        for advice in self:
            advice.content = "\n".join(
                f"{reference}\t{amount or ''}"
                for reference, amount in advice.advice_lines or ()
            )

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """An email to the alias: one advice, read from the email's body
        (attachments are read when the gateway posts them)."""
        author = self.env["res.partner"].browse(msg_dict.get("author_id") or [])
        values = {
            "name": msg_dict.get("subject") or "/",
            "email_from": msg_dict.get("email_from"),
            "partner_id": author.commercial_partner_id.id or False,
            **(custom_values or {}),
        }
        advice = super().message_new(msg_dict, custom_values=values)
        advice._ar_read(html2plaintext(msg_dict.get("body") or ""), [])
        return advice

    def _message_post_after_hook(self, message, msg_vals):
        """Attachments of an incoming email (or posted by a user) are read."""
        result = super()._message_post_after_hook(message, msg_vals)
        if message.attachment_ids:
            self._ar_read("", message.attachment_ids)
        return result

    def _ar_read(self, body, attachments):
        """Add the advice lines of ``body`` and ``attachments``; the total is
        the sum of the amounts when every line has one."""
        for advice in self:
            found = [
                [line.reference, str(line.amount) if line.amount is not None else ""]
                for line in remittance.parse_text(body)
            ]
            for attachment in attachments:
                try:
                    lines = advice_lines(
                        attachment.raw or b"",
                        attachment.name or "",
                        attachment.mimetype,
                    )
                except Exception:  # noqa: BLE001 - an unreadable file is no advice
                    _logger.info("Remittance advice %s not readable", attachment.name)
                    continue
                found += [
                    [
                        line.reference,
                        str(line.amount) if line.amount is not None else "",
                    ]
                    for line in lines
                ]
            every = [*(advice.advice_lines or ()), *found]
            amounts = [amount for _ref, amount in every]
            advice.write(
                {
                    "advice_lines": every,
                    "amount_total": sum(float(a) for a in amounts)
                    if every and all(amounts)
                    else 0.0,
                }
            )

    @api.model
    def _ar_for_statement_lines(self, st_lines):
        """Remittance text of the open advices, by statement line id: an advice
        goes to the one bank line of its company with its total (of the
        advice's sender when several lines have that amount)."""
        if not st_lines:
            return {}
        advices = self.search(
            [
                ("company_id", "in", st_lines.company_id.ids),
                ("amount_total", ">", 0),
                "|",
                ("statement_line_id", "=", False),
                ("statement_line_id", "in", st_lines.ids),
            ]
        )
        by_amount = st_lines.grouped(
            lambda st: (st.company_id, st.currency_id.round(st.amount))
        )
        texts = {}
        for advice in advices:
            candidates = advice.statement_line_id or by_amount.get(
                (advice.company_id, advice.currency_id.round(advice.amount_total)),
                st_lines.browse(),
            )
            if len(candidates) > 1 and advice.partner_id:
                candidates = candidates.filtered(
                    lambda st, a=advice: (
                        st.partner_id.commercial_partner_id == a.partner_id
                    )
                )
            if len(candidates) != 1:
                continue
            if advice.statement_line_id != candidates:
                advice.statement_line_id = candidates
            references = " ".join(ref for ref, _amount in advice.advice_lines or ())
            texts[candidates.id] = f"{texts.get(candidates.id, '')} {references}"
        return texts
