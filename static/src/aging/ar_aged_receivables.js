import { Component, onWillStart, useState } from "@odoo/owl";
import { DateTimeInput } from "@web/core/datetime/datetime_input";
import { deserializeDate, formatDate, serializeDate } from "@web/core/l10n/dates";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { useSetupAction } from "@web/search/action_hook";
import { Layout } from "@web/search/layout";
import { formatMonetary } from "@web/views/fields/formatters";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

/**
 * Interactive aged receivables: options on top, one line per customer with
 * its buckets, unfold to the items, totals and the ledger check at the bottom.
 * The server pages the customers; a customer's items load when unfolded.
 */
export class ArAgedReceivables extends Component {
    static template = "account_receivable_management.ArAgedReceivables";
    static components = { DateTimeInput, Layout };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        const context = this.props.action.context || {};
        const saved = this.props.state?.arParams;
        this.state = useState({
            params: saved || {
                as_of_date: context.ar_as_of_date || false,
                basis: context.ar_basis || false,
                bucket_bounds: context.ar_bucket_bounds || false,
                offset: 0,
                limit: 80,
                order: "name",
            },
            data: null,
            unfolded: {},
            loading: false,
        });
        useSetupAction({ getLocalState: () => ({ arParams: { ...this.state.params } }) });
        onWillStart(() => this.load());
    }

    get display() {
        return { controlPanel: {} };
    }

    params() {
        const { as_of_date, basis, bucket_bounds } = this.state.params;
        return { as_of_date, basis, bucket_bounds };
    }

    async load() {
        this.state.loading = true;
        try {
            const data = await this.orm.call("ar.aging.screen", "get_page", [this.state.params]);
            Object.assign(this.state.params, {
                as_of_date: data.as_of_date,
                basis: data.basis,
                bucket_bounds: data.bucket_bounds,
                offset: data.offset,
            });
            this.state.data = data;
            this.state.unfolded = {};
        } finally {
            this.state.loading = false;
        }
    }

    onOptionChange(name, ev) {
        this.state.params[name] = ev.target.value;
        this.state.params.offset = 0;
        this.load();
    }

    get asOfDate() {
        return this.state.params.as_of_date ? deserializeDate(this.state.params.as_of_date) : false;
    }

    onDateApply(value) {
        if (value) {
            this.onOptionChange("as_of_date", { target: { value: serializeDate(value) } });
        }
    }

    sortBy(order) {
        this.state.params.order = order;
        this.state.params.offset = 0;
        this.load();
    }

    page(step) {
        const { offset, limit } = this.state.params;
        this.state.params.offset = Math.max(offset + step * limit, 0);
        this.load();
    }

    get pagerText() {
        const { offset, lines, totals } = this.state.data;
        if (!lines.length) {
            return "0";
        }
        return _t("%(first)s-%(last)s of %(count)s", {
            first: offset + 1,
            last: offset + lines.length,
            count: totals.customers,
        });
    }

    lineKey(line) {
        return `${line.company_id}-${line.partner_id}`;
    }

    async toggle(line) {
        const key = this.lineKey(line);
        if (this.state.unfolded[key]) {
            delete this.state.unfolded[key];
            return;
        }
        this.state.unfolded[key] = { loading: true, items: [], count: 0 };
        const result = await this.orm.call("ar.aging.screen", "get_items", [
            this.params(),
            line.partner_id,
        ]);
        if (this.state.unfolded[key]) {
            this.state.unfolded[key] = { loading: false, ...result };
        }
    }

    openMove(item) {
        this.actionService.doAction({
            type: "ir.actions.act_window",
            res_model: "account.move",
            res_id: item.move_id,
            views: [[false, "form"]],
            target: "current",
        });
    }

    async openAllItems(line) {
        const action = await this.orm.call("ar.aging.screen", "action_open_items", [
            this.params(),
            line.partner_id,
        ]);
        this.actionService.doAction(action);
    }

    async exportAs(kind) {
        const action = await this.orm.call("ar.aging.screen", "action_export", [
            this.params(),
            kind,
        ]);
        if (action.type === "ir.actions.act_url") {
            action.target = "download";
        }
        await this.actionService.doAction(action);
    }

    /** The report wizard: grouping by salesperson or collector, filters, sheets. */
    openReportOptions() {
        this.actionService.doAction("account_receivable_management.ar_aging_report_wizard_action");
    }

    date(value) {
        return formatDate(deserializeDate(value));
    }

    money(value) {
        return formatMonetary(value, { currencyId: this.state.data.currency_id });
    }
}

registry.category("actions").add("ar_aged_receivables", ArAgedReceivables);
