"""Page set-up shared by the addon's portal pages (disputes, payment plans)."""

from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class ArPortalPages(CustomerPortal):
    def _ar_home_count(self, model, domain):
        """Portal home counter: the records of ``model`` the visitor may read."""
        records = request.env[model]
        return records.search_count(domain) if records.has_access("read") else 0

    def _ar_list_page(self, model, domain, order, page, url, page_name, template, key):
        """Paged list of the visitor's records of ``model``, rendered with
        ``template`` (the records under ``key``); ``/my`` when he may not read
        them."""
        records = request.env[model]
        if not records.has_access("read"):
            return request.redirect("/my")
        pager = portal_pager(
            url=url,
            total=records.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        values = {
            **self._prepare_portal_layout_values(),
            "page_name": page_name,
            "pager": pager,
            key: records.search(
                domain,
                order=order,
                limit=self._items_per_page,
                offset=pager["offset"],
            ),
        }
        return request.render(template, values)

    def _ar_document(self, model, record_id, access_token=None):
        """The record (sudo) when the visitor may see it; else "not found",
        never a hint why."""
        try:
            return self._document_check_access(model, record_id, access_token)
        except (AccessError, MissingError):
            raise request.not_found() from None
