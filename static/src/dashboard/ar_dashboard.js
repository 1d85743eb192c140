import { Component, onWillStart, useState } from "@odoo/owl";
import { deserializeDate, formatDate } from "@web/core/l10n/dates";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { Layout } from "@web/search/layout";
import { formatFloat, formatMonetary, formatPercentage } from "@web/views/fields/formatters";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";
import { ArChart } from "./ar_chart";

const PERIODS = [6, 12, 24];
const BUCKET_COLORS = ["#28a745", "#ffc107", "#fd7e14", "#e8590c", "#dc3545", "#a71d2a", "#6f0f1a"];

/**
 * Credit controller's dashboard: one RPC returns today's figures (one aging
 * query) and the DSO trend (month-end KPI snapshots); every figure opens the
 * items behind it.
 */
export class ArReceivablesDashboard extends Component {
    static template = "account_receivable_management.ArReceivablesDashboard";
    static components = { ArChart, Layout };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.periods = PERIODS;
        this.state = useState({ months: 12, data: null });
        onWillStart(async () => {
            this.state.data = await this.orm.call("ar.reporting.dashboard", "get_dashboard_data", [
                this.state.months,
            ]);
            this.buildCharts();
        });
    }

    get display() {
        return { controlPanel: {} };
    }

    async onPeriodChange(ev) {
        this.state.months = parseInt(ev.target.value);
        this.state.data.dso_trend = await this.orm.call("ar.reporting.dashboard", "get_dso_trend", [
            this.state.months,
        ]);
        this.buildCharts();
    }

    buildCharts() {
        const data = this.state.data;
        this.agingConfig = {
            type: "bar",
            data: {
                labels: data.buckets.map((bucket) => bucket.label),
                datasets: [
                    {
                        label: _t("Open receivables"),
                        data: data.buckets.map((bucket) => bucket.amount),
                        backgroundColor: data.buckets.map((_b, index) => BUCKET_COLORS[index]),
                    },
                ],
            },
            options: {
                maintainAspectRatio: false,
                // axis amounts in the user's number format, as Odoo's graph view
                scales: { y: { ticks: { callback: (value) => formatFloat(value, { digits: [16, 0] }) } } },
                plugins: {
                    legend: { display: false },
                    tooltip: { callbacks: { label: (item) => this.money(item.raw) } },
                },
                onClick: (_event, elements) => {
                    if (elements.length) {
                        this.open(data.buckets[elements[0].index].action);
                    }
                },
                onHover: (event, elements) => {
                    event.native.target.style.cursor = elements.length ? "pointer" : "default";
                },
            },
        };
        const trend = data.dso_trend;
        this.trendConfig = {
            type: "line",
            data: {
                labels: trend.map((snapshot) => snapshot.month.slice(0, 7)),
                datasets: [
                    {
                        label: _t("Standard DSO"),
                        data: trend.map((snapshot) => snapshot.dso),
                        borderColor: "#3c78d8",
                        backgroundColor: "#3c78d8",
                        tension: 0,
                    },
                    {
                        label: _t("Countback DSO"),
                        data: trend.map((snapshot) => snapshot.dso_countback),
                        borderColor: "#e69138",
                        backgroundColor: "#e69138",
                        tension: 0,
                    },
                ],
            },
            options: {
                maintainAspectRatio: false,
                scales: { y: { beginAtZero: true, title: { display: true, text: _t("Days") } } },
                plugins: {
                    tooltip: {
                        callbacks: {
                            // Chart.js would join "label: value" untranslated
                            label: (item) => this.labelValue(item.dataset.label, this.daysText(item.raw)),
                        },
                    },
                },
                onClick: () => this.open(data.kpi_action),
            },
        };
    }

    open(action) {
        if (action) {
            this.actionService.doAction(action);
        }
    }

    days(value) {
        // in the user's number format (90,0 in French)
        return formatFloat(value, { digits: [16, 1] });
    }

    // Texts that hold a figure are translated whole, so that a language can
    // reorder them or space them its own way (French: "label : value").

    /** "label: value" */
    labelValue(label, value) {
        return _t("%(label)s: %(value)s", { label, value });
    }

    /** "45.0 days" */
    daysText(value) {
        return _t("%(days)s days", { days: this.days(value) });
    }

    bucketText(bucket) {
        return this.labelValue(bucket.label, this.money(bucket.amount));
    }

    customersText(count) {
        return _t("%(count)s customers", { count });
    }

    overdueShareText(data) {
        const percent = formatPercentage(data.overdue / data.total, { digits: [16, 0] });
        return _t("%(percent)s of the receivables", { percent });
    }

    disputedText(amount) {
        return this.labelValue(_t("Disputed amount"), this.money(amount));
    }

    countbackText(snapshot) {
        return _t("Countback %(days)s, %(month)s", {
            days: this.daysText(snapshot.dso_countback),
            month: formatDate(deserializeDate(snapshot.month)),
        });
    }

    periodText(months) {
        return _t("%(months)s months", { months });
    }

    money(value) {
        return formatMonetary(value, { currencyId: this.state.data.currency_id });
    }
}

registry.category("actions").add("ar_receivables_dashboard", ArReceivablesDashboard);
