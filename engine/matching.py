"""Cash application: propose which open items a bank line pays.

Pure Python, no Odoo. ``Matcher`` indexes partners and open items once (by
partner, by amount in cents, by normalised invoice-number keys and by RF
reference), then ``propose`` returns for every bank line the open items with
the cash applied to each, a confidence in [0, 1], whether it is safe to apply
without a human, and the reasons as codes with parameters (``reason_text``
renders them in English; Odoo translates them).

Rule of the whole amount: a line is ``auto`` only when every cent is explained
(items named or found, each at its residual or discounted within its period,
a bank fee within the tolerance) and no other answer explains it as well.
Combinations of unnamed items are searched among the payer's open items: one
and two items exhaustively (hash look-ups, any number of items), three and
four among the ``window`` items due nearest the bank line's date; a
combination of three or more is only proven unique when the payer has no more
open items than the window.

The CSV command line is tooling, kept in ``benchmarks/cashapp/cli.py``;
``python -m engine.matching ...`` runs it.
"""

import gc
import sys
from bisect import bisect_left
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from datetime import date as Date
from decimal import Decimal
from itertools import product
from math import comb

from . import names, references
from .money import to_decimal

ZERO = Decimal(0)
RF_HEADS = ("RF", "rf", "Rf", "rF")
WHOLE = ("equal", "discount", "tolerance")
# highest density of the sum of n amounts drawn evenly from [0, 1] (Irwin-Hall)
PEAK_DENSITY = {2: 1.0, 3: 0.75, 4: 2 / 3}
STRONG = ("payer_on_line", "payer_iban", "payer_learned_iban", "payer_learned_name")
NAMED_PAYER = ("payer_name", "payer_truncated_name")

# Confidence per basis of a proposal: the share of right proposals measured on
# the generated data set of seed 1 (benchmarks/matching_bench.py, 10,000 lines
# against 1,000,000 open items), rounded down; another seed, never tuned on,
# checks the bands (benchmarks/results/cashapp_matching.txt).
CONFIDENCE = {
    "rf": 0.99,
    "number": 0.99,
    "near_number": 0.95,
    "short_number": 0.95,
    "customer_reference": 0.97,
    "named_and_found": 0.97,
    "only_combination": 0.97,
    "named_not_whole": 0.9,  # the items are right, the amount is not whole
    "named_unconfirmed": 0.4,
    "named_other_customer": 0.1,
    "several_named": 0.3,
    "unproven_combination": 0.3,
    "several_combinations": 0.25,
    "within_tolerance_only": 0.05,
    "oldest_item": 0.02,
    "amount_only": 0.3,
}


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
    customer_reference: str = ""  # the customer's own order number


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
    """``reasons``: (code, {name: value}) pairs, rendered by ``reason_text``."""

    bank_line_id: str
    allocations: list = field(default_factory=list)
    confidence: float = 0.0
    auto: bool = False
    reasons: tuple = ()
    partner_ref: str = ""
    on_account: Decimal = ZERO  # overpayment left on the customer's account
    short_amount: Decimal = ZERO  # unpaid part of the items after the line
    deduction: bool = False  # short beyond tolerance: open a deduction case
    basis: str = ""  # key of CONFIDENCE: what the answer rests on
    whole: bool = False  # every cent of the line is explained

    @property
    def reason(self):
        return reason_text(self.reasons)


@dataclass(frozen=True)
class Settings:
    tolerance: Decimal = Decimal("5.00")  # bank fees written off
    tolerance_ratio: Decimal = Decimal("0.01")  # and at most this share
    deduction_ratio: Decimal = Decimal("0.25")  # short up to this share: deduction
    max_items: int = 4  # items in one combination
    window: int = 60  # items searched for combinations of three or four
    # a set of two or more unnamed items summing to the amount is believed
    # only when so many sets of its size could not hit the amount by chance
    max_chance: float = 0.0002


# English text of each reason code (Odoo renders its own translated texts).
REASON_TEXTS = {
    "payer_on_line": "customer on bank line",
    "payer_iban": "IBAN",
    "payer_learned_iban": "learned IBAN",
    "payer_learned_name": "learned name",
    "payer_name": "name",
    "payer_truncated_name": "truncated name",
    "payer_name_prefix": "name prefix",
    "payer_unknown": "payer unknown",
    "rf": "RF reference %(items)s",
    "number": "invoice number %(items)s",
    "near_number": "near number %(items)s",
    "short_number": "number %(items)s",
    "customer_reference": "customer's order number %(items)s",
    "named_and_found": "named %(items)s, with unnamed open items %(found)s",
    "several_named": "several customers' invoices named",
    "no_open_item": "customer has no open item",
    "only_combination": "only open items with this amount",
    "unproven_combination": "open items with this amount among many",
    "several_combinations": "several open items match the amount",
    "within_tolerance_only": "only open item within tolerance",
    "oldest_item": "no amount match, oldest open item",
    "amount_only": "only open item with this amount",
    "no_reference": "no reference",
    "same_amount_items": "%(count)s open items with this amount",
    "equal": "amount equal",
    "discount": "early-payment discount taken",
    "tolerance": "short within tolerance (bank fee)",
    "overpaid": "overpaid by %(amount)s, left on account",
    "deduction": "short payment: deduction",
    "partial": "partial payment",
}


def reason_text(reasons, texts=None):
    """Reasons in one line of English, or of the given ``texts`` by code."""
    texts = texts or REASON_TEXTS
    return "; ".join(texts[code] % params for code, params in reasons)


def _cents(amount):
    return int((to_decimal(amount) * 100).to_integral_value())


def _iban_key(iban):
    return "".join(str(iban or "").split()).upper()


class PartnerIndex:
    """Who paid: payer IBAN, learned mappings and payer name to partners; and
    the customers seen citing their own order numbers (``order_ref``
    mappings learned from confirmations)."""

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
        self.cites_orders = set()
        for kind, value, partner_ref in mappings:
            if kind == "iban":
                self.learned_iban[_iban_key(value)] = partner_ref
            elif kind == "order_ref":
                self.cites_orders.add(partner_ref)
            else:
                self.learned_name[names.name_key(value)] = partner_ref
        self.sorted_names = sorted(self.by_name)

    def _prefixed(self, key):
        found = set()
        pos = bisect_left(self.sorted_names, key)
        while pos < len(self.sorted_names) and self.sorted_names[pos].startswith(key):
            found |= self.by_name[self.sorted_names[pos]]
            pos += 1
        return found

    def _by_name(self, payer_name):
        key = names.name_key(payer_name)
        folded = names.fold(payer_name)
        if len(folded) >= names.BANK_NAME_LENGTH - 1:
            # cut by the bank: the last word may be cut too
            words = folded.split()
            cut = names.name_key(" ".join(words[:-1])) if len(words) > 1 else key
            if len(cut) >= 10:
                found = self._prefixed(cut)
                if found:
                    return found, "payer_truncated_name"
        found = set(self.by_name.get(key, ()))
        if found:
            return found, "payer_name"
        if len(key) >= 10:
            found = self._prefixed(key)
            if found:
                return found, "payer_name_prefix"
        return set(), ""

    def identify(self, line):
        """Return (partner refs, evidence code); strong evidence names one."""
        if line.partner_ref:
            return {line.partner_ref}, "payer_on_line"
        iban = _iban_key(line.payer_iban)
        if iban and iban in self.by_iban:
            return set(self.by_iban[iban]), "payer_iban"
        if iban and iban in self.learned_iban:
            return {self.learned_iban[iban]}, "payer_learned_iban"
        key = names.name_key(line.payer_name)
        if not key:
            return set(), ""
        if key in self.learned_name:
            return {self.learned_name[key]}, "payer_learned_name"
        return self._by_name(line.payer_name)

    def family(self, partner_ref):
        """A partner and the subsidiaries it may pay for."""
        return [partner_ref, *self.children.get(partner_ref, ())]


class ItemIndex:
    """Open items by partner, amount in cents, number keys and RF reference."""

    def __init__(self, items):
        self.items = {item.id: item for item in items}
        self.by_partner = defaultdict(list)
        self.by_cents = defaultdict(list)
        self.by_key = defaultdict(set)
        self.by_rf = defaultdict(set)
        self.cents = {}
        self._short = {}
        self._prefix = {}
        # one pass, names bound once: a million items are indexed here
        cents_of, by_partner, by_cents = self.cents, self.by_partner, self.by_cents
        index_references = self._index_references
        for item in items:
            cents = int(item.amount_residual.scaleb(2).to_integral_value())
            cents_of[item.id] = cents
            by_partner[item.partner_ref].append(item.id)
            by_cents[(item.currency, cents)].append(item.id)
            index_references(item)

    def _index_references(self, item):
        digits = [g for g in references.number_groups(item.number) if g.isdigit()]
        keys = references.keys_from_digits(digits)
        reference = item.payment_reference
        if reference and reference != item.number:
            rf = references.compact_rf(reference) if reference[:2] in RF_HEADS else ""
            if rf:
                self.by_rf[rf].add(item.id)
            else:
                keys |= references.number_keys(reference)
        by_key = self.by_key
        for key in keys:
            if len(key) >= 5:
                by_key[key].add(item.id)

    def prefix(self, item_id):
        """Letters before the first digits of the item's number ('INV')."""
        if item_id not in self._prefix:
            groups = references.number_groups(self.items[item_id].number)
            self._prefix[item_id] = (
                groups[0] if groups and not groups[0].isdigit() else ""
            )
        return self._prefix[item_id]

    def short(self, partner_ref):
        """The partner's items by the last digit run of their number, without
        leading zeros (built on first use: few payers need it)."""
        if partner_ref not in self._short:
            index = defaultdict(set)
            for item_id in self.by_partner.get(partner_ref, ()):
                groups = references.number_groups(self.items[item_id].number)
                digits = [g for g in groups if g.isdigit()]
                if digits:
                    index[references.strip_zeros(digits[-1])].add(item_id)
            self._short[partner_ref] = index
        return self._short[partner_ref]

    @staticmethod
    def age_key(item):
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


@dataclass
class _Explained:
    """How the amount of a line is explained: fit kind, allocations, what is
    left on account, and the items found besides those named."""

    kind: str
    allocations: list
    rest: Decimal = ZERO
    found: frozenset = frozenset()

    @property
    def whole(self):
        return self.kind in WHOLE


class Matcher:
    def __init__(self, partners, items, mappings=(), settings=None):
        self.settings = settings or Settings()
        self.partners = PartnerIndex(partners, mappings)
        self.items = ItemIndex(items)
        self.consumed = set()

    def item(self, item_id):
        return self.items.items[item_id]

    # -- references ----------------------------------------------------------
    def _named(self, line, family):
        """Sets of items the remittance names, best first, each with its kind:
        'rf', 'number' (exact invoice numbers) or 'near_number' (one typo or
        scanner misreading away)."""
        rf_ids = set()
        for text in (line.remittance, line.end_to_end_id):
            for rf in references.find_rf(text):
                rf_ids |= self.items.by_rf.get(rf, set())
        rf_ids = self._open(rf_ids, line.currency)
        if rf_ids:
            return [(rf_ids, "rf")]
        text = f"{line.remittance} {line.end_to_end_id}"
        exact = set()
        for key, before in references.text_keys(text, max_window=4):
            hits = self.items.by_key.get(key)
            if hits:
                exact |= self._prefer_prefix(hits, before)
        exact = self._open(exact, line.currency)
        near = set()
        fixed = references.ocr_fixed(text)
        if fixed != text:
            for key, _before in references.text_keys(fixed, max_window=4):
                near |= self.items.by_key.get(key, set())
        for key in {k for k, _b in references.text_keys(text, min_length=6)}:
            near |= self.items.fuzzy(key)
        near = self._open(near - exact, line.currency)
        # a near number is believed only with the amount or the payer
        near = {
            i
            for i in near
            if self._fit({i}, line).whole or self.item(i).partner_ref in family
        }
        found = [(exact, "number")] if exact else []
        if near:
            found.append((near, "near_number"))
        return found

    def _orders_cited(self, line, family):
        """Items whose customer order number the remittance cites, among the
        items of payers seen citing their order numbers (learned habit)."""
        if not line.remittance or not family & self.partners.cites_orders:
            return []
        found = {
            item_id
            for item_id in self._family_items(family, line.currency)
            if self.item(item_id).customer_reference
            and references.cites(line.remittance, self.item(item_id).customer_reference)
        }
        return [(found, "customer_reference")] if found else []

    def _prefer_prefix(self, hits, before):
        same = {i for i in hits if before and self.items.prefix(i) == before}
        return same or set(hits)

    def _short_named(self, line, family, named):
        """Items of the payer's family named by their last digits only."""
        found = set()
        numbers = references.short_numbers(references.ocr_fixed(line.remittance))
        for member in family:
            index = self.items.short(member)
            for number in numbers:
                found |= index.get(number, set())
        return self._open(found - named, line.currency)

    # -- amounts -------------------------------------------------------------
    def _fit(self, ids, line, amount=None):
        """How the amount fits these items (all of them)."""
        items = sorted((self.item(i) for i in ids), key=ItemIndex.age_key)
        total = sum((i.amount_residual for i in items), ZERO)
        amount = line.amount if amount is None else amount
        if amount == total:
            return _Explained(
                "equal", [Allocation(i.id, i.amount_residual) for i in items]
            )
        discounts = {i.id: _eligible_discount(i, line) for i in items}
        if any(discounts.values()):
            allocations = self._discounted(items, discounts, amount)
            if allocations:
                return _Explained("discount", allocations)
        if amount > total:
            allocations = [Allocation(i.id, i.amount_residual) for i in items]
            return _Explained("overpaid", allocations, amount - total)
        return self._fit_short(items, total, amount)

    @staticmethod
    def _discounted(items, discounts, amount):
        """Allocations taking the discount on some items so that the cash adds
        up to ``amount`` exactly (at most 2^4 choices: sets are small)."""
        eligible = [i for i in items if discounts[i.id]]
        if len(eligible) > 6:
            return None
        total = sum((i.amount_residual for i in items), ZERO)
        for taken in product((True, False), repeat=len(eligible)):
            chosen = {i.id for i, t in zip(eligible, taken, strict=True) if t}
            if chosen and total - sum(discounts[i] for i in chosen) == amount:
                return [
                    Allocation(
                        i.id,
                        i.amount_residual - (discounts[i.id] if i.id in chosen else 0),
                        discounts[i.id] if i.id in chosen else ZERO,
                        "discount" if i.id in chosen else "",
                    )
                    for i in items
                ]
        return None

    def _fit_short(self, items, total, amount):
        short = total - amount
        settings = self.settings
        if short <= settings.tolerance and short <= total * settings.tolerance_ratio:
            # the fee is written off on the last invoice, never on a credit note
            last = next(
                (i for i in reversed(items) if i.amount_residual >= short), items[-1]
            )
            allocations = [
                Allocation(i.id, i.amount_residual - short, short, "tolerance")
                if i is last
                else Allocation(i.id, i.amount_residual)
                for i in items
            ]
            return _Explained("tolerance", allocations)
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
        return _Explained(kind, allocations)

    # -- combinations --------------------------------------------------------
    def combinations(self, candidate_ids, line, target, limit=2):
        """Sets of at most ``max_items`` candidates whose cash (each item at its
        residual, or discounted in its period) adds up to ``target`` cents.

        Returns (sets found, at most ``limit``; proven): one and two items are
        searched among all candidates by hash look-ups, three and four among
        the ``window`` candidates due nearest the line's date, meeting in the
        middle over pairs (window^2). ``proven`` is False when candidates were
        left out of the search for three or four."""
        values = {}
        for item_id in candidate_ids:
            item = self.item(item_id)
            options = {self.items.cents[item_id]}
            discount = _eligible_discount(item, line)
            if discount:
                options.add(_cents(item.amount_residual - discount))
            values[item_id] = options
        singles = defaultdict(list)
        for item_id, options in values.items():
            for value in options:
                singles[value].append(item_id)
        found = {frozenset((i,)) for i in singles.get(target, ())}
        for first, options in values.items():
            for value in options:
                for second in singles.get(target - value, ()):
                    if second != first:
                        found.add(frozenset((first, second)))
            if len(found) >= limit:
                return list(found)[:limit], True
        window = self._window(values, line)
        proven = len(window) == len(values)
        if self.settings.max_items >= 3:
            self._three_and_four(window, values, singles, target, found, limit)
        found = list(found)[:limit]
        if len(found) == 1 and len(found[0]) > 1:
            size = len(found[0])
            searched = len(values) if size <= 2 else len(window)
            proven = proven and (
                self._chance(size, searched, values, target) <= self.settings.max_chance
            )
        return found, proven

    @staticmethod
    def _chance(size, searched, values, target):
        """Expected number of sets of ``size`` among ``searched`` items that
        add up to ``target`` cents by chance: the number of such sets times
        the peak density of a sum of ``size`` amounts spread evenly over the
        items' span (never a span narrower than the amount)."""
        cents = [value for options in values.values() for value in options]
        span = max(max(cents) - min(cents), abs(target)) + 1
        return comb(searched, size) * PEAK_DENSITY[min(size, 4)] / span

    def _window(self, values, line):
        if len(values) <= self.settings.window:
            return sorted(values)
        day = line.date or date.today()

        def distance(item_id):
            item = self.item(item_id)
            due = item.due_date or item.invoice_date or day
            return (abs((due - day).days), item_id)

        return sorted(values, key=distance)[: self.settings.window]

    def _three_and_four(self, window, values, singles, target, found, limit):
        inside = set(window)
        pairs = defaultdict(list)
        for pos, first in enumerate(window):
            for second in window[pos + 1 :]:
                for value in {a + b for a in values[first] for b in values[second]}:
                    pairs[value].append((first, second))
        for value, value_pairs in pairs.items():
            for pair in value_pairs:
                for third in singles.get(target - value, ()):
                    if third in inside and third not in pair:
                        found.add(frozenset((*pair, third)))
                if self.settings.max_items >= 4:
                    for other in pairs.get(target - value, ()):
                        if not set(pair) & set(other):
                            found.add(frozenset((*pair, *other)))
                if len(found) >= limit:
                    return

    # -- proposal ------------------------------------------------------------
    def _open(self, ids, currency):
        return {
            i
            for i in ids
            if i not in self.consumed and self.item(i).currency == currency
        }

    def _family_items(self, family, currency):
        ids = []
        for member in family:
            ids.extend(self.items.by_partner.get(member, ()))
        return self._open(ids, currency)

    def propose(self, line):
        partners, evidence = self.partners.identify(line)
        partner_ref = next(iter(partners)) if len(partners) == 1 else ""
        family = set()
        for candidate in partners:
            family.update(self.partners.family(candidate))
        fallback = None
        named_sets = self._named(line, family) + self._orders_cited(line, family)
        cited_exactly = False
        for named, kind in named_sets:
            # a number one typo away is no reading when the remittance cites
            # one of the payer's open items exactly (short payments included)
            if kind == "near_number" and cited_exactly:
                continue
            cited_exactly = cited_exactly or (
                kind == "number"
                and any(self.item(i).partner_ref in family for i in named)
            )
            proposal = self._from_named(line, named, kind, family, evidence)
            if proposal and proposal.whole:
                return proposal
            fallback = fallback or proposal
        if fallback:
            return fallback
        if partner_ref:
            return self._from_payer(line, partner_ref, evidence)
        return self._from_amount(line)

    def _labels(self, ids, kind):
        labels = []
        for item_id in sorted(ids):
            item = self.item(item_id)
            if kind == "rf":
                labels.append(item.payment_reference)
            elif kind == "customer_reference":
                labels.append(item.customer_reference)
            else:
                labels.append(item.number or item_id)
        return ", ".join(labels)

    def _from_named(self, line, named, kind, family, evidence):
        """Named items of one customer, completed when the amount asks for it."""
        mine = {i for i in named if self.item(i).partner_ref in family}
        if mine:
            groups = [(mine, True)]
        else:
            by_owner = defaultdict(set)
            for item_id in named:
                by_owner[self.item(item_id).partner_ref].add(item_id)
            groups = [(ids, False) for ids in by_owner.values()]
        results = []
        for ids, agree in groups:
            # the rest is looked for among the named items' customers' items
            scope = set()
            for owner in {self.item(i).partner_ref for i in ids}:
                scope.update(self.partners.family(owner))
            # completing the named items needs the payer's word: without it a
            # number met by chance would pull in its customer's other items
            if not agree:
                scope = set()
            results.append((self._explain_named(line, ids, scope, kind), ids, agree))
        whole = [r for r in results if r[0][0].whole]
        if len(groups) > 1 and len(whole) != 1:
            if kind != "rf" and not whole and not family:
                return None
            explained, ids, agree = (whole or results)[0]
            return self._named_proposal(
                line, explained, ids, kind, agree, family, evidence, several=True
            )
        explained, ids, agree = whole[0] if whole else results[0]
        return self._named_proposal(line, explained, ids, kind, agree, family, evidence)

    def _explain_named(self, line, named, scope, kind):
        """(explanation, proven): the named items, a subset of them, or the
        named items with unnamed open items of the customer filling the rest."""
        explained = self._fit(named, line)
        if explained.kind == "tolerance" and scope and kind != "near_number":
            # a short payment read as a bank fee may be an open credit note of
            # the customer deducted unnamed: two readings, a person decides
            found = self._rest_sets(line, named, scope)
            if found:
                rival = self._fit(set(named) | found[0], line)
                if len(found) == 1 and rival.whole:
                    rival.found = found[0]
                    explained = rival
                return explained, False
        if explained.whole:
            return explained, True
        extra = set()
        if kind == "number" and scope:
            extra = self._short_named(line, scope, named)
        pool = named | extra
        if len(pool) > 1 and len(pool) <= 12:
            found, _proven = self.combinations(pool, line, _cents(line.amount))
            found = [f for f in found if f & named]
            if len(found) == 1:
                return self._fit(found[0], line), True
        if scope and kind != "near_number":
            completed = self._completed(line, pool, scope)
            if completed:
                return completed
        return explained, True

    def _completed(self, line, pool, scope):
        """(explanation, proven) of ``pool`` completed by the one set of other
        open items of ``scope`` that pays the rest exactly, or None."""
        found, proven = self._rest_sets(line, pool, scope, with_proof=True)
        if len(found) == 1:
            completed = self._fit(pool | found[0], line)
            if completed.whole:
                completed.found = found[0]
                return completed, proven
        return None

    def _rest_sets(self, line, pool, scope, with_proof=False):
        """Sets (at most two) of other open items of ``scope`` paying exactly
        what the line leaves after ``pool``; with ``proven`` if asked."""
        total = sum((self.item(i).amount_residual for i in pool), ZERO)
        rest = _cents(line.amount - total)
        found, proven = [], True
        if rest:
            others = self._family_items(scope, line.currency) - set(pool)
            found, proven = self.combinations(others, line, rest)
        return (found, proven) if with_proof else found

    def _named_proposal(
        self, line, result, ids, kind, agree, family, evidence, several=False
    ):
        explained, proven = result
        owners = {self.item(a.open_item_id).partner_ref for a in explained.allocations}
        # only a strong payer identification (IBAN) can overrule a reference
        contradicts = bool(family) and not agree and evidence in STRONG
        if kind == "near_number":
            believed = agree or (not family and len(ids) == 1)
        else:
            # another customer's number fitting only within a bank fee is
            # too weak to overrule the payer, however the payer was known
            believed = not contradicts and not (
                family and not agree and explained.kind == "tolerance"
            )
        auto = (
            explained.whole
            and proven
            and believed
            and not several
            and len({self._top(o) for o in owners}) == 1
        )
        named = frozenset(ids) - explained.found
        reasons = []
        if evidence:
            reasons.append((evidence, {}))
        if explained.found:
            basis = "named_and_found"
            reasons.append(
                (
                    basis,
                    {
                        "items": self._labels(named, kind),
                        "found": self._labels(explained.found, "number"),
                    },
                )
            )
        else:
            basis = kind
            reasons.append((kind, {"items": self._labels(named, kind)}))
        if several:
            basis = "several_named"
            reasons.append(("several_named", {}))
        elif not explained.whole:
            basis = "named_not_whole"
        elif not auto:
            basis = "named_unconfirmed"
        if family and not agree and not auto:
            basis = "named_other_customer"  # the payer is someone else
        confidence = CONFIDENCE[basis]
        owner = next(iter(owners)) if len(owners) == 1 else ""
        return self._make(line, explained, confidence, auto, reasons, owner, basis)

    def _top(self, partner_ref):
        partner = self.partners.partners.get(partner_ref)
        return partner.parent_ref if partner and partner.parent_ref else partner_ref

    def _from_payer(self, line, partner_ref, evidence):
        family = self.partners.family(partner_ref)
        candidates = self._family_items(family, line.currency)
        if not candidates:
            return Proposal(
                line.id,
                partner_ref=partner_ref,
                reasons=((evidence, {}), ("no_open_item", {})),
            )
        short = self._short_named(line, family, set())
        if short:
            explained = self._fit(short, line)
            if explained.whole:
                reasons = [
                    (evidence, {}),
                    ("short_number", {"items": self._labels(short, "number")}),
                ]
                return self._make(
                    line,
                    explained,
                    CONFIDENCE["short_number"],
                    True,
                    reasons,
                    partner_ref,
                    "short_number",
                )
        found, proven = self.combinations(candidates, line, _cents(line.amount))
        strong = evidence in STRONG or evidence in NAMED_PAYER
        if len(found) == 1:
            explained = self._fit(found[0], line)
            basis = "only_combination" if proven else "unproven_combination"
            return self._make(
                line,
                explained,
                CONFIDENCE[basis] if strong else CONFIDENCE["unproven_combination"],
                # items the remittance names by their last digits and the
                # amount leaves out contradict the combination; so does a
                # document number the remittance cites that is none of them
                strong
                and proven
                and explained.whole
                and not short - found[0]
                and not self._cites_another_number(line, found[0]),
                ((evidence, {}), (basis, {})),
                partner_ref,
                basis,
            )
        if found:
            nearest = min(
                found, key=lambda ids: min(self._due_distance(i, line) for i in ids)
            )
            return self._make(
                line,
                self._fit(nearest, line),
                CONFIDENCE["several_combinations"],
                False,
                ((evidence, {}), ("several_combinations", {})),
                partner_ref,
                "several_combinations",
            )
        return self._tolerance_or_oldest(line, candidates, partner_ref, evidence)

    def _cites_another_number(self, line, item_ids):
        """True when the remittance cites a document number (five digits or
        more, as ``references.text_keys`` reads them) that is none of
        ``item_ids``' numbers or order numbers: the payer meant a document,
        not this set."""
        cited = {key for key, _letters in references.text_keys(line.remittance)}
        if not cited:
            return False
        own = set()
        for item_id in item_ids:
            item = self.item(item_id)
            if item.customer_reference and references.cites(
                line.remittance, item.customer_reference
            ):
                return False  # the customer's own order number of the set
            own |= references.number_keys(item.number)
            own |= references.number_keys(item.payment_reference)
        return not cited & own

    def _due_distance(self, item_id, line):
        item = self.item(item_id)
        due = item.due_date or item.invoice_date
        if not due or not line.date:
            return 0
        return abs((due - line.date).days)

    def _tolerance_or_oldest(self, line, candidates, partner_ref, evidence):
        near = []
        for item_id in candidates:
            item = self.item(item_id)
            short = item.amount_residual - line.amount
            if ZERO < short <= self.settings.tolerance and (
                short <= item.amount_residual * self.settings.tolerance_ratio
            ):
                near.append(item_id)
        if len(near) == 1:
            return self._make(
                line,
                self._fit(near, line),
                CONFIDENCE["within_tolerance_only"],
                False,
                ((evidence, {}), ("within_tolerance_only", {})),
                partner_ref,
                "within_tolerance_only",
            )
        oldest = [i for i in candidates if self.item(i).amount_residual > 0]
        if not oldest:
            return Proposal(line.id, partner_ref=partner_ref, reasons=((evidence, {}),))
        oldest.sort(key=lambda i: ItemIndex.age_key(self.item(i)))
        return self._make(
            line,
            self._fit(oldest[:1], line),
            CONFIDENCE["oldest_item"],
            False,
            ((evidence, {}), ("oldest_item", {})),
            partner_ref,
            "oldest_item",
        )

    def _from_amount(self, line):
        ids = self._open(
            self.items.by_cents.get((line.currency, _cents(line.amount)), ()),
            line.currency,
        )
        if len(ids) == 1:
            item_id = next(iter(ids))
            return self._make(
                line,
                self._fit(ids, line),
                CONFIDENCE["amount_only"],
                False,
                (("payer_unknown", {}), ("amount_only", {})),
                self.item(item_id).partner_ref,
                "amount_only",
            )
        reasons = [("payer_unknown", {}), ("no_reference", {})]
        if ids:
            reasons.append(("same_amount_items", {"count": len(ids)}))
        return Proposal(line.id, reasons=tuple(reasons))

    def _make(self, line, explained, confidence, auto, reasons, partner, basis):
        allocations = explained.allocations
        rest = explained.rest
        kind = explained.kind
        fit_params = {"amount": rest} if kind == "overpaid" else {}
        applied = sum((a.amount for a in allocations), ZERO)
        covered = sum(
            (self.item(a.open_item_id).amount_residual for a in allocations), ZERO
        )
        short = covered - applied - sum((a.writeoff for a in allocations), ZERO)
        return Proposal(
            bank_line_id=line.id,
            allocations=allocations,
            confidence=round(max(0.0, min(1.0, confidence)), 2),
            auto=bool(auto) and explained.whole,
            reasons=(*reasons, (kind, fit_params)),
            partner_ref=partner,
            on_account=rest,
            short_amount=short,
            deduction=kind == "deduction",
            basis=basis,
            whole=explained.whole,
        )

    def consume(self, proposal):
        for allocation in proposal.allocations:
            self.consumed.add(allocation.open_item_id)


@contextmanager
def paused_gc():
    """Indexing a million open items makes millions of objects and no
    reference cycles: the cyclic collector's passes over them would take as
    long as the work itself. Reference counting still frees everything."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def match(partners, items, lines, mappings=(), settings=None):
    """Propose for each bank line; lines with a reference are decided first so
    that safe answers take their items before amount-only guesses (a line
    whose other candidates the batch's automatic answers took is decided by
    elimination)."""
    with paused_gc():
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


if __name__ == "__main__":
    from benchmarks.cashapp import cli

    sys.exit(cli.main())
