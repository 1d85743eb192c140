"""Customer portal: dispute an invoice, follow one's cases and talk about them."""

from odoo import Command, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from odoo.addons.account_receivable_management.engine import disputes as engine
from odoo.addons.account_receivable_management.engine.inputs import as_finite_number

from .portal_pages import ArPortalPages


class PortalDisputes(ArPortalPages):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "dispute_count" in counters:
            values["dispute_count"] = self._ar_home_count("ar.dispute", [])
        return values

    def _ar_disputable_invoice(self, invoice_id, access_token):
        """The invoice if the visitor may dispute it, else "not found"."""
        invoice_sudo = self._ar_document("account.move", invoice_id, access_token)
        if (
            invoice_sudo.move_type not in ("out_invoice", "out_receipt")
            or invoice_sudo.state != "posted"
        ):
            raise request.not_found()
        return invoice_sudo

    def _ar_dispute_form_values(self, invoice_sudo, access_token, **kw):
        reasons = (
            request.env["ar.dispute.reason"]
            .sudo()
            .search(
                [
                    "|",
                    ("company_id", "=", False),
                    ("company_id", "=", invoice_sudo.company_id.id),
                ]
            )
        )
        return {
            **self._prepare_portal_layout_values(),
            "page_name": "dispute_new",
            "invoice": invoice_sudo,
            "access_token": access_token,
            "reasons": reasons,
            "error": kw.get("error"),
            # the customer says how much is contested: no default
            "amount": kw.get("amount") or "",
            "reason_id": kw.get("reason_id"),
            "message": kw.get("message", ""),
        }

    @http.route(
        "/my/invoices/<int:invoice_id>/dispute",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def portal_invoice_dispute_form(self, invoice_id, access_token=None, **kw):
        invoice_sudo = self._ar_disputable_invoice(invoice_id, access_token)
        values = self._ar_dispute_form_values(invoice_sudo, access_token, **kw)
        return request.render(
            "account_receivable_management.portal_invoice_dispute_form", values
        )

    @http.route(
        "/my/invoices/<int:invoice_id>/dispute",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_invoice_dispute_submit(
        self,
        invoice_id,
        access_token=None,
        amount=None,
        reason_id=None,
        message="",
        **kw,
    ):
        invoice_sudo = self._ar_disputable_invoice(invoice_id, access_token)
        values = {"amount": amount, "reason_id": reason_id, "message": message}
        reason = request.env["ar.dispute.reason"].sudo()
        if reason_id and str(reason_id).isdigit():
            reason = reason.browse(int(reason_id)).exists()
            if reason.company_id and reason.company_id != invoice_sudo.company_id:
                reason = reason.browse()
        try:
            value = self._ar_portal_amount(invoice_sudo, amount)
            case_sudo = self._ar_create_portal_case(
                invoice_sudo, value, reason, message
            )
        except (UserError, ValidationError) as error:
            values["error"] = error.args[0]
            form = self._ar_dispute_form_values(invoice_sudo, access_token, **values)
            return request.render(
                "account_receivable_management.portal_invoice_dispute_form", form
            )
        return request.redirect(case_sudo.get_portal_url())

    def _ar_portal_amount(self, invoice_sudo, amount):
        """The amount typed by the customer as a float, or a ``UserError`` in the
        customer's words (text, NaN, infinities, zero, negative, above what is
        left to pay)."""
        currency = invoice_sudo.currency_id
        try:
            engine.validate_disputed_amount(
                amount, invoice_sudo.amount_residual, currency.decimal_places
            )
        except engine.DisputeInputError as error:
            Dispute = request.env["ar.dispute"].sudo()
            line = Dispute.env["ar.dispute.line"].new({"move_id": invoice_sudo.id})
            raise UserError(Dispute._ar_input_error_message(error, line)) from None
        return currency.round(as_finite_number(amount))

    def _ar_create_portal_case(self, invoice_sudo, amount, reason, message):
        """Create the case as superuser: the visitor's right on the invoice was
        checked before; the amount is checked by the case itself."""
        partner = invoice_sudo.commercial_partner_id
        company = invoice_sudo.company_id
        Dispute = request.env["ar.dispute"].sudo().with_company(company)
        owner = (
            partner.with_company(company)._ar_get_collector()
            or invoice_sudo.invoice_user_id
        )
        with request.env.cr.savepoint():
            case_sudo = Dispute.create(
                {
                    "company_id": company.id,
                    "partner_id": partner.id,
                    "kind": "dispute",
                    "reason_id": reason.id,
                    "user_id": owner.id,
                    "description": message,
                    "line_ids": [
                        Command.create(
                            {
                                "move_id": invoice_sudo.id,
                                "amount_currency": amount,
                            }
                        )
                    ],
                }
            )
            case_sudo.line_ids.flush_recordset()
        author = request.env.user.partner_id
        if not request.env.user._is_public():
            case_sudo.message_subscribe(partner_ids=author.ids)
        case_sudo.message_post(
            body=message or request.env._("Dispute opened from the customer portal."),
            author_id=author.id if not request.env.user._is_public() else None,
            attachments=self._ar_portal_files(),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        invoice_sudo.message_post(
            body=request.env._(
                "The customer disputes %(amount)s on this invoice: case %(case)s.",
                amount=amount,
                case=case_sudo.name,
            )
        )
        return case_sudo

    def _ar_portal_files(self):
        """Uploaded files as (name, content) pairs for message_post."""
        return [
            (upload.filename, upload.read())
            for upload in request.httprequest.files.getlist("attachments")
            if upload and upload.filename
        ]

    @http.route(
        ["/my/disputes", "/my/disputes/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_disputes(self, page=1, **kw):
        return self._ar_list_page(
            "ar.dispute",
            [],
            "date_opened desc, id desc",
            page,
            "/my/disputes",
            "dispute",
            "account_receivable_management.portal_my_disputes",
            "cases",
        )

    @http.route("/my/disputes/<int:case_id>", type="http", auth="public", website=True)
    def portal_my_dispute(self, case_id, access_token=None, **kw):
        case_sudo = self._ar_document("ar.dispute", case_id, access_token)
        values = self._get_page_view_values(
            case_sudo,
            access_token or case_sudo._portal_ensure_token(),
            {"page_name": "dispute", "case": case_sudo},
            "my_disputes_history",
            False,
            **kw,
        )
        return request.render("account_receivable_management.portal_my_dispute", values)
