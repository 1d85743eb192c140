"""Cash application: propose which open items a bank line pays.

Pure Python, no Odoo. ``Matcher`` indexes partners and open items once (by
partner, by amount in cents, by normalised invoice-number keys and by RF
reference), then ``propose`` returns for every bank line the open items with
the cash applied to each, a confidence in [0, 1], whether it is safe to apply
without a human and a readable reason. Precision comes before recall: a line
is marked ``auto`` only when a single answer exists.

Command line (from the repository root)::

    python -m engine.matching --partners P.csv --open-items O.csv \
        --bank-lines B.csv --out R.csv [--mappings M.csv]
"""

import argparse
import csv
import sys
import time
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from datetime import date as Date
from decimal import Decimal

from . import names, references
from .money import to_decimal

ZERO = Decimal(0)
CENT = Decimal("0.01")
CONSISTENT = ("equal", "discount", "tolerance")
RF_HEADS = ("RF", "rf", "Rf", "rF")
STRONG = ("IBAN", "learned IBAN", "learned name", "customer on bank line")


@dataclass(frozen=True)
class Partner:
    ref: str
    name: str = ""
    vat: str = ""
    ibans: tuple = ()
    parent_ref: str = ""


@dataclass(frozen=True)
class OpenItem:
    id: str
    partner_ref: str
    number: str = ""
    payment_reference: str = ""
    currency: str = "EUR"
    amount_residual: Decimal = ZERO
    invoice_date: date | None = None
    due_date: date | None = None
    discount_amount: Decimal = ZERO
    discount_until: date | None = None


@dataclass(frozen=True)
class BankLine:
    id: str
    date: Date | None = None
    amount: Decimal = ZERO
    currency: str = "EUR"
    payer_name: str = ""
    payer_iban: str = ""
    remittance: str = ""
    end_to_end_id: str = ""
    partner_ref: str = ""  # set when the bank already named the customer


@dataclass(frozen=True)
class Allocation:
    """Cash of the bank line applied to one open item; ``writeoff`` is the part of
    the item closed without cash (early-payment discount or bank fee)."""

    open_item_id: str
    amount: Decimal
    writeoff: Decimal = ZERO
    writeoff_kind: str = ""  # '' | 'discount' | 'tolerance'


@dataclass
class Proposal:
    bank_line_id: str
    allocations: list = field(default_factory=list)
    confidence: float = 0.0
    auto: bool = False
    reason: str = ""
    partner_ref: str = ""
    on_account: Decimal = ZERO  # overpayment left on the customer's account
    short_amount: Decimal = ZERO  # unpaid part of the items after the line
    deduction: bool = False  # short beyond tolerance: open a deduction case


@dataclass(frozen=True)
class Settings:
    tolerance: Decimal = Decimal("5.00")  # bank fees written off
    tolerance_ratio: Decimal = Decimal("0.01")  # and at most this share
    deduction_ratio: Decimal = Decimal("0.25")  # short up to this share: deduction
    max_subset_items: int = 4
    max_family_items: int = 80
    max_combinations: int = 60000


def _cents(amount):
    return int((to_decimal(amount) * 100).to_integral_value())


def _iban_key(iban):
    return "".join(str(iban or "").split()).upper()


class PartnerIndex:
    """Who paid: payer IBAN, learned mappings and payer name to partners."""

    def __init__(self, partners, mappings=()):
        self.partners = {p.ref: p for p in partners}
        self.children = defaultdict(list)
        self.by_iban = defaultdict(set)
        self.by_name = defaultdict(set)
        for partner in partners:
            if partner.parent_ref:
                self.children[partner.parent_ref].append(partner.ref)
            for iban in partner.ibans:
                self.by_iban[_iban_key(iban)].add(partner.ref)
            key = names.name_key(partner.name)
            if key:
                self.by_name[key].add(partner.ref)
        self.learned_iban = {}
        self.learned_name = {}
        for kind, value, partner_ref in mappings:
            if kind == "iban":
                self.learned_iban[_iban_key(value)] = partner_ref
            else:
                self.learned_name[names.name_key(value)] = partner_ref
        self.sorted_names = sorted(self.by_name)

    def _name_candidates(self, key, maybe_truncated):
        found = set(self.by_name.get(key, ()))
        evidence = "name"
        if (maybe_truncated or not found) and len(key) >= 10:
            pos = bisect_left(self.sorted_names, key)
            while pos < len(self.sorted_names) and self.sorted_names[pos].startswith(
                key
            ):
                found |= self.by_name[self.sorted_names[pos]]
                pos += 1
            evidence = "truncated name" if maybe_truncated else "name prefix"
        return found, evidence if found else ""

    def identify(self, line):
        """Return (partner refs, evidence); strong evidence names one partner."""
        if line.partner_ref:
            return {line.partner_ref}, "customer on bank line"
        iban = _iban_key(line.payer_iban)
        if iban and iban in self.by_iban:
            return set(self.by_iban[iban]), "IBAN"
        if iban and iban in self.learned_iban:
            return {self.learned_iban[iban]}, "learned IBAN"
        key = names.name_key(line.payer_name)
        if not key:
            return set(), ""
        if key in self.learned_name:
            return {self.learned_name[key]}, "learned name"
        maybe_truncated = len(names.fold(line.payer_name)) >= names.BANK_NAME_LENGTH - 1
        return self._name_candidates(key, maybe_truncated)

    def family(self, partner_ref):
        """A partner and the subsidiaries it may pay for."""
        return [partner_ref, *self.children.get(partner_ref, ())]

    def related(self, first, second):
        if first == second:
            return True
        parent = self.partners.get(second)
        return bool(parent and parent.parent_ref == first)


class ItemIndex:
    """Open items by partner, amount in cents, number keys and RF reference."""

    def __init__(self, items):
        self.items = {item.id: item for item in items}
        self.by_partner = defaultdict(list)
        self.by_cents = defaultdict(list)
        self.by_key = defaultdict(set)
        self.by_rf = defaultdict(set)
        self.cents = {}
        self.short = defaultdict(lambda: defaultdict(set))
        self.prefix = {}
        for item in items:
            cents = _cents(item.amount_residual)
            self.cents[item.id] = cents
            self.by_partner[item.partner_ref].append(item.id)
            self.by_cents[(item.currency, cents)].append(item.id)
            self._index_references(item)
        for ids in self.by_partner.values():
            ids.sort(key=lambda i: self._age_key(self.items[i]))

    def _index_references(self, item):
        groups = references.number_groups(item.number)
        digits = [g for g in groups if g.isdigit()]
        self.prefix[item.id] = groups[0] if groups and not groups[0].isdigit() else ""
        if digits:
            self.short[item.partner_ref][references.strip_zeros(digits[-1])].add(
                item.id
            )
        keys = references.keys_from_digits(digits)
        reference = item.payment_reference
        if reference and reference != item.number:
            rf = references.compact_rf(reference) if reference[:2] in RF_HEADS else ""
            if rf:
                self.by_rf[rf].add(item.id)
            else:
                keys |= references.number_keys(reference)
        for key in keys:
            if len(key) >= 5:
                self.by_key[key].add(item.id)

    @staticmethod
    def _age_key(item):
        return (item.due_date or item.invoice_date or date.max, item.id)

    def fuzzy(self, key):
        """Items whose number key is one mistyped digit or one swap of two
        adjacent digits away from ``key`` (variants looked up in the index)."""
        found = set()
        for variant in references.typo_variants(key):
            found |= self.by_key.get(variant, set())
        return found


def _eligible_discount(item, line):
    if (
        item.discount_amount
        and item.discount_until
        and line.date
        and line.date <= item.discount_until
    ):
        return item.discount_amount
    return ZERO


class Matcher:
    def __init__(self, partners, items, mappings=(), settings=None):
        self.settings = settings or Settings()
        self.partners = PartnerIndex(partners, mappings)
        self.items = ItemIndex(items)
        self.consumed = set()

    # -- references ----------------------------------------------------------
    def _referenced(self, line, partners):
        """Items named in the remittance: (ids, 'rf' | 'number' | 'typo')."""
        rf_ids = set()
        for text in (line.remittance, line.end_to_end_id):
            for rf in references.find_rf(text):
                rf_ids |= self.items.by_rf.get(rf, set())
        if rf_ids:
            return rf_ids, "rf"
        text = f"{line.remittance} {line.end_to_end_id}"
        exact = set()
        for key, before in references.text_keys(text):
            hits = self.items.by_key.get(key)
            if hits:
                exact |= self._prefer_prefix(hits, before)
        exact = self._open(exact, line.currency)
        if exact and self._fit(exact, line)[0] in CONSISTENT:
            return exact, "number"
        typos = set()
        for key in {k for k, _b in references.text_keys(text, min_length=6)}:
            typos |= self.items.fuzzy(key)
        typos = self._open(typos - exact, line.currency)
        # a mistyped number is believed only with the amount or the payer
        typos = {
            i
            for i in typos
            if self._fit({i}, line)[0] in CONSISTENT
            or self.items.items[i].partner_ref in partners
        }
        if exact:
            # an exact number wins unless one near number fits the amount
            typos = {i for i in typos if self._fit({i}, line)[0] in CONSISTENT}
            if len(typos) == 1:
                return typos, "typo"
            return exact, "number"
        if typos:
            return typos, "typo"
        return exact, "number"

    def _prefer_prefix(self, hits, before):
        same = {i for i in hits if before and self.items.prefix[i] == before}
        return same or set(hits)

    # -- amounts -------------------------------------------------------------
    def _fit(self, ids, line):
        """How the line amount fits these items: (kind, allocations, rest)."""
        items = sorted((self.items.items[i] for i in ids), key=ItemIndex._age_key)
        total = sum((i.amount_residual for i in items), ZERO)
        amount = line.amount
        if amount == total:
            return "equal", [Allocation(i.id, i.amount_residual) for i in items], ZERO
        discounts = {i.id: _eligible_discount(i, line) for i in items}
        discount = sum(discounts.values(), ZERO)
        if discount and amount == total - discount:
            allocations = [
                Allocation(
                    i.id,
                    i.amount_residual - discounts[i.id],
                    discounts[i.id],
                    "discount" if discounts[i.id] else "",
                )
                for i in items
            ]
            return "discount", allocations, ZERO
        if amount > total:
            allocations = [Allocation(i.id, i.amount_residual) for i in items]
            return "overpaid", allocations, amount - total
        return self._fit_short(items, total, amount)

    def _fit_short(self, items, total, amount):
        short = total - amount
        settings = self.settings
        if short <= settings.tolerance and short <= total * settings.tolerance_ratio:
            allocations = [Allocation(i.id, i.amount_residual) for i in items[:-1]]
            last = items[-1]
            allocations.append(
                Allocation(last.id, last.amount_residual - short, short, "tolerance")
            )
            return "tolerance", allocations, ZERO
        kind = "deduction" if short <= total * settings.deduction_ratio else "partial"
        # credit notes first, then invoices oldest first
        remaining = amount
        allocations = []
        for item in sorted(items, key=lambda i: i.amount_residual >= 0):
            if item.amount_residual < 0:
                applied = item.amount_residual
            else:
                applied = min(item.amount_residual, max(remaining, ZERO))
            if applied:
                allocations.append(Allocation(item.id, applied))
            remaining -= applied
        return kind, allocations, ZERO

    # -- subsets -------------------------------------------------------------
    def _combinations(self, candidate_ids, line):
        """Subsets of up to four open items whose cash adds up to the line amount
        exactly (each item at its residual or discounted); stops after two.

        Meet in the middle over pairs: O(n^2) per line, n = customer's items."""
        ids = sorted(candidate_ids)
        options = []
        for item_id in ids:
            item = self.items.items[item_id]
            values = {self.items.cents[item_id]}
            discount = _eligible_discount(item, line)
            if discount:
                values.add(_cents(item.amount_residual - discount))
            options.append(tuple(values))
        target = _cents(line.amount)
        found = set()
        singles = defaultdict(list)
        for index, values in enumerate(options):
            for value in values:
                singles[value].append(index)
        found.update(frozenset((i,)) for i in singles.get(target, ()))
        if len(found) > 1:
            return [frozenset(ids[i] for i in combo) for combo in found][:2], False
        pairs = defaultdict(list)
        for first in range(len(ids)):
            for second in range(first + 1, len(ids)):
                for value in {a + b for a in options[first] for b in options[second]}:
                    pairs[value].append((first, second))
        found.update(frozenset(p) for p in pairs.get(target, ()))
        if len(found) < 2:
            self._triples_and_quads(options, singles, pairs, target, found)
        combos = [frozenset(ids[i] for i in combo) for combo in found]
        return combos[:2], False

    @staticmethod
    def _triples_and_quads(options, singles, pairs, target, found):
        for first, values in enumerate(options):
            for value in values:
                for second, third in pairs.get(target - value, ()):
                    if first < second:
                        found.add(frozenset((first, second, third)))
                if len(found) > 1:
                    return
        for value, value_pairs in pairs.items():
            for first, second in value_pairs:
                for third, fourth in pairs.get(target - value, ()):
                    if second < third:
                        found.add(frozenset((first, second, third, fourth)))
                if len(found) > 1:
                    return

    # -- proposal ------------------------------------------------------------
    def _open(self, ids, currency):
        return {
            i
            for i in ids
            if i not in self.consumed and self.items.items[i].currency == currency
        }

    def _family_items(self, partner_ref, currency):
        ids = []
        for member in self.partners.family(partner_ref):
            ids.extend(self.items.by_partner.get(member, ()))
        ids = sorted(
            self._open(ids, currency),
            key=lambda i: ItemIndex._age_key(self.items.items[i]),
        )
        return ids[: self.settings.max_family_items]

    def propose(self, line):
        partners, evidence = self.partners.identify(line)
        partner_ref = next(iter(partners)) if len(partners) == 1 else ""
        family = set()
        for candidate in partners:
            family.update(self.partners.family(candidate))
        referenced, ref_kind = self._referenced(line, family)
        referenced = self._open(referenced, line.currency)
        if referenced:
            proposal = self._from_references(
                line, referenced, ref_kind, family, evidence
            )
            if proposal:
                return proposal
        if partner_ref:
            return self._from_partner(line, partner_ref, evidence)
        return self._from_amount(line)

    def _describe(self, ids, ref_kind):
        labels = []
        for item_id in sorted(ids):
            item = self.items.items[item_id]
            if ref_kind == "rf":
                labels.append(f"RF reference {item.payment_reference}")
            else:
                labels.append(item.number or item_id)
        return ", ".join(labels)

    def _from_references(self, line, referenced, ref_kind, family, evidence):
        if len(referenced) > 1:
            subset = self._subset_of_references(referenced, line)
            if subset is not None:
                referenced = subset
        owners = {self.items.items[i].partner_ref for i in referenced}
        kind, allocations, rest = self._fit(referenced, line)
        agree = bool(family) and owners <= family
        # only a strong payer identification (IBAN) can overrule a reference
        contradicts = bool(family) and not agree and evidence in STRONG
        consistent = kind in CONSISTENT
        if ref_kind == "rf":
            auto, confidence = not contradicts, 0.99
        elif ref_kind == "number":
            auto = len(owners) == 1 and not contradicts and (consistent or agree)
            confidence = 0.95 if consistent else 0.8
        else:  # typo
            auto = len(referenced) == 1 and not contradicts and (consistent and agree)
            confidence = 0.85 if consistent else 0.5
            if not consistent and not agree:
                return None
        if family and not agree:
            confidence -= 0.3
        return self._make(
            line,
            allocations,
            kind,
            rest,
            confidence,
            auto,
            self._ref_reason(referenced, ref_kind),
            next(iter(owners)) if len(owners) == 1 else "",
        )

    def _ref_reason(self, referenced, ref_kind):
        label = {"rf": "", "number": "invoice number ", "typo": "near number "}
        return label[ref_kind] + self._describe(referenced, ref_kind)

    def _subset_of_references(self, referenced, line):
        found, _overflow = self._combinations(sorted(referenced), line)
        if len(found) == 1:
            return set(found[0])
        return None

    def _from_partner(self, line, partner_ref, evidence):
        candidates = self._family_items(partner_ref, line.currency)
        if not candidates:
            return Proposal(
                line.id,
                partner_ref=partner_ref,
                reason=f"{evidence}: customer has no open item",
            )
        short_refs = self._short_references(line, partner_ref, candidates)
        if short_refs:
            kind, allocations, rest = self._fit(short_refs, line)
            if kind in ("equal", "discount", "tolerance"):
                return self._make(
                    line,
                    allocations,
                    kind,
                    rest,
                    0.9,
                    True,
                    f"{evidence}; number {self._describe(short_refs, 'number')}",
                    partner_ref,
                )
        found, overflow = self._combinations(candidates, line)
        strong = evidence in (*STRONG, "name", "truncated name")
        if len(found) == 1:
            kind, allocations, rest = self._fit(found[0], line)
            auto = strong and not overflow
            confidence = 0.9 if auto else 0.6
            what = "open items" if len(found[0]) > 1 else "open item"
            return self._make(
                line,
                allocations,
                kind,
                rest,
                confidence,
                auto,
                f"{evidence}; only {what} with this amount",
                partner_ref,
            )
        if found:
            kind, allocations, rest = self._fit(found[0], line)
            return self._make(
                line,
                allocations,
                kind,
                rest,
                0.4,
                False,
                f"{evidence}; several open items match the amount",
                partner_ref,
            )
        return self._tolerance_or_oldest(line, candidates, partner_ref, evidence)

    def _short_references(self, line, partner_ref, candidates):
        open_ids = set(candidates)
        found = set()
        numbers = references.short_numbers(line.remittance)
        for member in self.partners.family(partner_ref):
            index = self.items.short.get(member) or {}
            for number in numbers:
                found |= index.get(number, set()) & open_ids
        return found

    def _tolerance_or_oldest(self, line, candidates, partner_ref, evidence):
        near = []
        for item_id in candidates:
            item = self.items.items[item_id]
            short = item.amount_residual - line.amount
            if ZERO < short <= self.settings.tolerance and (
                short <= item.amount_residual * self.settings.tolerance_ratio
            ):
                near.append(item_id)
        if len(near) == 1:
            kind, allocations, rest = self._fit(near, line)
            return self._make(
                line,
                allocations,
                kind,
                rest,
                0.75,
                False,
                f"{evidence}; only open item within tolerance",
                partner_ref,
            )
        oldest = [i for i in candidates if self.items.items[i].amount_residual > 0]
        if not oldest:
            return Proposal(line.id, partner_ref=partner_ref, reason=evidence)
        oldest.sort(key=lambda i: ItemIndex._age_key(self.items.items[i]))
        kind, allocations, rest = self._fit(oldest[:1], line)
        return self._make(
            line,
            allocations,
            kind,
            rest,
            0.3,
            False,
            f"{evidence}; no amount match, oldest open item",
            partner_ref,
        )

    def _from_amount(self, line):
        ids = self._open(
            self.items.by_cents.get((line.currency, _cents(line.amount)), ()),
            line.currency,
        )
        if len(ids) == 1:
            item_id = next(iter(ids))
            kind, allocations, rest = self._fit(ids, line)
            return self._make(
                line,
                allocations,
                kind,
                rest,
                0.3,
                False,
                "payer unknown; only open item with this amount",
                self.items.items[item_id].partner_ref,
            )
        reason = "payer unknown; no reference"
        if ids:
            reason += f"; {len(ids)} open items with this amount"
        return Proposal(line.id, reason=reason)

    def _make(self, line, allocations, kind, rest, confidence, auto, why, partner):
        notes = {
            "equal": "amount equal",
            "discount": "early-payment discount taken",
            "tolerance": "short within tolerance (bank fee)",
            "overpaid": f"overpaid by {rest}, left on account",
            "deduction": "short payment: deduction",
            "partial": "partial payment",
        }
        applied = sum((a.amount for a in allocations), ZERO)
        covered = sum(
            (self.items.items[a.open_item_id].amount_residual for a in allocations),
            ZERO,
        )
        short = covered - applied - sum((a.writeoff for a in allocations), ZERO)
        return Proposal(
            bank_line_id=line.id,
            allocations=allocations,
            confidence=round(max(0.0, min(1.0, confidence)), 2),
            auto=bool(auto),
            reason=f"{why}; {notes[kind]}",
            partner_ref=partner,
            on_account=rest,
            short_amount=short,
            deduction=kind == "deduction",
        )

    def consume(self, proposal):
        for allocation in proposal.allocations:
            self.consumed.add(allocation.open_item_id)


def match(partners, items, lines, mappings=(), settings=None):
    """Propose for each bank line; lines with a reference are decided first so
    that safe answers take their items before amount-only guesses."""
    matcher = Matcher(partners, items, mappings, settings)
    proposals = {}
    order = sorted(lines, key=lambda line: not _has_reference_hint(line))
    for line in order:
        proposal = matcher.propose(line)
        if proposal.auto:
            matcher.consume(proposal)
        proposals[line.id] = proposal
    return [proposals[line.id] for line in lines]


def _has_reference_hint(line):
    return bool(references.find_rf(line.remittance)) or any(
        c.isdigit() for c in line.remittance
    )


# -- files -------------------------------------------------------------------
def _date(value):
    return date.fromisoformat(value) if value else None


def _money(value):
    return Decimal(value) if value not in (None, "") else ZERO


def _read_csv(path, make_row):
    """``make_row(row)`` for every row of the UTF-8 CSV file at ``path``."""
    with open(path, newline="", encoding="utf-8") as handle:
        return [make_row(row) for row in csv.DictReader(handle)]


def read_partners(path):
    return _read_csv(
        path,
        lambda row: Partner(
            ref=row["ref"],
            name=row.get("name", ""),
            vat=row.get("vat", ""),
            ibans=tuple(i for i in (row.get("ibans") or "").split(";") if i),
            parent_ref=row.get("parent_ref", ""),
        ),
    )


def read_open_items(path):
    return _read_csv(
        path,
        lambda row: OpenItem(
            id=row["id"],
            partner_ref=row["partner_ref"],
            number=row.get("number", ""),
            payment_reference=row.get("payment_reference", ""),
            currency=row.get("currency") or "EUR",
            amount_residual=_money(row["amount_residual"]),
            invoice_date=_date(row.get("invoice_date")),
            due_date=_date(row.get("due_date")),
            discount_amount=_money(row.get("discount_amount")),
            discount_until=_date(row.get("discount_until")),
        ),
    )


def read_bank_lines(path):
    return _read_csv(
        path,
        lambda row: BankLine(
            id=row["id"],
            date=_date(row.get("date")),
            amount=_money(row["amount"]),
            currency=row.get("currency") or "EUR",
            payer_name=row.get("payer_name", ""),
            payer_iban=row.get("payer_iban", ""),
            remittance=row.get("remittance", ""),
            end_to_end_id=row.get("end_to_end_id", ""),
        ),
    )


def read_mappings(path):
    return _read_csv(path, lambda row: (row["kind"], row["value"], row["partner_ref"]))


def write_proposals(path, proposals):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["bank_line_id", "open_item_id", "amount", "confidence", "auto", "reason"]
        )
        for proposal in proposals:
            rows = proposal.allocations or [None]
            for allocation in rows:
                writer.writerow(
                    [
                        proposal.bank_line_id,
                        allocation.open_item_id if allocation else "",
                        allocation.amount if allocation else "",
                        proposal.confidence,
                        int(proposal.auto),
                        proposal.reason,
                    ]
                )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partners", required=True)
    parser.add_argument("--open-items", required=True)
    parser.add_argument("--bank-lines", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--mappings", help="CSV kind,value,partner_ref")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    partners = read_partners(args.partners)
    items = read_open_items(args.open_items)
    lines = read_bank_lines(args.bank_lines)
    mappings = read_mappings(args.mappings) if args.mappings else ()
    proposals = match(partners, items, lines, mappings)
    write_proposals(args.out, proposals)
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
