# Copyright 2026 Accounts Receivable Management contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Accounts Receivable Management",
    "summary": "Credit control, dunning, disputes, cash application and aged "
    "receivables on Odoo's own ledger",
    "version": "19.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/account-receivable-management/account_receivable_management",
    "author": "Accounts Receivable Management contributors",
    "maintainers": [],
    "license": "LGPL-3",
    "application": False,
    "installable": True,
    "depends": ["account", "mail", "portal"],
    "external_dependencies": {"python": ["xlsxwriter", "python-stdnum"]},
    "data": [
        # foundation
        "security/ar_security.xml",
        "security/ir.model.access.csv",
        "views/ar_menus.xml",
        "views/res_config_settings_views.xml",
        # credit management
        # end credit management
        # dunning
        # end dunning
        # disputes and deductions
        # end disputes and deductions
        # cash application and reconciliation
        # end cash application and reconciliation
        # reporting
        "security/reporting_security.xml",
        "data/reporting_cron.xml",
        "views/ar_aging_views.xml",
        "views/ar_kpi_snapshot_views.xml",
        "views/ar_dashboard_views.xml",
        "views/ar_allowance_views.xml",
        "reports/ar_aging_report.xml",
        # end reporting
        # generator and demo
        # end generator and demo
    ],
    "assets": {
        "web.assets_backend": [
            "account_receivable_management/static/src/dashboard/*",
        ],
    },
}
