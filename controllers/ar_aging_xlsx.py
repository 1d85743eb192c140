"""Download of the aged receivables as an XLSX workbook."""

from odoo import http
from odoo.http import content_disposition, request


class ArAgingXlsxController(http.Controller):
    @http.route(
        "/account_receivable_management/aging_xlsx/<int:wizard_id>",
        type="http",
        auth="user",
    )
    def aging_xlsx(self, wizard_id):
        wizard = request.env["ar.aging.report.wizard"].browse(wizard_id).exists()
        if not wizard:
            raise request.not_found()
        wizard.check_access("read")
        content = wizard._ar_xlsx_content()
        filename = f"aged_receivables_{wizard.as_of_date}.xlsx"
        return request.make_response(
            content,
            headers=[
                (
                    "Content-Type",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
