"""Payer names as banks render them, reduced to comparable keys."""

import re
import unicodedata

BANK_NAME_LENGTH = 35
LEGAL_FORMS = frozenset(
    [
        "AG",
        "SA",
        "SAS",
        "SARL",
        "SRL",
        "SPA",
        "GMBH",
        "MBH",
        "KG",
        "OHG",
        "UG",
        "LTD",
        "LIMITED",
        "INC",
        "CORP",
        "CORPORATION",
        "LLC",
        "PLC",
        "BV",
        "NV",
        "AB",
        "AS",
        "OY",
        "CO",
        "COMPANY",
        "SL",
        "SLU",
        "EURL",
        "SNC",
        "EV",
        "THE",
    ]
)
_NOT_ALNUM = re.compile(r"[^A-Z0-9]+")
_UMLAUTS = (("AE", "A"), ("OE", "O"), ("UE", "U"), ("SS", "S"))


def fold(text):
    """Upper case ASCII without accents; punctuation becomes spaces."""
    text = str(text or "").replace("ß", "ss").replace("&", " ")
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    )
    return _NOT_ALNUM.sub(" ", ascii_text.upper()).strip()


def name_key(name):
    """Comparable key: folded, legal forms dropped, spaces gone, ``MUELLER`` ==
    ``MULLER``. Empty for an empty name."""
    words = [w for w in fold(name).split() if w not in LEGAL_FORMS]
    key = "".join(words)
    for long, short in _UMLAUTS:
        key = key.replace(long, short)
    return key


def bank_render(name, length=BANK_NAME_LENGTH):
    """How a bank prints a name: folded, upper case, cut to ``length``."""
    return fold(name)[:length].strip()
