"""Command line of the matcher: CSV files in, proposals CSV out.

    python -m engine.matching --partners P.csv --open-items O.csv \
        --bank-lines B.csv --out R.csv [--mappings M.csv]

Files are UTF-8 CSV (a byte-order mark is accepted) with a header line;
amounts are plain decimals with a dot ("1000.00"), dates ISO ("2026-06-30").
Any problem in the input ends the run before anything is written, with one
line on standard error naming the file, line and column, and exit status 2.
R.csv is written whole or not at all (written aside, then renamed).
"""

import argparse
import csv
import io
import os
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from engine import matching

ZERO = Decimal(0)
BAD_INPUT = 2


class InputError(Exception):
    """Bad input: the message says what and where, in one line."""


class _Reader:
    """Rows of one CSV file as dicts, with the file and line for errors."""

    def __init__(self, path, required):
        self.path = str(path)
        self.required = required
        self.line = 1

    def fail(self, message, column=None):
        where = f"{self.path}:{self.line}"
        if column:
            where += f": column '{column}'"
        raise InputError(f"{where}: {message}")

    def _text(self):
        try:
            data = Path(self.path).read_bytes()
        except FileNotFoundError:
            raise InputError(f"{self.path}: no such file") from None
        except IsADirectoryError:
            raise InputError(f"{self.path}: a folder, not a CSV file") from None
        except OSError as error:
            raise InputError(
                f"{self.path}: cannot be read ({error.strerror})"
            ) from None
        if b"\x00" in data:
            raise InputError(f"{self.path}: a binary file, not a CSV text file")
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            self.line = data[: error.start].count(b"\n") + 1
            self.fail(
                f"byte 0x{data[error.start]:02x} is not UTF-8 (a Latin-1 or "
                "Windows file?): save the file as UTF-8"
            )

    def rows(self):
        text = self._text()
        if not text.strip():
            raise InputError(f"{self.path}: empty file, a header line is expected")
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = [column.strip() for column in next(reader)]
            yield from self._rows(reader, header)
        except csv.Error as error:
            self.line = reader.line_num
            self.fail(f"not readable as CSV ({error})")

    def _rows(self, reader, header):
        for column in self.required:
            if column not in header:
                self.fail(f"missing column '{column}' in the header")
        for values in reader:
            self.line = reader.line_num
            if not any(value.strip() for value in values):
                continue
            if len(values) > len(header):
                self.fail(f"{len(values)} fields, the header has {len(header)}")
            row = dict(zip(header, (v.strip() for v in values), strict=False))
            for column in self.required:
                if not row.get(column):
                    self.fail("is empty", column)
            yield row

    def money(self, row, column):
        value = row.get(column) or ""
        if not value:
            return ZERO
        try:
            amount = Decimal(value)
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite():
            hint = ""
            if "," in value:
                hint = " (write 1234.56: a dot for decimals, no thousands separator)"
            self.fail(f"'{value}' is not an amount{hint}", column)
        return amount

    def date(self, row, column):
        value = row.get(column) or ""
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(f"'{value}' is not a date (write YYYY-MM-DD)", column)

    def unique_ids(self, rows, what):
        seen = {}
        for line, row in rows:
            if row["id"] in seen:
                self.line = line
                self.fail(
                    f"{what} '{row['id']}' is already on line {seen[row['id']]}", "id"
                )
            seen[row["id"]] = line


def _read(path, required, make, what=None):
    reader = _Reader(path, required)
    made, lines = [], []
    for row in reader.rows():
        made.append(make(reader, row))
        lines.append((reader.line, row))
    if what:
        reader.unique_ids(lines, what)
    return made


def read_partners(path):
    return _read(
        path,
        ("ref",),
        lambda _r, row: matching.Partner(
            ref=row["ref"],
            name=row.get("name", ""),
            vat=row.get("vat", ""),
            ibans=tuple(i for i in (row.get("ibans") or "").split(";") if i),
            parent_ref=row.get("parent_ref", ""),
        ),
    )


def read_open_items(path):
    return _read(
        path,
        ("id", "partner_ref", "amount_residual"),
        lambda r, row: matching.OpenItem(
            id=row["id"],
            partner_ref=row["partner_ref"],
            number=row.get("number", ""),
            payment_reference=row.get("payment_reference", ""),
            currency=row.get("currency") or "EUR",
            amount_residual=r.money(row, "amount_residual"),
            invoice_date=r.date(row, "invoice_date"),
            due_date=r.date(row, "due_date"),
            discount_amount=r.money(row, "discount_amount"),
            discount_until=r.date(row, "discount_until"),
            customer_reference=row.get("customer_reference", ""),
        ),
        what="open item",
    )


def read_bank_lines(path):
    lines = _read(
        path,
        ("id", "amount"),
        lambda r, row: matching.BankLine(
            id=row["id"],
            date=r.date(row, "date"),
            amount=r.money(row, "amount"),
            currency=row.get("currency") or "EUR",
            payer_name=row.get("payer_name", ""),
            payer_iban=row.get("payer_iban", ""),
            remittance=row.get("remittance", ""),
            end_to_end_id=row.get("end_to_end_id", ""),
        ),
        what="bank line",
    )
    if not lines:
        raise InputError(f"{path}: no bank line to match, only a header")
    return lines


def read_mappings(path):
    return _read(
        path,
        ("kind", "value", "partner_ref"),
        lambda _r, row: (row["kind"], row["value"], row["partner_ref"]),
    )


def check_writable(path):
    """Fail before any work when the output cannot be written."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise InputError(f"{path}: a folder, the output must be a file")
    if not folder.is_dir():
        raise InputError(f"{path}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK) or (
        target.exists() and not os.access(target, os.W_OK)
    ):
        raise InputError(f"{path}: cannot be written (permission denied)")


def _proposal_rows(proposals):
    yield ["bank_line_id", "open_item_id", "amount", "confidence", "auto", "reason"]
    for proposal in proposals:
        reason = matching.reason_text(proposal.reasons)
        for allocation in proposal.allocations or [None]:
            yield [
                proposal.bank_line_id,
                allocation.open_item_id if allocation else "",
                allocation.amount if allocation else "",
                proposal.confidence,
                int(proposal.auto),
                reason,
            ]


def write_proposals(path, proposals):
    """Write R.csv aside in its folder, then rename: whole or nothing."""
    target = Path(path)
    aside = None
    try:
        with tempfile.NamedTemporaryFile(
            "w",
            newline="",
            encoding="utf-8",
            dir=target.parent if str(target.parent) else ".",
            prefix=f".{target.name}.",
            delete=False,
        ) as handle:
            aside = handle.name
            csv.writer(handle).writerows(_proposal_rows(proposals))
        os.replace(aside, target)
    except OSError as error:
        if aside and os.path.exists(aside):
            os.unlink(aside)
        raise InputError(f"{path}: cannot be written ({error.strerror})") from None


def main(argv=None):
    parser = argparse.ArgumentParser(description="Propose cash application")
    parser.add_argument("--partners", required=True)
    parser.add_argument("--open-items", required=True)
    parser.add_argument("--bank-lines", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--mappings", help="CSV kind,value,partner_ref")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    # reading a million rows: see matching.paused_gc
    with matching.paused_gc():
        try:
            check_writable(args.out)
            partners = read_partners(args.partners)
            items = read_open_items(args.open_items)
            lines = read_bank_lines(args.bank_lines)
            mappings = read_mappings(args.mappings) if args.mappings else ()
            proposals = matching.match(partners, items, lines, mappings)
            write_proposals(args.out, proposals)
        except InputError as error:
            print(f"error: {error}", file=sys.stderr)
            return BAD_INPUT
    auto = sum(p.auto for p in proposals)
    print(
        f"{len(lines)} bank lines, {len(items)} open items: {auto} auto, "
        f"{sum(bool(p.allocations) for p in proposals)} proposals "
        f"in {time.perf_counter() - start:.2f}s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
