"""``python -m engine.matching``: bad input ends with one line saying what and
where, exit status 2, and no output file."""

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.cashapp import cli

ROOT = Path(__file__).resolve().parents[2]
PARTNERS = "ref,name,vat,ibans,parent_ref\nP1,Müller GmbH,,DE89370400440532013000,\n"
ITEMS = (
    "id,partner_ref,number,payment_reference,currency,amount_residual,invoice_date,"
    "due_date,discount_amount,discount_until\n"
    "I1,P1,INV/2026/00012,INV/2026/00012,EUR,1190.00,2026-05-01,2026-05-31,,\n"
)
LINES = (
    "id,date,amount,currency,payer_name,payer_iban,remittance,end_to_end_id\n"
    "L1,2026-06-05,1190.00,EUR,MUELLER,,INV/2026/00012,\n"
)


@pytest.fixture
def files(tmp_path):
    paths = {
        "partners": tmp_path / "partners.csv",
        "items": tmp_path / "items.csv",
        "lines": tmp_path / "lines.csv",
        "out": tmp_path / "R.csv",
    }
    paths["partners"].write_text(PARTNERS, encoding="utf-8")
    paths["items"].write_text(ITEMS, encoding="utf-8")
    paths["lines"].write_text(LINES, encoding="utf-8")
    return paths


def run(files, capsys):
    status = cli.main(
        [
            "--partners",
            str(files["partners"]),
            "--open-items",
            str(files["items"]),
            "--bank-lines",
            str(files["lines"]),
            "--out",
            str(files["out"]),
        ]
    )
    return status, capsys.readouterr().err.strip()


def assert_refused(files, capsys, *expected):
    status, error = run(files, capsys)
    assert status == 2
    assert len(error.splitlines()) == 1, error
    for text in expected:
        assert text in error, error
    assert not files["out"].exists()
    assert not list(files["out"].parent.glob(".R.csv*"))


def test_good_files_write_the_proposals(files, capsys):
    status, _error = run(files, capsys)
    assert status == 0
    rows = files["out"].read_text(encoding="utf-8").splitlines()
    assert rows[0] == "bank_line_id,open_item_id,amount,confidence,auto,reason"
    assert rows[1].startswith("L1,I1,1190.00,0.99,1,")


def test_module_entry_point_keeps_the_file_contract(files):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "engine.matching",
            "--partners",
            str(files["partners"]),
            "--open-items",
            str(files["items"]),
            "--bank-lines",
            str(files["lines"]),
            "--out",
            str(files["out"]),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "1 bank lines" in done.stderr
    assert files["out"].read_text(encoding="utf-8").count("\n") == 2
    files["lines"].write_text("id,amount\nL1,abc\n", encoding="utf-8")
    files["out"].unlink()
    done = subprocess.run(
        [sys.executable, "-m", "engine.matching", *_args(files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert f"{files['lines']}:2: column 'amount'" in done.stderr


def _args(files):
    return [
        "--partners",
        str(files["partners"]),
        "--open-items",
        str(files["items"]),
        "--bank-lines",
        str(files["lines"]),
        "--out",
        str(files["out"]),
    ]


def test_missing_file(files, capsys):
    files["items"].unlink()
    assert_refused(files, capsys, f"{files['items']}: no such file")


def test_unwritable_output(files, capsys):
    files["out"] = files["out"].parent / "no-such-folder" / "R.csv"
    assert_refused(files, capsys, "R.csv", "does not exist")
    folder = files["out"].parent.parent / "locked"
    folder.mkdir()
    files["out"] = folder / "R.csv"
    files["out"].write_text("old", encoding="utf-8")
    files["out"].chmod(0o444)
    status, error = run(files, capsys)
    if status == 0:  # root writes read-only files: nothing to check
        return
    assert status == 2 and "cannot be written" in error
    assert files["out"].read_text(encoding="utf-8") == "old"


def test_missing_column(files, capsys):
    files["lines"].write_text("id,date,payer_name\nL1,2026-06-05,X\n", "utf-8")
    assert_refused(files, capsys, f"{files['lines']}:1", "missing column 'amount'")


@pytest.mark.parametrize("amount", ["abc", "1,000.00", "NaN", "Infinity", "-inf"])
def test_amount_that_is_not_a_plain_decimal(files, capsys, amount):
    files["lines"].write_text(
        f'id,date,amount\nL1,2026-06-05,1.00\nL2,2026-06-05,"{amount}"\n', "utf-8"
    )
    assert_refused(
        files, capsys, f"{files['lines']}:3: column 'amount'", "is not an amount"
    )


def test_thousands_separator_gets_a_hint(files, capsys):
    files["items"].write_text(
        'id,partner_ref,amount_residual\nI1,P1,"1,000.00"\n', "utf-8"
    )
    assert_refused(files, capsys, "column 'amount_residual'", "a dot for decimals")


def test_latin1_file(files, capsys):
    files["partners"].write_bytes(PARTNERS.encode("latin-1"))
    assert_refused(files, capsys, f"{files['partners']}:2", "not UTF-8")


def test_utf8_byte_order_mark_is_read(files, capsys):
    files["lines"].write_bytes(b"\xef\xbb\xbf" + LINES.encode("utf-8"))
    status, _error = run(files, capsys)
    assert status == 0
    assert "L1,I1,1190.00" in files["out"].read_text(encoding="utf-8")


def test_date_not_iso(files, capsys):
    files["lines"].write_text("id,date,amount\nL1,05/06/2026,1.00\n", "utf-8")
    assert_refused(files, capsys, f"{files['lines']}:2: column 'date'", "YYYY-MM-DD")


def test_binary_file(files, capsys):
    files["items"].write_bytes(b"PK\x03\x04\x00\x00binary")
    assert_refused(files, capsys, f"{files['items']}: a binary file")


def test_duplicated_bank_line_id(files, capsys):
    files["lines"].write_text(
        "id,amount\nL1,1.00\nL2,2.00\nL1,3.00\n", encoding="utf-8"
    )
    assert_refused(
        files, capsys, f"{files['lines']}:4: column 'id'", "already on line 2"
    )


def test_empty_files(files, capsys):
    files["partners"].write_text("", encoding="utf-8")
    assert_refused(files, capsys, f"{files['partners']}: empty file")
    files["partners"].write_text(PARTNERS, encoding="utf-8")
    files["lines"].write_text("id,date,amount\n", encoding="utf-8")
    assert_refused(files, capsys, f"{files['lines']}: no bank line")


def test_empty_required_value(files, capsys):
    files["lines"].write_text("id,amount\n,1.00\n", encoding="utf-8")
    assert_refused(files, capsys, f"{files['lines']}:2: column 'id'", "is empty")
