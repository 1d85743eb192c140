"""Remittance advices: the invoices and amounts a customer says one payment pays.

Pure Python. An advice comes as a sheet (CSV or XLSX rows) or as text (an
email body, a PDF's text). ``parse_rows`` finds the header line (English,
French or German words) and reads the reference and amount columns;
``parse_text`` reads lines holding a document number and an amount.
Amounts are read as people write them: "1,234.56", "1.234,56", "1 234,56",
"1234,56", "(12.00)", "-12,00 €".
"""

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .money import to_decimal

REFERENCE_HEADERS = (
    "invoice",
    "invoice number",
    "invoice no",
    "invoice #",
    "document",
    "document number",
    "reference",
    "your reference",
    "facture",
    "n° facture",
    "no facture",
    "numéro de facture",
    "numero de facture",
    "référence",
    "reference facture",
    "pièce",
    "rechnung",
    "rechnungsnummer",
    "beleg",
    "belegnummer",
)
AMOUNT_HEADERS = (
    "amount",
    "amount paid",
    "paid",
    "payment",
    "net",
    "net amount",
    "montant",
    "montant réglé",
    "montant payé",
    "montant net",
    "réglé",
    "betrag",
    "zahlbetrag",
    "bezahlt",
)
_SPACES = re.compile(r"[\s\u00a0\u202f']+")
_TEXT_AMOUNT = re.compile(
    r"(?<![\w/.-])[-(]?\d{1,3}(?:[ .,\u00a0\u202f']\d{3})*(?:[.,]\d{2})\)?(?![\w/])"
)
_DOCUMENT = re.compile(r"(?<!\w)([A-Za-z]{0,6}[-/ ]?\d[\w/-]*\d)(?!\w)")


@dataclass(frozen=True)
class AdviceLine:
    reference: str
    amount: Decimal | None = None


def parse_amount(text):
    """Decimal of an amount as written, or None when it is not one."""
    value = str(text or "").strip()
    for symbol in ("EUR", "€", "$", "£", "CHF", "USD", "GBP"):
        value = value.replace(symbol, "")
    value = value.strip()
    negative = value.startswith("-") or (value.startswith("(") and value.endswith(")"))
    value = _SPACES.sub("", value.strip("()+-"))
    if not re.fullmatch(r"\d[\d.,]*", value or "x"):
        return None
    if "." in value and "," in value:
        mark = "." if value.rfind(".") > value.rfind(",") else ","
    elif value.count(".") == 1 or value.count(",") == 1:
        mark = "." if "." in value else ","
        if len(value) - value.rfind(mark) - 1 == 3:
            mark = ""  # "1,000" or "1.000": a thousands separator
    else:
        mark = ""
    if mark:
        whole, _sep, cents = value.rpartition(mark)
        value = re.sub(r"[.,]", "", whole) + "." + cents
    else:
        value = re.sub(r"[.,]", "", value)
    try:
        amount = Decimal(value)
    except InvalidOperation:
        return None
    return -amount if negative else amount


def _header_index(header, names):
    cells = [str(c or "").strip().lower().rstrip(":") for c in header]
    for name in names:
        if name in cells:
            return cells.index(name)
    for pos, cell in enumerate(cells):
        if any(cell.startswith(name) for name in names):
            return pos
    return None


def parse_rows(rows):
    """Advice lines of a sheet: the first row naming a reference column is the
    header; an amount column is read when there is one. Total lines skipped."""
    rows = [list(r) for r in rows]
    for pos, row in enumerate(rows):
        ref_col = _header_index(row, REFERENCE_HEADERS)
        if ref_col is None:
            continue
        amount_col = _header_index(row, AMOUNT_HEADERS)
        found = []
        for values in rows[pos + 1 :]:
            reference = str(values[ref_col] if ref_col < len(values) else "").strip()
            if not reference or not any(c.isdigit() for c in reference):
                continue
            amount = None
            if amount_col is not None and amount_col < len(values):
                cell = values[amount_col]
                amount = (
                    to_decimal(cell).quantize(Decimal("0.01"))
                    if isinstance(cell, int | float)
                    else parse_amount(cell)
                )
            found.append(AdviceLine(reference, amount))
        return found
    return []


def parse_csv(data):
    """Advice lines of CSV bytes (UTF-8 or Windows-1252; ; , or tab)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    return parse_rows(csv.reader(io.StringIO(text), dialect))


def parse_xlsx(data):
    """Advice lines of the first sheet of an XLSX workbook."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return parse_rows(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()


def parse_text(text):
    """Advice lines of free text: each line with a document number; its amount
    is the last amount written on the line, when there is one."""
    found = []
    for raw in str(text or "").splitlines():
        amounts = _TEXT_AMOUNT.findall(raw)
        rest = raw
        for amount in amounts:
            rest = rest.replace(amount, " ")
        documents = [
            d.strip()
            for d in _DOCUMENT.findall(rest)
            if sum(c.isdigit() for c in d) >= 3
        ]
        if not documents:
            continue
        amount = parse_amount(amounts[-1]) if amounts else None
        found.append(AdviceLine(documents[0], amount))
    return found


def parse(data, filename="", mimetype=""):
    """Advice lines of a file, by its name or type; text for anything else."""
    name = filename.lower()
    if name.endswith(".xlsx") or "spreadsheetml" in mimetype:
        return parse_xlsx(data)
    if name.endswith(".csv") or mimetype == "text/csv":
        return parse_csv(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return parse_text(text)


def as_remittance(lines):
    """The advice as remittance text for the matcher: the references named."""
    return " ".join(line.reference for line in lines)
