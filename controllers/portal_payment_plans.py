"""Customer portal: one's payment plans, instalments, and payment proposals."""

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class PortalPaymentPlans(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "payment_plan_count" in counters:
            Plan = request.env["ar.payment.plan"]
            values["payment_plan_count"] = (
                Plan.search_count([("state", "!=", "draft")])
                if Plan.has_access("read")
                else 0
            )
        return values

    @http.route("/my/payment_plans", type="http", auth="user", website=True)
    def portal_my_payment_plans(self, **kw):
        plans = request.env["ar.payment.plan"].search(
            [("state", "!=", "draft")], order="id desc"
        )
        values = {
            **self._prepare_portal_layout_values(),
            "page_name": "payment_plan",
            "plans": plans,
        }
        return request.render(
            "account_receivable_management.portal_my_payment_plans", values
        )

    def _ar_plan_page(self, plan_id, **extra):
        try:
            plan_sudo = self._document_check_access("ar.payment.plan", plan_id)
        except (AccessError, MissingError):
            return None
        if plan_sudo.state == "draft":
            return None
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
        page = self._ar_plan_page(plan_id, sent=kw.get("sent"))
        if page is None:
            raise request.not_found()
        return page

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
        try:
            plan_sudo = self._document_check_access("ar.payment.plan", plan_id)
        except (AccessError, MissingError):
            raise request.not_found() from None
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
