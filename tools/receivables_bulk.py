# Copyright 2026 Accounts Receivable Management contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Bulk mode of the receivables generator, for benchmark-sized books.

Through the ORM an invoice costs about 0.1 s to create and post, and its
payment as much again: 100,000 invoices would take hours. This mode plans
exactly the same documents as :class:`ReceivablesGenerator` (same seed, same
customers, invoices, credit notes, payments and figures) and writes them with
PostgreSQL ``COPY``:

* customers, products, payment terms and bank statement lines still go
  through the ORM;
* one exemplar of each document kind (an invoice with every product, a credit
  note, a payment with an early-payment write-off, their reconciliation) is
  created and posted by Odoo inside a savepoint that is rolled back; every
  column of every row they produced is cloned, so columns added by any
  installed module carry the values Odoo gave them;
* the per-document columns are recomputed here as Odoo computes them: line
  amounts and taxes, instalments and early-payment discounts from
  ``account.payment.term._compute_terms``, names continued from each
  journal's last sequence number, partial and full reconciliations, residual
  amounts, matching numbers, payment states.

Limits (checked, with a clear error): one currency, one percent sale tax
excluded from the price. Invoices get no chatter messages or followers.
``tests/test_receivables_bulk.py`` asks the ORM to recompute every stored
computed field of what this mode wrote and expects no difference, and
compares its figures with the ORM generator's for the same seed.
"""

import io
import json
import logging
import time
from collections import defaultdict
from datetime import date, datetime

from odoo.exceptions import UserError
from odoo.tools import SQL

from .receivables_generator import ReceivablesGenerator

_logger = logging.getLogger(__name__)

COPY_CHUNK = 50000  # rows per COPY statement
# computed once when a payment is created; recomputing it on a posted payment
# gives nothing, and everything derived from it (is_matched, ...) follows
EDITABLE_DEFAULTS = {"outstanding_account_id"}


def copy_text(value):
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, dict | list):
        value = json.dumps(value)
    elif isinstance(value, date | datetime):
        return value.isoformat()
    elif isinstance(value, float):
        return repr(value)
    else:
        value = str(value)
    return (
        value.replace("\\", "\\\\")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )


def copy_rows(cr, table, columns, text):
    """Write ``text`` (rows in PostgreSQL's COPY text format, see
    :func:`copy_text`) into ``columns`` of ``table`` with ``COPY FROM STDIN``.

    The one place that reaches below Odoo's cursor: ``odoo.sql_db.Cursor`` has
    no COPY, so this uses the psycopg2 cursor it wraps (``cr._obj``). COPY
    bypasses the ORM: no defaults, no computed fields, no access rules, no
    cache update; callers flush before and invalidate after (the generator
    does). Tooling only: the server never imports ``tools/``.
    """
    statement = SQL(
        "COPY %s (%s) FROM STDIN",
        SQL.identifier(table),
        SQL(", ").join(SQL.identifier(column) for column in columns),
    )
    cr._obj.copy_expert(statement.code, io.StringIO(text), size=1 << 20)


class _Table:
    """The columns of one table and its exemplar rows, ready for COPY."""

    def __init__(self, cr, name):
        self.name = name
        cr.execute(SQL("SELECT * FROM %s LIMIT 0", SQL.identifier(name)))
        self.columns = [d[0] for d in cr.description]
        self.index = {c: i for i, c in enumerate(self.columns)}
        self.rows = []
        self.seconds = 0.0
        self.written = 0

    def template(self, values):
        """Serialised exemplar row (a dict of every column)."""
        return [copy_text(values[c]) for c in self.columns]

    def add(self, template, overrides):
        row = list(template)
        index = self.index
        for column, value in overrides.items():
            row[index[column]] = copy_text(value)
        self.rows.append("\t".join(row))

    def flush(self, cr, force=False):
        """COPY the rows kept so far when there are enough, or all if ``force``.

        ``force`` ends the table: it is analysed then, because the foreign
        keys of the tables written next look rows up in it, and PostgreSQL
        plans those lookups as scans of a table it believes empty.
        """
        if self.rows and (force or len(self.rows) >= COPY_CHUNK):
            self._copy(cr)
        if force:
            cr.execute(SQL("ANALYZE %s", SQL.identifier(self.name)))

    def _copy(self, cr):
        started = time.monotonic()
        self.written += len(self.rows)
        copy_rows(cr, self.name, self.columns, "\n".join(self.rows) + "\n")
        self.rows = []
        self.seconds += time.monotonic() - started


class BulkReceivablesGenerator(ReceivablesGenerator):
    """Same plan as the ORM generator, written with COPY (see module doc)."""

    ANALYZE_AFTER = (*ReceivablesGenerator.ANALYZE_AFTER, "documents")

    def __init__(
        self, env, seed=1, company=None, batch_size=500, max_statement_lines=5000
    ):
        super().__init__(env, seed=seed, company=company, batch_size=batch_size)
        self.max_statement_lines = max_statement_lines
        self._ex = None
        self._moves = []  # planned moves, in write order
        self._payments = []  # planned payments
        self._partials = []  # [debit line, credit line, amount, max_date]
        self._groups = []  # reconciliation plans: lists of line states
        self._sequence = {}  # (journal id, prefix) -> last number
        self._written_lines = 0
        self._line_pool = []  # reserved journal item ids not used yet

    # ------------------------------------------------------------ exemplars
    def _exemplars(self):
        """Post one document of each kind in a savepoint; keep their rows."""
        if self._ex:
            return self._ex
        env, cr = self.env, self.env.cr
        if self.sale_tax.amount_type != "percent" or self.sale_tax.price_include:
            raise UserError(
                env._(
                    "The bulk generator needs a percent sale tax excluded from "
                    "the price; the company's default sale tax %(tax)s is not.",
                    tax=self.sale_tax.display_name,
                )
            )
        customer = self.customers[0]["id"]
        products = [product_id for product_id, _price in self.products]
        tables = {
            name: _Table(cr, name)
            for name in (
                "account_move",
                "account_move_line",
                "account_payment",
                "account_partial_reconcile",
                "account_full_reconcile",
            )
        }
        ex = {"tables": tables, "m2m": self._ex_m2m()}
        env.flush_all()
        with cr.savepoint() as savepoint:
            spec = {
                "customer": 0,
                "date": self.end_date,
                "lines": [(product_id, 1, 100.0) for product_id in products],
                "ref": "EXEMPLAR",
            }
            invoice = env["account.move"].create(self._move_vals(spec, "out_invoice"))
            refund_spec = dict(
                spec, lines=[(product_id, 1, 10.0) for product_id in products]
            )
            refund = env["account.move"].create(
                self._move_vals(refund_spec, "out_refund")
            )
            (invoice + refund).action_post()
            payment = env["account.payment"].create(
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": customer,
                    "amount": invoice.amount_total - refund.amount_total - 1.0,
                    "date": self.end_date,
                    "journal_id": self.bank_journal.id,
                    "payment_method_line_id": self._method_line().id,
                    "currency_id": self.currency.id,
                    "memo": "EXEMPLAR",
                    "write_off_line_vals": [
                        {
                            "name": "Early payment discount",
                            "account_id": self.discount_account.id,
                            "partner_id": customer,
                            "amount_currency": 1.0,
                            "balance": 1.0,
                        }
                    ],
                }
            )
            payment.action_post()
            (invoice + refund + payment.move_id).line_ids.filtered(
                lambda line: line.account_id.account_type == "asset_receivable"
            ).reconcile()
            env.flush_all()
            ex.update(self._read_exemplars(invoice, refund, payment, ex["m2m"]))
            savepoint.rollback()
        env.invalidate_all()
        self._ex = ex
        return ex

    def _read_exemplars(self, invoice, refund, payment, m2m):
        cr = self.env.cr

        def rows(table, where, args):
            cr.execute(
                SQL(
                    "SELECT * FROM %s WHERE %s ORDER BY id",
                    SQL.identifier(table),
                    SQL(where, *args),
                )
            )
            columns = [d[0] for d in cr.description]
            return [dict(zip(columns, row, strict=True)) for row in cr.fetchall()]

        def m2m_of(line_id):
            found = []
            for relation, column1, column2 in m2m:
                cr.execute(
                    SQL(
                        "SELECT %s FROM %s WHERE %s = %s",
                        SQL.identifier(column2),
                        SQL.identifier(relation),
                        SQL.identifier(column1),
                        line_id,
                    )
                )
                found.append([r[0] for r in cr.fetchall()])
            return found

        result = {}
        for kind, move in (("out_invoice", invoice), ("out_refund", refund)):
            move_row = rows("account_move", "id = %s", [move.id])[0]
            product_rows, tax_row, term_row = {}, None, None
            for row in rows("account_move_line", "move_id = %s", [move.id]):
                row["_m2m"] = m2m_of(row["id"])
                if row["display_type"] == "product":
                    product_rows[row["product_id"]] = row
                elif row["display_type"] == "tax":
                    tax_row = row
                elif row["display_type"] == "payment_term":
                    term_row = row
            result[kind] = {
                "move": move_row,
                "products": product_rows,
                "tax": tax_row,
                "term": term_row,
                "name": move_row["name"],
                "prefix": move_row["sequence_prefix"],
                "journal": move_row["journal_id"],
            }
        move_row = rows("account_move", "id = %s", [payment.move_id.id])[0]
        pay_row = rows("account_payment", "id = %s", [payment.id])[0]
        by_account = {}
        for row in rows("account_move_line", "move_id = %s", [payment.move_id.id]):
            row["_m2m"] = m2m_of(row["id"])
            by_account[row["account_id"]] = row
        liquidity = by_account.pop(payment.outstanding_account_id.id)
        counterpart = by_account.pop(payment.destination_account_id.id)
        (write_off,) = by_account.values()
        result["payment"] = {
            "move": move_row,
            "payment": pay_row,
            "liquidity": liquidity,
            "counterpart": counterpart,
            "write_off": write_off,
            "name": move_row["name"],
            "prefix": move_row["sequence_prefix"],
            "journal": move_row["journal_id"],
            "label": liquidity["name"][: -len("EXEMPLAR")],
            "liquidity_reconcile": payment.outstanding_account_id.reconcile,
        }
        line_ids = (invoice + refund + payment.move_id).line_ids.ids
        partials = rows(
            "account_partial_reconcile", "debit_move_id = ANY(%s)", [line_ids]
        )
        result["partial"] = partials[0]
        result["full"] = rows(
            "account_full_reconcile", "id = %s", [partials[0]["full_reconcile_id"]]
        )[0]
        return result

    def _ex_m2m(self):
        Line = self.env["account.move.line"]
        return [
            (field.relation, field.column1, field.column2)
            for field in (Line._fields["tax_ids"], Line._fields["tax_tag_ids"])
        ]

    # ------------------------------------------------------------ customers
    def _create_customers(self, count):
        super()._create_customers(count)
        Partner = self.env["res.partner"]
        FiscalPosition = self.env["account.fiscal.position"]
        partners = Partner.browse([c["id"] for c in self.customers])
        for customer, partner in zip(self.customers, partners, strict=True):
            customer["display_name"] = partner.display_name
            customer["term_id"] = partner.property_payment_term_id.id
            customer["commercial_id"] = partner.commercial_partner_id.id
            customer["shipping_id"] = partner.address_get(["delivery"])["delivery"]
            customer["fiscal_position_id"] = (
                FiscalPosition._get_fiscal_position(partner).id or None
            )

    # ------------------------------------------------------------ sequences
    def _next_name(self, kind, when):
        """Continue the journal's sequence for the year of ``when``."""
        ex = self._ex[kind]
        year = str(when.year)
        old_year = str(self.end_date.year)
        if old_year not in ex["prefix"]:
            raise UserError(
                self.env._(
                    "The bulk generator continues yearly sequences such as "
                    "INV/2026/00001; journal entry %(name)s does not follow one.",
                    name=ex["name"],
                )
            )
        prefix = ex["prefix"].replace(old_year, year)
        key = (ex["journal"], prefix)
        if key not in self._sequence:
            self.env.cr.execute(
                "SELECT COALESCE(MAX(sequence_number), 0) FROM account_move "
                "WHERE journal_id = %s AND sequence_prefix = %s",
                key,
            )
            self._sequence[key] = self.env.cr.fetchone()[0]
        self._sequence[key] += 1
        digits = len(ex["name"]) - len(ex["prefix"])
        number = self._sequence[key]
        return "%s%0*d" % (prefix, digits, number), prefix, number

    def _reserve(self, table, count):
        """Reserve ``count`` ids of ``table`` from its PostgreSQL sequence."""
        if not count:
            return []
        self.env.cr.execute(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                "%s_id_seq" % table,
                count,
            )
        )
        return sorted(r[0] for r in self.env.cr.fetchall())

    # -------------------------------------------------------------- planning
    def _create_moves(self, specs, move_type, what):
        """Plan the moves (ids, names, amounts, instalments); write later."""
        self._exemplars()
        started = time.monotonic()
        currency = self.currency
        company = self.company
        rate = self.sale_tax.amount / 100.0
        per_line = company.tax_calculation_rounding_method != "round_globally"
        terms = {}
        customers = self.customers
        receivable_sign = 1 if move_type == "out_invoice" else -1
        move_ids = self._reserve("account_move", len(specs))
        records = []
        for spec, move_id in zip(specs, move_ids, strict=True):
            customer = customers[spec["customer"]]
            term_id = customer["term_id"]
            term = terms.get(term_id)
            if term is None:
                term = terms[term_id] = self.env["account.payment.term"].browse(term_id)
            subtotals = [currency.round(q * p) for _prod, q, p in spec["lines"]]
            taxes = [currency.round(s * rate) for s in subtotals]
            untaxed = currency.round(sum(subtotals))
            tax = (
                currency.round(sum(taxes))
                if per_line
                else currency.round(untaxed * rate)
            )
            total = currency.round(untaxed + tax)
            computed = term._compute_terms(
                spec["date"], currency, company, tax, tax, 1, untaxed, untaxed
            )
            name, prefix, number = self._next_name(move_type, spec["date"])
            first_term = len(spec["lines"]) + 1  # products, tax, then terms
            line_ids = self._reserve_lines(first_term + len(computed["line_ids"]))
            lines = []
            for term_vals in computed["line_ids"]:
                balance = receivable_sign * currency.round(term_vals["company_amount"])
                lines.append(
                    {
                        "id": line_ids[first_term + len(lines)],
                        "maturity": term_vals["date"],
                        "balance": balance,
                        "residual": balance,
                        "date": spec["date"],
                        "discount_date": computed["discount_date"] or None,
                        "discount_balance": receivable_sign
                        * computed["discount_balance"]
                        if computed["discount_date"]
                        else 0.0,
                        "discount_amount_currency": receivable_sign
                        * computed.get("discount_amount_currency", 0.0)
                        if computed["discount_date"]
                        else 0.0,
                    }
                )
            record = {
                "id": move_id,
                "kind": move_type,
                "name": name,
                "prefix": prefix,
                "number": number,
                "customer": spec["customer"],
                "date": spec["date"],
                "ref": spec.get("ref") or None,
                "term_id": term_id,
                "term_lines": len(term.line_ids),
                "subtotals": subtotals,
                "untaxed": untaxed,
                "tax": tax,
                "total": total,
                "line_ids": line_ids,
                "lines": lines,
                "spec_lines": spec["lines"],
            }
            records.append(record)
            self._moves.append(record)
        self._progress(what, len(records), len(specs), started)
        return records

    def _reserve_lines(self, count):
        """Line ids, taken from a pool refilled a block at a time."""
        pool = self._line_pool
        if len(pool) < count:
            pool.extend(self._reserve("account_move_line", max(count, 20000)))
        taken = pool[:count]
        del pool[:count]
        return taken

    def _match(self, debits, credits):
        """Reconcile in memory: oldest maturity first, as Odoo does."""
        self._groups.append(debits + credits)
        by_age = sorted(debits, key=lambda line: (line["maturity"], line["id"]))
        for credit in credits:
            for debit in by_age:
                amount = round(min(debit["residual"], -credit["residual"]), 2)
                if amount <= 0:
                    continue
                self._partials.append(
                    [debit, credit, amount, max(debit["date"], credit["date"])]
                )
                debit["residual"] = round(debit["residual"] - amount, 2)
                credit["residual"] = round(credit["residual"] + amount, 2)

    def _reconcile_credit_notes(self, pairs):
        for refund, invoice in pairs:
            self._match(invoice["lines"], refund["lines"])

    def _plan_payments(self):
        """At most ``max_statement_lines`` bank lines: they go through the ORM."""
        plans = super()._plan_payments()
        statement = [p for p in plans if p["statement"]]
        for plan in statement[: max(len(statement) - self.max_statement_lines, 0)]:
            plan["statement"] = False  # the oldest ones: registered as payments
        return plans

    def _create_payments(self, plans):
        self._exemplars()
        started = time.monotonic()
        move_ids = self._reserve("account_move", len(plans))
        payment_ids = self._reserve("account_payment", len(plans))
        for plan, move_id, payment_id in zip(plans, move_ids, payment_ids, strict=True):
            name, prefix, number = self._next_name("payment", plan["date"])
            amount = plan["amount"]
            write_off = plan["write_off"]
            line_ids = self._reserve_lines(3 if write_off else 2)
            counterpart = {
                "id": line_ids[1],
                "maturity": plan["date"],
                "balance": -round(amount + write_off, 2),
                "residual": -round(amount + write_off, 2),
                "date": plan["date"],
            }
            payment = {
                "id": payment_id,
                "move_id": move_id,
                "name": name,
                "prefix": prefix,
                "number": number,
                "plan": plan,
                "line_ids": line_ids,
                "counterpart": counterpart,
                "invoices": [] if plan["on_account"] else plan["invoices"],
            }
            self._payments.append(payment)
            if not plan["on_account"]:
                debits = [line for inv in plan["invoices"] for line in inv["lines"]]
                self._match(debits, [counterpart])
        self._count_payments(plans)
        self._progress("payments", len(plans), len(plans), started)

    # --------------------------------------------------------------- writing
    def _documents_done(self):
        """Settle reconciliations, then write every planned row with COPY."""
        if not self._moves and not self._payments:
            return
        started = time.monotonic()
        cr = self.env.cr
        ex = self._ex
        tables = ex["tables"]
        partial_ids = self._reserve("account_partial_reconcile", len(self._partials))
        for partial, partial_id in zip(self._partials, partial_ids, strict=True):
            partial.append(partial_id)
        full_of_line, full_ids = self._full_reconciles()
        numbers = self._matching_numbers(full_of_line)
        invoice_states = self._invoice_states()
        # full reconciles first: lines and partials point to them
        full_table = tables["account_full_reconcile"]
        template = full_table.template(ex["full"])
        for full_id in full_ids:
            full_table.add(template, {"id": full_id})
        full_table.flush(cr, force=True)
        move_table = tables["account_move"]
        for record in self._moves:
            self._add_document_move(move_table, record, invoice_states[record["id"]])
            move_table.flush(cr)
        for payment in self._payments:
            self._add_payment_move(move_table, payment)
            move_table.flush(cr)
        move_table.flush(cr, force=True)
        payment_table = tables["account_payment"]
        for payment in self._payments:
            self._add_payment(payment_table, payment, invoice_states)
            payment_table.flush(cr)
        payment_table.flush(cr, force=True)
        line_table = tables["account_move_line"]
        m2m_rows = [[] for _r in ex["m2m"]]
        for record in self._moves:
            self._add_document_lines(
                line_table, m2m_rows, record, full_of_line, numbers
            )
            line_table.flush(cr)
        for payment in self._payments:
            self._add_payment_lines(
                line_table, m2m_rows, payment, full_of_line, numbers
            )
            line_table.flush(cr)
        line_table.flush(cr, force=True)
        for (relation, column1, column2), rows in zip(ex["m2m"], m2m_rows, strict=True):
            for start in range(0, len(rows), COPY_CHUNK):
                chunk = rows[start : start + COPY_CHUNK]
                text = "".join("%d\t%d\n" % pair for pair in chunk)
                copy_rows(cr, relation, (column1, column2), text)
        partial_table = tables["account_partial_reconcile"]
        template = partial_table.template(ex["partial"])
        for debit, credit, amount, max_date, partial_id in self._partials:
            partial_table.add(
                template,
                {
                    "id": partial_id,
                    "debit_move_id": debit["id"],
                    "credit_move_id": credit["id"],
                    "full_reconcile_id": full_of_line.get(debit["id"]),
                    "amount": amount,
                    "debit_amount_currency": amount,
                    "credit_amount_currency": amount,
                    "max_date": max_date,
                },
            )
            partial_table.flush(cr)
        partial_table.flush(cr, force=True)
        if self._payments:
            cr.execute(
                """
                UPDATE account_move m
                   SET origin_payment_id = p.id
                  FROM account_payment p
                 WHERE p.move_id = m.id AND p.id = ANY(%s)
                """,
                [[p["id"] for p in self._payments]],
            )
        for table in tables.values():
            _logger.info(
                "receivables generator: %s: %d rows copied in %.1fs",
                table.name,
                table.written,
                table.seconds,
            )
        self.env.invalidate_all()
        self._commit("documents")
        self.stats["bulk_write_seconds"] = round(time.monotonic() - started, 1)
        self.stats["journal_items_written"] = self._written_lines
        _logger.info(
            "receivables generator: %d moves (%d payments), %d partials in %.1fs",
            len(self._moves) + len(self._payments),
            len(self._payments),
            len(self._partials),
            time.monotonic() - started,
        )

    def _full_reconciles(self):
        """Full reconciliation per reconciliation group settled to zero.

        Lines reconciled together (one plan) and lines linked by partials
        form a group, as Odoo's ``_reconcile_plan`` sees them; a group whose
        every line has no residual left gets one full reconcile.
        """
        parent = {}

        def find(key):
            root = key
            while parent.setdefault(root, root) != root:
                root = parent[root]
            while parent[key] != root:
                parent[key], key = root, parent[key]
            return root

        lines = {}
        for group in self._groups:
            first = find(group[0]["id"])
            for line in group:
                lines[line["id"]] = line
                root = find(line["id"])
                if root != first:
                    parent[root] = first
        members = defaultdict(list)
        for line_id, line in lines.items():
            members[find(line_id)].append(line)
        settled = [
            group
            for group in members.values()
            if all(line["residual"] == 0 for line in group)
        ]
        full_ids = self._reserve("account_full_reconcile", len(settled))
        full_of_line = {}
        for group, full_id in zip(settled, full_ids, strict=True):
            for line in group:
                full_of_line[line["id"]] = full_id
        return full_of_line, full_ids

    def _matching_numbers(self, full_of_line):
        """Odoo's matching numbers: the full reconcile, else P + first partial."""
        number = {}
        members = {}
        for debit, credit, _amount, _date, partial_id in self._partials:
            a, b = number.get(debit["id"]), number.get(credit["id"])
            if a and b:
                if a != b:
                    low, high = min(a, b), max(a, b)
                    for line_id in members[high]:
                        number[line_id] = low
                    members[low].extend(members.pop(high))
            elif a or b:
                known = a or b
                other = credit["id"] if a else debit["id"]
                number[other] = known
                members[known].append(other)
            else:
                number[debit["id"]] = number[credit["id"]] = partial_id
                members[partial_id] = [debit["id"], credit["id"]]
        return {
            line_id: str(full_of_line[line_id])
            if line_id in full_of_line
            else "P%d" % first
            for line_id, first in number.items()
        }

    def _invoice_states(self):
        """payment_state of each planned invoice and credit note."""
        counterparts = defaultdict(set)  # move id -> kinds reconciled with it
        line_move = {}
        for record in self._moves:
            for line in record["lines"]:
                line_move[line["id"]] = record
        for payment in self._payments:
            line_move[payment["counterpart"]["id"]] = payment
        for debit, credit, *_rest in self._partials:
            left, right = line_move[debit["id"]], line_move[credit["id"]]
            counterparts[left["id"]].add(right.get("kind", "payment"))
            counterparts[right["id"]].add(left.get("kind", "payment"))
        in_payment = self.env["account.move"]._get_invoice_in_payment_state()
        states = {}
        for record in self._moves:
            kinds = counterparts.get(record["id"], set())
            residual = round(sum(line["residual"] for line in record["lines"]), 2)
            if residual == 0:
                if "payment" in kinds:
                    state = in_payment
                elif record["kind"] == "out_invoice" and kinds == {"out_refund"}:
                    state = "reversed"
                else:
                    state = "paid"
            else:
                state = "partial" if kinds else "not_paid"
            states[record["id"]] = (state, residual, bool(kinds))
        return states

    # ----------------------------------------------------------- row makers
    def _add_document_move(self, table, record, state):
        ex = self._ex[record["kind"]]
        if "template" not in ex:
            ex["template"] = table.template(ex["move"])
        customer = self.customers[record["customer"]]
        sign = 1 if record["kind"] == "out_invoice" else -1
        payment_state, residual, reconciled = state
        exemplar = ex["move"]
        payment_reference = (
            record["name"]
            if exemplar["payment_reference"] == exemplar["name"]
            else exemplar["payment_reference"]
        )
        record["payment_reference"] = payment_reference
        table.add(
            ex["template"],
            {
                "id": record["id"],
                "name": record["name"],
                "sequence_prefix": record["prefix"],
                "sequence_number": record["number"],
                "partner_id": customer["id"],
                "commercial_partner_id": customer["commercial_id"],
                "partner_shipping_id": customer["shipping_id"],
                "fiscal_position_id": customer["fiscal_position_id"],
                "invoice_partner_display_name": customer["display_name"],
                "date": record["date"],
                "invoice_date": record["date"],
                "invoice_date_due": max(line["maturity"] for line in record["lines"]),
                "invoice_payment_term_id": record["term_id"],
                "ref": record["ref"],
                "payment_reference": payment_reference,
                "payment_state": payment_state,
                "is_manually_modified": reconciled,
                "access_token": None,
                "amount_untaxed": record["untaxed"],
                "amount_tax": record["tax"],
                "amount_total": record["total"],
                "amount_residual": abs(residual),
                "amount_untaxed_signed": sign * record["untaxed"],
                "amount_untaxed_in_currency_signed": sign * record["untaxed"],
                "amount_tax_signed": sign * record["tax"],
                "amount_total_signed": sign * record["total"],
                "amount_total_in_currency_signed": sign * record["total"],
                "amount_residual_signed": residual,
            },
        )

    def _add_payment_move(self, table, payment):
        ex = self._ex["payment"]
        if "move_template" not in ex:
            values = dict(ex["move"], origin_payment_id=None)
            ex["move_template"] = table.template(values)
        plan = payment["plan"]
        customer = self.customers[plan["customer"]]
        total = round(plan["amount"] + plan["write_off"], 2)
        table.add(
            ex["move_template"],
            {
                "id": payment["move_id"],
                "name": payment["name"],
                "sequence_prefix": payment["prefix"],
                "sequence_number": payment["number"],
                "partner_id": customer["id"],
                "commercial_partner_id": customer["commercial_id"],
                "fiscal_position_id": customer["fiscal_position_id"],
                "invoice_partner_display_name": customer["display_name"],
                "date": plan["date"],
                "ref": self._memo(plan),
                "amount_total": total,
                "amount_total_signed": total,
                "amount_total_in_currency_signed": total,
            },
        )

    def _add_payment(self, table, payment, invoice_states):
        ex = self._ex["payment"]
        if "payment_template" not in ex:
            ex["payment_template"] = table.template(ex["payment"])
        plan = payment["plan"]
        reconciled = payment["counterpart"]["residual"] == 0
        all_paid = bool(payment["invoices"]) and all(
            invoice_states[i["id"]][0] in ("paid", "in_payment")
            for i in payment["invoices"]
        )
        settled = all_paid or not ex["liquidity_reconcile"]
        state = "paid" if settled else "in_process"
        table.add(
            ex["payment_template"],
            {
                "id": payment["id"],
                "move_id": payment["move_id"],
                "name": payment["name"],
                "partner_id": self.customers[plan["customer"]]["id"],
                "amount": plan["amount"],
                "amount_company_currency_signed": plan["amount"],
                "date": plan["date"],
                "memo": self._memo(plan),
                "state": state,
                "is_reconciled": reconciled,
                "is_matched": not ex["liquidity_reconcile"],
            },
        )

    def _line_template(self, key, table, row):
        cache = self._ex.setdefault("line_templates", {})
        if key not in cache:
            cache[key] = table.template(row)
        return cache[key]

    def _add_line(self, table, m2m_rows, template_row, key, values):
        table.add(self._line_template(key, table, template_row), values)
        for rows, ids in zip(m2m_rows, template_row["_m2m"], strict=True):
            rows.extend((values["id"], other) for other in ids)
        self._written_lines += 1

    def _add_document_lines(self, table, m2m_rows, record, full_of_line, numbers):
        ex = self._ex[record["kind"]]
        customer = self.customers[record["customer"]]
        sign = -1 if record["kind"] == "out_invoice" else 1  # of income lines
        common = {
            "move_id": record["id"],
            "move_name": record["name"],
            "partner_id": customer["commercial_id"],
            "date": record["date"],
            "invoice_date": record["date"],
            "ref": record["ref"],
        }
        line_ids = iter(record["line_ids"])
        rate = self.sale_tax.amount / 100.0
        for (product_id, qty, price), subtotal in zip(
            record["spec_lines"], record["subtotals"], strict=True
        ):
            balance = sign * subtotal
            self._add_line(
                table,
                m2m_rows,
                ex["products"][product_id],
                (record["kind"], "product", product_id),
                dict(
                    common,
                    id=next(line_ids),
                    quantity=float(qty),
                    price_unit=price,
                    price_subtotal=subtotal,
                    price_total=self.currency.round(subtotal * (1 + rate)),
                    balance=balance,
                    amount_currency=balance,
                    debit=max(balance, 0.0),
                    credit=max(-balance, 0.0),
                ),
            )
        balance = sign * record["tax"]
        self._add_line(
            table,
            m2m_rows,
            ex["tax"],
            (record["kind"], "tax"),
            dict(
                common,
                id=next(line_ids),
                balance=balance,
                amount_currency=balance,
                debit=max(balance, 0.0),
                credit=max(-balance, 0.0),
                tax_base_amount=sign * record["untaxed"],
            ),
        )
        base = self._term_line_base_name(record)
        for index, line in enumerate(record["lines"]):
            name = base
            if record["term_lines"] > 1:
                name = ("%s installment #%d" % (base or "", index + 1)).lstrip()
            balance = line["balance"]
            self._add_line(
                table,
                m2m_rows,
                ex["term"],
                (record["kind"], "term"),
                dict(
                    common,
                    id=line["id"],
                    name=name if name else ex["term"]["name"],
                    date_maturity=line["maturity"],
                    balance=balance,
                    amount_currency=balance,
                    debit=max(balance, 0.0),
                    credit=max(-balance, 0.0),
                    amount_residual=line["residual"],
                    amount_residual_currency=line["residual"],
                    reconciled=line["residual"] == 0,
                    full_reconcile_id=full_of_line.get(line["id"]),
                    matching_number=numbers.get(line["id"]),
                    discount_date=line["discount_date"],
                    discount_balance=line["discount_balance"],
                    discount_amount_currency=line["discount_amount_currency"],
                ),
            )

    @staticmethod
    def _term_line_base_name(record):
        """The label Odoo gives receivable lines (``_compute_name``)."""
        reference, ref = record["payment_reference"], record["ref"]
        if reference and ref and reference != ref:
            return "%s - %s" % (ref, reference)
        return reference or None

    def _add_payment_lines(self, table, m2m_rows, payment, full_of_line, numbers):
        ex = self._ex["payment"]
        plan = payment["plan"]
        customer = self.customers[plan["customer"]]
        memo = self._memo(plan)
        common = {
            "move_id": payment["move_id"],
            "move_name": payment["name"],
            "partner_id": customer["commercial_id"],
            "payment_id": payment["id"],
            "date": plan["date"],
            "ref": memo,
        }
        amount = plan["amount"]
        liquidity_residual = amount if ex["liquidity_reconcile"] else 0.0
        self._add_line(
            table,
            m2m_rows,
            ex["liquidity"],
            ("payment", "liquidity"),
            dict(
                common,
                id=payment["line_ids"][0],
                name=ex["label"] + memo,
                date_maturity=plan["date"],
                balance=amount,
                amount_currency=amount,
                debit=amount,
                credit=0.0,
                price_subtotal=amount,
                price_total=amount,
                amount_residual=liquidity_residual,
                amount_residual_currency=liquidity_residual,
            ),
        )
        line = payment["counterpart"]
        balance = line["balance"]
        self._add_line(
            table,
            m2m_rows,
            ex["counterpart"],
            ("payment", "counterpart"),
            dict(
                common,
                id=line["id"],
                name=ex["label"] + memo,
                date_maturity=plan["date"],
                balance=balance,
                amount_currency=balance,
                debit=0.0,
                credit=-balance,
                price_subtotal=balance,
                price_total=balance,
                amount_residual=line["residual"],
                amount_residual_currency=line["residual"],
                reconciled=line["residual"] == 0,
                full_reconcile_id=full_of_line.get(line["id"]),
                matching_number=numbers.get(line["id"]),
            ),
        )
        if plan["write_off"]:
            write_off = plan["write_off"]
            self._add_line(
                table,
                m2m_rows,
                ex["write_off"],
                ("payment", "write_off"),
                dict(
                    common,
                    id=payment["line_ids"][2],
                    balance=write_off,
                    amount_currency=write_off,
                    debit=write_off,
                    credit=0.0,
                    price_subtotal=write_off,
                    price_total=write_off,
                ),
            )


def recompute_differences(records, limit=20):
    """Stored computed fields of ``records`` that Odoo would compute otherwise.

    Reads what is stored, asks the ORM to recompute every stored computed
    field of the records, and returns ``{field name: [(id, stored, computed)]}``
    (at most ``limit`` examples per field). The recomputed values stay in the
    cache: call this in a transaction or savepoint that is rolled back.
    """
    env = records.env
    # editable computed fields (balance, price_unit, taxes, ...) are defaults
    # that Odoo computes once; recomputing them is not meant to reproduce them
    fields_ = [
        f
        for f in records._fields.values()
        if f.store and f.compute and f.readonly and f.name not in EDITABLE_DEFAULTS
    ]
    env.flush_all()
    env.invalidate_all()
    records.fetch([f.name for f in fields_])
    stored = {f.name: {r.id: r[f.name] for r in records} for f in fields_}
    for field in fields_:
        env.add_to_compute(field, records)
    differences = defaultdict(list)
    for field in fields_:
        for record in records:
            value = record[field.name]
            before = stored[field.name][record.id]
            if field.type == "float" or field.type == "monetary":
                same = round((value or 0.0) - (before or 0.0), 6) == 0
            else:
                same = value == before
            if not same and len(differences[field.name]) < limit:
                differences[field.name].append((record.id, before, value))
    return dict(differences)
