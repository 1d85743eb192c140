# Copyright 2026 Accounts Receivable Management contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Accounts Receivable Management",
    "summary": "Credit control, dunning, disputes, cash application and aged "
    "receivables on Odoo's own ledger",
    "version": "19.0.1.1.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/account-receivable-management/account_receivable_management",
    "author": "Accounts Receivable Management contributors",
    "maintainers": [],
    "license": "LGPL-3",
    "application": False,
    "installable": True,
    "uninstall_hook": "uninstall_hook",
    "depends": ["account", "mail", "portal"],
    "external_dependencies": {"python": ["xlsxwriter", "python-stdnum"]},
    "data": [
        # foundation
        "security/ar_security.xml",
        "security/ir.model.access.csv",
        "security/ar_company_rules.xml",
        "views/ar_menus.xml",
        "views/res_config_settings_views.xml",
        # credit management
        "data/credit_cron.xml",
        "views/res_partner_credit_views.xml",
        "views/ar_credit_approval_views.xml",
        "views/ar_credit_profile_views.xml",
        "views/credit_menus.xml",
        # end credit management
        # dunning
        "data/dunning_mail_template.xml",
        "data/dunning_policy_data.xml",
        "data/dunning_cron.xml",
        "reports/dunning_reports.xml",
        "views/ar_dunning_policy_views.xml",
        "views/ar_dunning_run_views.xml",
        "views/dunning_partner_move_views.xml",
        # end dunning
        # disputes and deductions
        "security/ar_disputes_security.xml",
        "data/ar_dispute_data.xml",
        "data/ar_dispute_assets.xml",
        "views/ar_dispute_views.xml",
        "wizards/ar_dispute_wizard_views.xml",
        "views/ar_dispute_portal_templates.xml",
        "views/ar_disputes_menus.xml",
        # end disputes and deductions
        # cash application and reconciliation
        "data/ar_cashapp_cron.xml",
        "views/ar_cashapp_views.xml",
        "views/ar_remittance_advice_views.xml",
        "data/ar_remittance_alias.xml",
        "views/ar_cashapp_wizard_views.xml",
        # end cash application and reconciliation
        # reporting
        "data/reporting_cron.xml",
        "views/ar_aging_views.xml",
        "views/ar_kpi_snapshot_views.xml",
        "views/ar_dashboard_views.xml",
        "views/ar_allowance_views.xml",
        "reports/ar_aging_report.xml",
        # end reporting
        # collections
        "security/ar_collection_security.xml",
        "data/ar_collection_cron.xml",
        "views/ar_collection_views.xml",
        "views/ar_collection_portal_templates.xml",
        # end collections
        # generator and demo
        # end generator and demo
    ],
    "assets": {
        "web.assets_backend": [
            "account_receivable_management/static/src/dashboard/*",
            "account_receivable_management/static/src/aging/*",
        ],
        "web.assets_tests": [
            "account_receivable_management/static/tests/tours/ar_every_menu_tour.js",
        ],
    },
}
