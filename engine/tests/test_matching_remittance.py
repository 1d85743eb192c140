"""Remittance advices in several layouts, and the matcher using them."""

import io
from datetime import date
from decimal import Decimal

from openpyxl import Workbook

from engine import remittance
from engine.matching import BankLine, OpenItem, Partner, match
from engine.remittance import AdviceLine

D = Decimal


def test_amounts_as_people_write_them():
    cases = {
        "1,234.56": "1234.56",
        "1.234,56": "1234.56",
        "1 234,56 €": "1234.56",
        "1234,56": "1234.56",
        "EUR 12.5": "12.5",
        "(90.00)": "-90.00",
        "-90,00": "-90.00",
        "1,000": "1000",
        "2'500.00": "2500.00",
    }
    for text, expected in cases.items():
        assert remittance.parse_amount(text) == D(expected), text
    assert remittance.parse_amount("n/a") is None


def test_french_csv_with_semicolons_and_comma_decimals():
    data = (
        "Avis de paiement;;\n"
        "N° facture;Date;Montant réglé\n"
        "FA-2026-0012;01/05/2026;1 190,00\n"
        "AV-2026-0003;02/05/2026;-90,00\n"
        "Total;;1 100,00\n"
    ).encode("cp1252")
    assert remittance.parse(data, "avis.csv") == [
        AdviceLine("FA-2026-0012", D("1190.00")),
        AdviceLine("AV-2026-0003", D("-90.00")),
    ]


def test_english_csv_with_thousands_separators():
    data = (
        b"Invoice Number,Amount Paid\n"
        b'INV/2026/00012,"1,190.00"\n'
        b"INV/2026/00020,250.00\n"
    )
    assert remittance.parse(data, "remittance.csv") == [
        AdviceLine("INV/2026/00012", D("1190.00")),
        AdviceLine("INV/2026/00020", D("250.00")),
    ]


def test_german_xlsx_with_numbers_and_text_amounts():
    book = Workbook()
    sheet = book.active
    sheet.append(["Zahlungsavis Müller GmbH"])
    sheet.append(["Rechnungsnummer", "Betrag"])
    sheet.append(["INV/2026/00012", 1190])
    sheet.append(["INV/2026/00020", "250,00"])
    out = io.BytesIO()
    book.save(out)
    assert remittance.parse(out.getvalue(), "avis.xlsx") == [
        AdviceLine("INV/2026/00012", D("1190.00")),
        AdviceLine("INV/2026/00020", D("250.00")),
    ]


def test_email_text():
    text = (
        "Dear Sir or Madam,\n"
        "we paid today:\n"
        "  INV/2026/00012    1,190.00 EUR\n"
        "  Credit note RINV/2026/00003   (90.00)\n"
        "Total 1,100.00\n"
        "Kind regards\n"
    )
    assert remittance.parse(text.encode(), "mail.txt") == [
        AdviceLine("INV/2026/00012", D("1190.00")),
        AdviceLine("RINV/2026/00003", D("-90.00")),
    ]


def test_the_matcher_reads_the_advice():
    partners = [Partner("P1", "Müller GmbH")]
    items = [
        OpenItem("A", "P1", "INV/2026/00012", amount_residual=D("1190.00")),
        OpenItem("C", "P1", "INV/2026/00020", amount_residual=D("250.00")),
        OpenItem("C2", "P1", "INV/2026/00021", amount_residual=D("250.00")),
        OpenItem("CN", "P1", "RINV/2026/00003", amount_residual=D("-90.00")),
    ]
    advice = remittance.parse(
        b"Invoice,Amount\nINV/2026/00012,1190.00\nINV/2026/00021,250.00\n"
        b"RINV/2026/00003,-90.00\n",
        "a.csv",
    )
    line = BankLine(
        "L", date(2026, 6, 5), D("1350.00"), remittance="PAYMENT ADVICE SENT BY MAIL"
    )
    (without,) = match(partners, items, [line])
    assert not without.auto
    with_advice = BankLine(
        "L",
        date(2026, 6, 5),
        D("1350.00"),
        remittance=f"PAYMENT ADVICE SENT BY MAIL {remittance.as_remittance(advice)}",
    )
    (proposal,) = match(partners, items, [with_advice])
    assert proposal.auto
    assert {a.open_item_id for a in proposal.allocations} == {"A", "C2", "CN"}
