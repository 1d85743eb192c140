import { Component, onWillStart, onWillUnmount, useEffect, useRef } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";

/**
 * A Chart.js chart, with the library Odoo bundles (loaded the way the graph
 * view loads it). ``config`` is a Chart.js configuration; it is drawn again
 * whenever the parent passes a new one.
 */
export class ArChart extends Component {
    static template = "account_receivable_management.ArChart";
    static props = { config: Object, className: { type: String, optional: true } };

    setup() {
        this.canvasRef = useRef("canvas");
        this.chart = null;
        onWillStart(() => loadBundle("web.chartjs_lib"));
        useEffect(
            (config) => {
                this.chart?.destroy();
                this.chart = new Chart(this.canvasRef.el, config);
            },
            () => [this.props.config]
        );
        onWillUnmount(() => this.chart?.destroy());
    }
}
