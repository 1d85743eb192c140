import { Component, onWillStart } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { formatMonetary } from "@web/views/fields/formatters";

/** Credit controller's dashboard: one RPC returns every figure and its action. */
export class ArReceivablesDashboard extends Component {
    static template = "account_receivable_management.ArReceivablesDashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        onWillStart(async () => {
            this.data = await this.orm.call("ar.reporting.dashboard", "get_dashboard_data", []);
        });
    }

    open(action) {
        if (action) {
            this.actionService.doAction(action);
        }
    }

    money(value) {
        return formatMonetary(value, { currencyId: this.data.currency_id });
    }

    barWidth(amount) {
        const max = Math.max(...this.data.buckets.map((b) => Math.abs(b.amount)), 1);
        return `${Math.round((Math.abs(amount) / max) * 100)}%`;
    }

    dsoWidth(value) {
        const max = Math.max(...this.data.dso_trend.map((s) => s.dso), 1);
        return `${Math.round((value / max) * 100)}%`;
    }
}

registry.category("actions").add("ar_receivables_dashboard", ArReceivablesDashboard);
