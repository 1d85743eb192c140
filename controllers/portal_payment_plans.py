"""Customer portal: one's payment plans, instalments, and payment proposals."""

from odoo import fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from .portal_pages import ArPortalPages


class PortalPaymentPlans(ArPortalPages):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "payment_plan_count" in counters:
            values["payment_plan_count"] = self._ar_home_count(
                "ar.payment.plan", [("state", "!=", "draft")]
            )
        return values

    @http.route(
        ["/my/payment_plans", "/my/payment_plans/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_payment_plans(self, page=1, **kw):
        return self._ar_list_page(
            "ar.payment.plan",
            [("state", "!=", "draft")],
            "id desc",
            page,
            "/my/payment_plans",
            "payment_plan",
            "account_receivable_management.portal_my_payment_plans",
            "plans",
        )

    def _ar_plan_page(self, plan_id, **extra):
        """The plan's page; "not found" for a draft or someone else's plan."""
        plan_sudo = self._ar_document("ar.payment.plan", plan_id)
        if plan_sudo.state == "draft":
            raise request.not_found()
        return request.render(
            "account_receivable_management.portal_my_payment_plan",
            {
                **self._prepare_portal_layout_values(),
                "page_name": "payment_plan",
                "plan": plan_sudo,
                "today": fields.Date.context_today(plan_sudo),
                **extra,
            },
        )

    @http.route(
        "/my/payment_plans/<int:plan_id>",
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
    )
    def portal_my_payment_plan(self, plan_id, **kw):
        return self._ar_plan_page(plan_id, sent=kw.get("sent"))

    @http.route(
        "/my/payment_plans/<int:plan_id>/propose",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_payment_plan_propose(
        self, plan_id, amount=None, date=None, message="", **kw
    ):
        """The customer proposes to pay an amount by a date; the collector answers."""
        plan_sudo = self._ar_document("ar.payment.plan", plan_id)
        if plan_sudo.state not in ("active", "broken"):
            raise request.not_found()
        error = None
        try:
            value = float(amount or 0)
            day = fields.Date.to_date(date) if date else None
        except ValueError:
            value, day = 0.0, None
        if value <= 0 or not day:
            error = request.env._("Give an amount above zero and a date.")
        else:
            try:
                with request.env.cr.savepoint():
                    request.env["ar.payment.plan.proposal"].sudo().create(
                        {
                            "plan_id": plan_sudo.id,
                            "amount": value,
                            "date": day,
                            "message": message,
                        }
                    )
            except (UserError, ValidationError) as exc:
                error = exc.args[0]
        if error:
            return self._ar_plan_page(plan_id, error=error, amount=amount, date=date)
        return request.redirect(f"/my/payment_plans/{plan_sudo.id}?sent=1")
