"""Payment references: ISO 11649 creditor references and invoice-number keys.

Pure functions: build an RF reference, find RF references in free remittance
text, and turn invoice numbers written any which way into comparable keys.
"""

import re

from stdnum import iso11649
from stdnum.iso7064 import mod_97_10

_RF_START = re.compile(r"R\s*F\s*(\d)\s*(\d)")
_NOT_ALNUM = re.compile(r"[^A-Z0-9]+")
_GROUPS = re.compile(r"[A-Z]+|[0-9]+")
RF_MAX_BODY = 21


def make_rf(body):
    """Return the ISO 11649 reference ``RFkk<body>`` for an alphanumeric body."""
    body = _NOT_ALNUM.sub("", str(body).upper())
    if not body or len(body) > RF_MAX_BODY:
        raise ValueError("An RF reference body holds 1 to 21 letters or digits.")
    return "RF" + mod_97_10.calc_check_digits(body + "RF") + body


# ISO 7064 mod 97-10 over letters and digits: A is 10 ... Z is 35
_BASE36 = str.maketrans({chr(65 + n): str(10 + n) for n in range(26)})


def rf_valid(value):
    """True when ``value`` (upper case, no spaces) is an ISO 11649 reference:
    ``RF``, two check characters, letters or digits, mod 97 of 1 (as
    python-stdnum's ``iso11649.is_valid``, without its generic cleaning)."""
    if not (5 <= len(value) <= 25 and value[:2] == "RF"):
        return False
    if not (value.isascii() and value.isalnum()):
        return False
    return int((value[4:] + value[:4]).translate(_BASE36)) % 97 == 1


def compact_rf(reference):
    """Return a valid RF reference without spaces, or '' when it is not one."""
    value = _NOT_ALNUM.sub("", str(reference or "").upper())
    return value if rf_valid(value) else ""


def format_rf(reference):
    """Print an RF reference in groups of four, as on paper invoices."""
    return iso11649.format(reference)


def find_rf(text):
    """Return the checksum-valid RF references that ``text`` may hold.

    Spaces and dashes inside the reference are allowed, so the text that
    follows may be glued on: every valid prefix is returned, longest first,
    and the caller keeps those it knows.
    """
    upper = str(text or "").upper()
    found = []
    for match in _RF_START.finditer(upper):
        body = []
        for char in upper[match.end() :]:
            if char.isalnum() and char.isascii():
                body.append(char)
                if len(body) == RF_MAX_BODY:
                    break
            elif char not in " -":
                break
        head = "RF" + match.group(1) + match.group(2)
        for size in range(len(body), 0, -1):
            candidate = head + "".join(body[:size])
            if rf_valid(candidate):
                found.append(candidate)
    return found


def number_groups(text):
    """Split text into upper-case letter runs and digit runs."""
    return _GROUPS.findall(str(text or "").upper())


def strip_zeros(digits):
    return digits.lstrip("0") or "0"


def number_keys(number):
    """Keys under which an invoice number is indexed.

    ``INV/2025/00123`` gives ``2025123`` (digit runs without leading zeros)
    and ``202500123`` (digit runs as written, glued together).
    """
    return keys_from_digits([g for g in number_groups(number) if g.isdigit()])


def keys_from_digits(digits):
    """Both keys of a number from its digit runs (see ``number_keys``)."""
    if not digits:
        return set()
    return {"".join([d.lstrip("0") or "0" for d in digits]), "".join(digits)}


def cites(text, reference):
    """True when ``text`` cites ``reference`` (a customer's order number, say):
    the reference's digit runs, four digits at least, stand in the text as
    consecutive digit runs or glued into one ("PO-4500/123" in "order
    4500123"). Letters are left out: people write the prefix their own way."""
    wanted = [g for g in number_groups(reference) if g.isdigit()]
    if sum(len(g) for g in wanted) < 4:
        return False
    digits = [g for g in number_groups(text) if g.isdigit()]
    glued = "".join(wanted)
    size = len(wanted)
    return glued in digits or any(
        digits[pos : pos + size] == wanted for pos in range(len(digits) - size + 1)
    )


def text_keys(text, max_window=3, min_length=5):
    """Candidate number keys in remittance text, with the letters before each.

    Returns (key, letters_before) pairs for windows of 1 to ``max_window``
    consecutive digit runs: remittance text splits numbers in many ways.
    """
    groups = number_groups(text)
    keys = []
    for start, group in enumerate(groups):
        if not group.isdigit():
            continue
        before = groups[start - 1] if start and not groups[start - 1].isdigit() else ""
        digits = []
        for group2 in groups[start : start + 2 * max_window]:
            if not group2.isdigit():
                break
            digits.append(group2)
            for key in ("".join(strip_zeros(d) for d in digits), "".join(digits)):
                if len(key) >= min_length:
                    keys.append((key, before))
            if len(digits) == max_window:
                break
    return keys


def short_numbers(text):
    """Digit runs of the text without leading zeros (for partner-scoped lookups)."""
    return {strip_zeros(g) for g in number_groups(text) if g.isdigit()}


def within_one_typo(first, second):
    """True when the keys differ by one substitution, one insertion or deletion,
    or two adjacent characters swapped (Damerau distance at most 1)."""
    if first == second:
        return True
    len1, len2 = len(first), len(second)
    if abs(len1 - len2) > 1:
        return False
    if len1 == len2:
        diff = [i for i in range(len1) if first[i] != second[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and first[diff[0]] == second[diff[1]]
            and first[diff[1]] == second[diff[0]]
        )
    if len1 > len2:
        first, second = second, first
    return any(second[:i] + second[i + 1 :] == first for i in range(len(second)))


def typo_variants(key):
    """Keys one mistyped digit or one swap of adjacent characters away."""
    variants = set()
    for pos, char in enumerate(key):
        for digit in "0123456789":
            if digit != char:
                variants.add(key[:pos] + digit + key[pos + 1 :])
        if pos + 1 < len(key) and key[pos + 1] != char:
            variants.add(key[:pos] + key[pos + 1] + char + key[pos + 2 :])
    return variants


_OCR_LETTERS = str.maketrans("OoIlSBZ", "0011582")
_OCR_SPOT = re.compile(r"(?<=\d)[OoIlSBZ]{1,2}(?=\d)")


def ocr_fixed(text):
    """Letters a scanner reads for digits (O for 0, I or l for 1, S for 5,
    B for 8, Z for 2) turned back into digits where one or two of them stand
    between digits."""
    return _OCR_SPOT.sub(lambda m: m.group().translate(_OCR_LETTERS), str(text or ""))
