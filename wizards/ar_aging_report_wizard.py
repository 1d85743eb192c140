"""Aged receivables as of any date: options, result lines, XLSX and PDF."""

import io
import re
from collections import defaultdict
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.misc import format_date

from odoo.addons.account_receivable_management.engine import aging
from odoo.addons.account_receivable_management.engine.money import to_decimal
from odoo.addons.account_receivable_management.models.ar_aging_query import (
    AgingOptions,
)
from odoo.addons.account_receivable_management.models.ar_sql_insert import insert_rows

BUCKET_FIELDS = [f"bucket_{index}" for index in range(aging.MAX_BUCKETS)]


class ArAgingReportWizard(models.TransientModel):
    _name = "ar.aging.report.wizard"
    _description = "Aged Receivables Report"
    _check_company_auto = True

    as_of_date = fields.Date(
        string="As of", required=True, default=fields.Date.context_today
    )
    basis = fields.Selection(
        [
            (aging.BASIS_DUE_DATE, "Due date"),
            (aging.BASIS_INVOICE_DATE, "Invoice date"),
        ],
        string="Age by",
        required=True,
        default=aging.BASIS_DUE_DATE,
    )
    bucket_bounds = fields.Char(
        string="Buckets (days)",
        required=True,
        default="30, 60, 90, 120",
        help="Upper bounds of the past-due buckets in days, e.g. 30, 60, 90, 120 "
        "gives not due, 1-30, 31-60, 61-90, 91-120 and over 120.",
    )
    group_by = fields.Selection(
        [
            ("partner", "Customer"),
            ("salesperson", "Salesperson"),
            ("collector", "Collector"),
        ],
        required=True,
        default="partner",
    )
    company_ids = fields.Many2many(
        "res.company",
        string="Companies",
        required=True,
        default=lambda self: self.env.company,
    )
    currency_ids = fields.Many2many(
        "res.currency", string="Invoice Currencies", help="Empty: all currencies."
    )
    user_ids = fields.Many2many("res.users", string="Salespersons")
    category_ids = fields.Many2many("res.partner.category", string="Customer Tags")
    account_ids = fields.Many2many(
        "account.account",
        string="Receivable Accounts",
        check_company=True,
        domain=[("account_type", "=", "asset_receivable")],
    )
    partner_ids = fields.Many2many(
        "res.partner", string="Customers", check_company=True
    )
    xlsx_split = fields.Selection(
        [
            ("none", "One sheet"),
            ("company", "One sheet per company"),
            ("currency", "One sheet per currency"),
        ],
        string="XLSX Sheets",
        required=True,
        default="none",
    )
    line_ids = fields.One2many("ar.aging.line", "wizard_id", string="Lines")
    aging_total = fields.Monetary(readonly=True, currency_field="currency_id")
    ledger_balance = fields.Monetary(
        readonly=True,
        currency_field="currency_id",
        help="Balance of the same receivable accounts in the general ledger on "
        "the as-of date, with the same filters.",
    )
    difference = fields.Monetary(
        readonly=True,
        currency_field="currency_id",
        help="Ledger balance minus aging total: should be zero.",
    )
    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.company.currency_id
    )

    def _ar_bounds(self):
        self.ensure_one()
        try:
            return aging.parse_bounds(self.bucket_bounds)
        except ValueError as error:
            # the engine explains in English: say the rule in the user's language
            days = [int(part) for part in re.findall(r"\d+", self.bucket_bounds or "")]
            if any(day > aging.MAX_BOUND_DAYS for day in days):
                raise UserError(
                    self.env._(
                        "Buckets: a bound cannot be more than %(max)s days.",
                        max=aging.MAX_BOUND_DAYS,
                    )
                ) from error
            raise UserError(
                self.env._(
                    "Buckets: up to %(count)s whole numbers of days, positive and "
                    "increasing, e.g. 30, 60, 90.",
                    count=aging.MAX_BUCKETS - 1,
                )
            ) from error

    def _ar_options(self, **overrides):
        self.ensure_one()
        values = {
            "as_of": self.as_of_date,
            "company_ids": self.company_ids.ids,
            "basis": self.basis,
            "bounds": self._ar_bounds(),
            "currency_ids": self.currency_ids.ids,
            "user_ids": self.user_ids.ids,
            "category_ids": self.category_ids.ids,
            "account_ids": self.account_ids.ids,
            "partner_ids": self.partner_ids.ids,
        }
        values.update(overrides)
        return AgingOptions(**values)

    def _ar_bucket_labels(self):
        return self.env["ar.aging.query"]._ar_bucket_labels(self._ar_bounds())

    def _ar_group_key(self, partners_collector):
        """Function mapping a SQL row to the key of the requested grouping."""
        if self.group_by == "salesperson":
            return lambda row: (row[0], row[2] or False)
        if self.group_by == "collector":
            return lambda row: (row[0], partners_collector.get((row[0], row[1]), False))
        return lambda row: (row[0], row[1] or False)

    def _ar_collectors(self, rows):
        """(company id, partner id) -> collector id, read in one batch per company."""
        result = {}
        by_company = defaultdict(set)
        for row in rows:
            if row[1]:
                by_company[row[0]].add(row[1])
        for company_id, partner_ids in by_company.items():
            company = self.env["res.company"].browse(company_id)
            partners = (
                self.env["res.partner"].with_company(company).browse(list(partner_ids))
            )
            for partner in partners:
                collector = partner.ar_collector_id or company.ar_collector_id
                result[company_id, partner.id] = collector.id or False
        return result

    def _ar_result(self, options):
        """The report's lines as plain values, and the aging total (Decimal).

        Lines are ``(company id, key, buckets, total, overdue, disputed)``
        with float amounts, in the order of ``ar.aging.line`` (company, then
        largest total first); ``key`` is the customer, salesperson or
        collector id (None: without one).
        """
        if self.group_by == "partner":
            lines = self._ar_partner_result(options)
        else:
            lines = self._ar_grouped_result(options)
        total = sum((to_decimal(line[3]) for line in lines), Decimal(0))
        companies = (
            self.env["res.company"]
            .sudo()
            .with_context(active_test=False)
            .search([("id", "in", list({line[0] for line in lines}))])
        )
        rank = {company_id: index for index, company_id in enumerate(companies.ids)}
        # stable: equal totals keep the query's (company, key) order
        lines.sort(key=lambda line: (rank[line[0]], -line[3]))
        return lines, total

    def _ar_partner_result(self, options):
        """One line per customer, grouped in the database by ONE query."""
        query = self.env["ar.aging.query"]
        query._ar_flush()
        # the per-customer grouping hashes in memory instead of sorting on disk
        self.env.cr.execute("SET LOCAL work_mem = '64MB'")
        rows = self.env.execute_query(
            SQL(
                "SELECT * FROM (%s) per_partner ORDER BY company_id, partner_id",
                query._ar_partner_buckets_sql(options),
            )
        )
        return [
            (
                company_id,
                partner_id,
                amounts,
                line_total,
                float(to_decimal(line_total) - to_decimal(amounts[0])),
                disputed,
            )
            for company_id, partner_id, *amounts, line_total, disputed in rows
        ]

    def _ar_grouped_result(self, options):
        """One line per salesperson or collector: customers' rows regrouped."""
        bucket_count = len(options.bounds) + 2
        rows = self.env["ar.aging.query"]._ar_aging_rows(options)
        collectors = self._ar_collectors(rows) if self.group_by == "collector" else {}
        key_of = self._ar_group_key(collectors)
        disputed = defaultdict(Decimal)
        for row in rows:
            disputed[key_of(row)] += to_decimal(row[3] or 0)
        return [
            (
                row.key[0],
                row.key[1] or None,
                [float(amount) for amount in row.buckets],
                float(row.total),
                float(row.overdue),
                float(disputed[row.key]),
            )
            for row in aging.pivot_bucket_rows(rows, bucket_count, key_of=key_of)
        ]

    def _ar_compute(self):
        """Run the aging query and replace the result lines."""
        self.ensure_one()
        options = self._ar_options()
        lines, total = self._ar_result(options)
        self._ar_replace_lines(lines)
        ledger = self.env["ar.aging.query"]._ar_ledger_balance(options)
        self.write(
            {
                "aging_total": float(total),
                "ledger_balance": float(ledger),
                "difference": float(ledger - total),
                "currency_id": self.company_ids[:1].currency_id.id,
            }
        )

    def _ar_replace_lines(self, lines):
        """Replace the result lines by ``lines`` in one DELETE and one INSERT
        (:func:`insert_rows`: one line per customer, transient and read-only)."""
        self.ensure_one()
        records = self.env["ar.aging.line"]
        records.flush_model()
        self.env.execute_query(
            SQL("DELETE FROM ar_aging_line WHERE wizard_id = %s", self.id)
        )
        key_field = {
            "partner": "partner_id",
            "salesperson": "user_id",
            "collector": "collector_id",
        }[self.group_by]
        companies = (
            self.env["res.company"].sudo().browse(list({line[0] for line in lines}))
        )
        currencies = {company.id: company.currency_id.id for company in companies}
        values = []
        for company_id, key, buckets, total, overdue, disputed in lines:
            value = dict(zip(BUCKET_FIELDS, buckets, strict=False))
            value.update(
                {
                    "wizard_id": self.id,
                    "company_id": company_id,
                    "currency_id": currencies[company_id],
                    key_field: key,
                    "total": total,
                    "overdue": overdue,
                    "disputed": disputed,
                }
            )
            values.append(value)
        insert_rows(records, values)
        self.invalidate_recordset(["line_ids"])

    def action_show(self):
        self._ar_compute()
        labels = self._ar_bucket_labels()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "Aged Receivables as of %(date)s",
                date=format_date(self.env, self.as_of_date),
            ),
            "res_model": "ar.aging.line",
            "view_mode": "list,pivot,graph",
            "views": [
                (
                    self.env.ref(
                        "account_receivable_management.ar_aging_line_view_list"
                    ).id,
                    "list",
                ),
                (False, "pivot"),
                (False, "graph"),
            ],
            "domain": [("wizard_id", "=", self.id)],
            "context": {
                "ar_bucket_labels": labels,
                "ar_bucket_count": len(labels),
                "create": False,
                "edit": False,
                "delete": False,
            },
            "target": "current",
        }

    def action_export_xlsx(self):
        """Download the XLSX: the route ages the book as it writes it."""
        self._ar_options()  # bad buckets: refused here, not by the download
        return {
            "type": "ir.actions.act_url",
            "url": f"/account_receivable_management/aging_xlsx/{self.id}",
            "target": "self",
        }

    def action_print_pdf(self):
        self._ar_compute()
        return self.env.ref(
            "account_receivable_management.action_report_ar_aging"
        ).report_action(self)

    def _ar_line_names(self, keys):
        """Key (customer, salesperson or collector id) -> the line's name, as
        ``ar.aging.line.name`` gives it, for many lines at once.

        A customer's name is its stored complete name (what the screen
        shows), read in one query; its display name is computed only for a
        contact without a name (titled after its address type).
        """
        keys = {key for key in keys if key}
        if self.group_by == "partner":
            self.env["res.partner"].flush_model(["name", "complete_name"])
            rows = self.env.execute_query(
                SQL(
                    """SELECT id, name, complete_name
                         FROM res_partner WHERE id = ANY(%s)""",
                    list(keys),
                )
            )
            names = {
                partner_id: complete_name for partner_id, _n, complete_name in rows
            }
            nameless = self.env["res.partner"].browse(
                [partner_id for partner_id, name, _c in rows if not name]
            )
            names.update((partner.id, partner.display_name) for partner in nameless)
            names[None] = self.env._("Items without a customer")
            return names
        users = self.env["res.users"].browse(list(keys))
        names = {user.id: user.display_name for user in users}
        names[None] = self.env._("None")
        return names

    def _ar_sheets(self, lines):
        """Lines per sheet: (sheet name, lines) as the XLSX split asks."""
        if self.xlsx_split == "none":
            return [(self.env._("Aged Receivables"), lines)]
        companies = self.env["res.company"].browse(list({line[0] for line in lines}))
        if self.xlsx_split == "company":
            title_of = {company.id: company.name for company in companies}
        else:
            title_of = {company.id: company.currency_id.name for company in companies}
        sheets = {}
        for line in lines:
            title = title_of[line[0]]
            sheets.setdefault(title, (title, []))[1].append(line)
        return list(sheets.values())

    def _ar_xlsx_content(self):
        """The aged receivables as an XLSX workbook (bytes).

        Ages the book as it writes (the lines of ``_ar_compute`` are not
        read): one query for the lines, one for the ledger balance, one for
        the names, then the rows written in the lines' order.
        """
        import xlsxwriter
        from xlsxwriter.utility import xl_rowcol_to_cell

        self.ensure_one()
        options = self._ar_options()
        lines, aging_total = self._ar_result(options)
        ledger = self.env["ar.aging.query"]._ar_ledger_balance(options)
        check = (float(aging_total), float(ledger), float(ledger - aging_total))
        names = self._ar_line_names(line[1] for line in lines)
        companies = self.env["res.company"].browse(list({line[0] for line in lines}))
        company_names = {company.id: company.name for company in companies}
        currency_names = {company.id: company.currency_id.name for company in companies}
        labels = self._ar_bucket_labels()
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
        money = book.add_format({"num_format": "#,##0.00"})
        money_total = book.add_format(
            {"num_format": "#,##0.00", "bold": True, "top": 1}
        )
        total_label = book.add_format({"bold": True, "top": 1})
        headers = [
            self.env._("Company"),
            self.env._("Currency"),
            dict(self._fields["group_by"]._description_selection(self.env))[
                self.group_by
            ],
            *labels,
            self.env._("Total"),
            self.env._("Disputed"),
        ]
        for name, sheet_lines in self._ar_sheets(lines):
            sheet = book.add_worksheet(
                name[:31].translate(str.maketrans("[]:*?/\\", "       "))
            )
            sheet.write(
                0,
                0,
                self.env._(
                    "Aged receivables as of %(date)s",
                    date=format_date(self.env, self.as_of_date),
                ),
            )
            sheet.write_row(1, 0, headers, bold)
            sheet.freeze_panes(2, 3)
            sheet.set_column(0, 2, 28)
            sheet.set_column(3, len(headers) - 1, 14)
            # names are text, never formulas or links ("=..." or "http://...")
            write_string, write_number = sheet.write_string, sheet.write_number
            sums = [0.0] * (len(headers) - 3)
            row_index = 2
            for company_id, key, buckets, total, _overdue, disputed in sheet_lines:
                write_string(row_index, 0, company_names[company_id])
                write_string(row_index, 1, currency_names[company_id])
                write_string(row_index, 2, names[key])
                for column, amount in enumerate((*buckets, total, disputed)):
                    write_number(row_index, 3 + column, amount, money)
                    sums[column] += amount
                row_index += 1
            sheet.autofilter(1, 0, max(row_index - 1, 1), len(headers) - 1)
            sheet.write(row_index, 2, self.env._("Total"), total_label)
            for column in range(3, len(headers)):
                cell_from = xl_rowcol_to_cell(2, column)
                cell_to = xl_rowcol_to_cell(max(row_index - 1, 2), column)
                sheet.write_formula(
                    row_index,
                    column,
                    f"=SUM({cell_from}:{cell_to})",
                    money_total,
                    round(sums[column - 3], 2),
                )
            if self.xlsx_split == "none":
                total_column = 3 + len(labels)
                self._ar_xlsx_ledger_rows(
                    sheet,
                    row_index + 1,
                    (2, total_column),
                    xl_rowcol_to_cell(row_index, total_column),
                    (total_label, money_total),
                    check,
                )
        if self.xlsx_split != "none":
            sheet = book.add_worksheet(self.env._("Ledger Check")[:31])
            sheet.set_column(0, 0, 40)
            sheet.set_column(1, 1, 16)
            sheet.write(0, 0, self.env._("Aging total"), total_label)
            sheet.write_number(0, 1, check[0], money_total)
            self._ar_xlsx_ledger_rows(
                sheet, 1, (0, 1), "B1", (total_label, money_total), check
            )
        book.close()
        return output.getvalue()

    def _ar_xlsx_ledger_rows(
        self, sheet, row_index, columns, total_cell, styles, check
    ):
        """Ledger balance and difference rows under the aging total, as the
        screen and the PDF show them: labels and amounts in ``columns``; the
        difference is a live formula against ``total_cell``. ``check`` is
        (aging total, ledger balance, difference)."""
        from xlsxwriter.utility import xl_rowcol_to_cell

        label_column, column = columns
        label_style, money_style = styles
        sheet.write(row_index, label_column, self.env._("Ledger balance"), label_style)
        sheet.write_number(row_index, column, check[1], money_style)
        sheet.write(
            row_index + 1,
            label_column,
            self.env._("Difference (ledger balance - aging total)"),
            label_style,
        )
        sheet.write_formula(
            row_index + 1,
            column,
            f"={xl_rowcol_to_cell(row_index, column)}-{total_cell}",
            money_style,
            round(check[2], 2),
        )


class ArAgingLine(models.TransientModel):
    _name = "ar.aging.line"
    _description = "Aged Receivables Line"
    _order = "company_id, total desc, id"
    _check_company_auto = True

    wizard_id = fields.Many2one(
        "ar.aging.report.wizard", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True)
    currency_id = fields.Many2one("res.currency", required=True)
    partner_id = fields.Many2one("res.partner", string="Customer", check_company=True)
    user_id = fields.Many2one("res.users", string="Salesperson")
    collector_id = fields.Many2one("res.users", string="Collector")
    name = fields.Char(compute="_compute_name")
    bucket_0 = fields.Monetary(string="Not due", aggregator="sum")
    bucket_1 = fields.Monetary(string="Bucket 1", aggregator="sum")
    bucket_2 = fields.Monetary(string="Bucket 2", aggregator="sum")
    bucket_3 = fields.Monetary(string="Bucket 3", aggregator="sum")
    bucket_4 = fields.Monetary(string="Bucket 4", aggregator="sum")
    bucket_5 = fields.Monetary(string="Bucket 5", aggregator="sum")
    bucket_6 = fields.Monetary(string="Bucket 6", aggregator="sum")
    overdue = fields.Monetary(aggregator="sum")
    disputed = fields.Monetary(
        aggregator="sum", help="Part of the open items under an open dispute today."
    )
    total = fields.Monetary(aggregator="sum")

    @api.depends("partner_id", "user_id", "collector_id", "wizard_id.group_by")
    def _compute_name(self):
        for line in self:
            group_by = line.wizard_id.group_by
            record = {
                "partner": line.partner_id,
                "salesperson": line.user_id,
                "collector": line.collector_id,
            }.get(group_by)
            if record:
                line.name = record.display_name
            elif group_by == "partner":
                line.name = self.env._("Items without a customer")
            else:
                line.name = self.env._("None")

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        """Title the bucket columns after the run's buckets (from the context)."""
        result = super().fields_get(allfields, attributes)
        labels = (
            self.env.context.get("ar_bucket_labels")
            or self.env["ar.aging.query"]._ar_bucket_labels()
        )
        for index, label in enumerate(labels[: aging.MAX_BUCKETS]):
            if (
                BUCKET_FIELDS[index] in result
                and "string" in result[BUCKET_FIELDS[index]]
            ):
                result[BUCKET_FIELDS[index]]["string"] = label
        return result

    def _ar_options(self):
        self.ensure_one()
        wizard = self.wizard_id
        overrides = {"company_ids": [self.company_id.id]}
        if wizard.group_by == "partner":
            if not self.partner_id:
                return wizard._ar_options(**overrides), [("partner_id", "=", False)]
            overrides["partner_ids"] = [self.partner_id.id]
        elif wizard.group_by == "salesperson" and self.user_id:
            overrides["user_ids"] = [self.user_id.id]
        return wizard._ar_options(**overrides), []

    def action_open_items(self):
        """The journal items behind this line, open on the as-of date."""
        self.ensure_one()
        options, extra_domain = self._ar_options()
        item_ids = self.env["ar.aging.query"]._ar_open_item_ids(options)
        domain = [("id", "in", item_ids), *extra_domain]
        if self.wizard_id.group_by == "salesperson" and not self.user_id:
            domain.append(("move_id.invoice_user_id", "=", False))
        if self.wizard_id.group_by == "collector":
            items = self.env["account.move.line"].browse(item_ids)
            collectors = self.wizard_id._ar_collectors(
                [(self.company_id.id, p.id) for p in items.partner_id]
            )
            partner_ids = [
                p for (_c, p), col in collectors.items() if col == self.collector_id.id
            ]
            domain.append(("partner_id", "in", partner_ids))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Open items of %(name)s", name=self.name),
            "res_model": "account.move.line",
            "view_mode": "list,form",
            "domain": domain,
            "context": {"create": False},
        }
