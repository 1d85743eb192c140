import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { user } from "@web/core/user";
import { useService } from "@web/core/utils/hooks";
import { formatFloat, formatMonetary } from "@web/views/fields/formatters";
import { ArReceivablesDashboard } from "./ar_dashboard";

/**
 * The dashboard's collector card (its own RPC and template, added to the
 * dashboard by template extension): per collector, promises kept and the
 * amount collected within 14 days after a contact, over the last 90 days.
 * Each row opens that collector's events in the effectiveness pivot.
 */
export class ArCollectorEffectiveness extends Component {
    static template = "account_receivable_management.ArCollectorEffectiveness";
    static props = {};

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.state = useState({ data: null });
        onWillStart(async () => {
            // collectors' figures are for the receivables users only
            if (await user.hasGroup("account_receivable_management.group_ar_user")) {
                this.state.data = await this.orm.call(
                    "ar.collection.effectiveness",
                    "ar_dashboard_collectors",
                    []
                );
            }
        });
    }

    get period() {
        return _t("Last %(days)s days", { days: this.state.data.days });
    }

    open(action) {
        this.actionService.doAction(action);
    }

    percent(value) {
        return value === null ? "-" : `${formatFloat(value, { digits: [16, 0] })} %`;
    }

    money(value) {
        return formatMonetary(value || 0, { currencyId: this.state.data.currency_id });
    }
}

ArReceivablesDashboard.components = { ...ArReceivablesDashboard.components, ArCollectorEffectiveness };
