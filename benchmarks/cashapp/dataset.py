"""Seeded generator of cash-application data sets with ground truth.

Writes partners.csv, open_items.csv, bank_lines.csv (the engine's inputs) and
truth.csv (``bank_line_id,open_item_id,amount,matchable,scenario``).

A line is *matchable* when the information it carries decides its answer under
the rule of the whole amount: every cent is explained by open items named or
found (at their residual, or discounted within the discount period), a bank fee
within the tolerance (5.00 and 1% of the items), and no other combination of
the payer's open items (up to four items) explains it as well. The generator
decides this by brute force over the payer's items, independently of the
matcher. Partial payments, deductions, overpayments, identical amounts without
a reference and lines that belong to nothing are not matchable: a person
decides them.

    python -m benchmarks.cashapp.dataset --out DIR --lines 10000 --items 100000
"""

import argparse
import csv
import random
from bisect import bisect_left
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from engine import names, references

ZERO = Decimal(0)
CENT = Decimal("0.01")
TOLERANCE = Decimal("5.00")
TOLERANCE_RATIO = Decimal("0.01")
MAX_ITEMS = 4  # combination size the rule of the whole amount considers
# Above this many open items of a payer, a combination of three or more items
# paying an amount is no evidence (too many combinations come close): the
# matcher searches three and four items within the same window.
BIG_POOL = 60
WORDS = [
    "Müller",
    "Schäfer",
    "Dupont",
    "Lefèvre",
    "García",
    "Núñez",
    "Rossi",
    "Bianchi",
    "Nowak",
    "Kowalski",
    "Andersen",
    "Öberg",
    "Dubois",
    "Fernández",
    "Smith",
    "Johnson",
    "Brown",
    "Taylor",
    "Wilson",
    "Martin",
    "Weiß",
    "Ferreira",
    "Costa",
    "Horváth",
    "Novák",
    "Jensen",
    "Virtanen",
    "Bakker",
    "Janssen",
    "Peeters",
]
TRADES = [
    "Maschinenbau",
    "Logistique",
    "Construcciones",
    "Elettronica",
    "Holding",
    "Services",
    "Industrial",
    "Supplies",
    "Consulting",
    "Trading",
    "Engineering",
    "Distribution",
    "Foods",
    "Technologies",
    "Manufacturing",
    "Solutions",
    "Handelsgesellschaft",
    "Transports",
]
SITES = ("Niederlassung Süd", "Établissement de Lyon", "División Norte", "Zweigwerk")
FORMS = ("GmbH", "S.A.", "SARL", "S.r.l.", "Ltd", "Inc.", "B.V.", "AG", "& Co. KG", "")
NOISE = (
    "Refund",
    "Interest Q3",
    "Salary",
    "Card settlement",
    "Transfer own account",
    "Tax refund",
    "Insurance claim",
    "Deposit",
)
MINUS = (
    "moins avoir",
    "abzgl. Gutschrift",
    "minus credit note",
    "less CN",
    "- avoir",
    "./. Gutschrift",
)
OCR = {"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z"}
# Share of bank lines per pattern (weights add up to 100). European B2B
# collections surveys put remittances that carry a usable reference at 55-65%
# of receipts (RF/structured ~15%, free-text invoice numbers the rest, of which
# a tenth mistyped, OCR-garbled or split by the payer's bank); payments of
# several invoices at 15-20% (a quarter of them naming only some invoices and a
# fifth netting a credit note); short payments for bank fees, early-payment
# discounts and deductions at 5-10% (drawn inside each pattern's amount mode);
# no reference at all 15-20%; payments through a parent company 3-5%; receipts
# that are no customer payment 5-8% of a collection account's credits.
# Customers with a purchasing system (one in twelve here) cite their own order
# number, which the invoice carries as the customer's reference.
SCENARIOS = (
    ("rf", 12),
    ("number", 17),
    ("order_number", 2),
    ("typo", 4),
    ("ocr", 3),
    ("split_reference", 3),
    ("multi_numbers", 7),
    ("partial_remittance", 5),
    ("credit_deducted", 5),
    ("credit_unnamed", 2),
    ("multi_silent", 4),
    ("silent", 8),
    ("twins", 3),
    ("twins_eliminated", 1),  # two to four lines each
    ("parent", 4),
    ("name_only", 5),
    ("short_number", 3),
    ("blind", 4),
    ("nothing", 8),
)


def _iban(rng, country="DE"):
    bban = "".join(rng.choice("0123456789") for _ in range(18))
    digits = "".join(str(int(c, 36)) for c in bban + country) + "00"
    return f"{country}{98 - int(digits) % 97:02d}{bban}"


def _cents(amount):
    return int((amount * 100).to_integral_value())


class Generator:
    def __init__(
        self, seed=1, n_lines=1000, n_items=10000, big_customers=0, repeat_payers=False
    ):
        self.repeat_payers = repeat_payers  # second half paid by the first's payers
        self.payers = []
        self.rng = random.Random(seed)
        self.n_lines = n_lines
        self.n_items = n_items
        self.big_customers = big_customers
        self.today = date(2026, 6, 30)
        self.partners, self.items, self.lines, self.truth = [], [], [], []
        self.numbers = set()  # invoice numbers, for typos that cite none
        self.by_partner = defaultdict(list)
        self.children = defaultdict(list)
        self.used = set()
        self.sequence = {"INV": 0, "RINV": 0}

    # -- master data ---------------------------------------------------------
    def _name(self, index):
        words = [self.rng.choice(WORDS), self.rng.choice(TRADES)]
        words.append(self.rng.choice(TRADES))
        if self.rng.random() < 0.15:  # long names: cut at 35 and 70 by banks
            words += [self.rng.choice(TRADES), self.rng.choice(SITES)]
        words.append(self.rng.choice(FORMS))
        name = " ".join(words).strip()
        if self.rng.random() < 0.3:
            name = f"{name} {index}"
        return name

    def make_partners(self):
        count = max(20, self.n_items // 20)
        for index in range(count):
            parent = ""
            if index > 10 and self.rng.random() < 0.08:
                parent = self.partners[self.rng.randrange(index // 2)]["ref"]
            ref = f"P{index:06d}"
            if parent:
                self.children[parent].append(ref)
            self.partners.append(
                {
                    "ref": ref,
                    "name": self._name(index),
                    "vat": "",
                    "ibans": ";".join(
                        _iban(self.rng) for _ in range(self.rng.choice((1, 1, 2)))
                    ),
                    "parent_ref": parent,
                    "rf": self.rng.random() < 0.3,
                    "twin": self.rng.random() < 0.1,
                    "orders": self.rng.random() < 0.08,
                    "big": index < self.big_customers,
                }
            )

    def _number(self, prefix, year):
        self.sequence[prefix] += 1
        return f"{prefix}/{year}/{self.sequence[prefix]:05d}"

    def make_items(self):
        self.name_keys = sorted(names.name_key(p["name"]) for p in self.partners)
        big = [p for p in self.partners if p["big"]]
        big_items = min(self.n_items // 2, 2000 * len(big))
        for index in range(self.n_items):
            if index < big_items:
                partner = big[index % len(big)]
            else:
                partner = self.partners[self.rng.randrange(len(self.partners))]
            self.make_item(index, partner)

    def make_item(self, index, partner):
        credit_note = self.rng.random() < 0.06
        year = self.rng.choice((2025, 2026, 2026))
        number = self._number("RINV" if credit_note else "INV", year)
        amount = Decimal(self.rng.randrange(2000, 2_000_000)) / 100
        if partner["twin"] and self.rng.random() < 0.15:
            amount = Decimal("199.00")  # subscriptions: same amount every month
        if credit_note:
            amount = -(amount / 10).quantize(CENT)
        recent = self.rng.random() < 0.12
        age = self.rng.randrange(1, 9) if recent else self.rng.randrange(9, 300)
        invoice_date = self.today - timedelta(days=age)
        discount, until = ZERO, None
        if not credit_note and (recent or self.rng.random() < 0.1):
            discount = (amount * Decimal("0.02")).quantize(CENT)
            until = invoice_date + timedelta(days=10)
        reference = number
        order = ""
        if not credit_note and (partner["orders"] or self.rng.random() < 0.3):
            order = self.rng.choice(("PO-{}", "45{:08d}", "BC {}", "Order {}"))
            order = order.format(self.rng.randrange(10000, 99_999_999))
        if partner["rf"] and not credit_note:
            reference = references.make_rf(f"{index:09d}")
        item = {
            "id": f"I{index:07d}",
            "partner_ref": partner["ref"],
            "number": number,
            "payment_reference": reference,
            "currency": "EUR",
            "amount_residual": amount,
            "invoice_date": invoice_date,
            "due_date": invoice_date + timedelta(days=30),
            "discount_amount": discount,
            "discount_until": until,
            "customer_reference": order,
        }
        self.items.append(item)
        self.by_partner[partner["ref"]].append(item)

    # -- rendering -----------------------------------------------------------
    def render_number(self, number, prefix=True):
        head, year, seq = number.split("/")
        forms = [
            f"{year}/{seq}",
            f"{year}-{int(seq)}",
            f"{year}{seq}",
        ]
        if prefix:
            forms = [
                f"{head}/{year}/{seq}",
                f"{head.lower()} {year} {int(seq)}",
                f"{head}{year}-{seq}",
                f"{head}{year}{seq}",
                f"{head} {year}/{seq}",
                f"Rechnung {year}/{int(seq)}"
                if head == "INV"
                else f"Gutschrift {year}/{int(seq)}",
                f"Facture n° {head}-{year}-{seq}"
                if head == "INV"
                else f"Avoir {head}-{year}-{seq}",
            ]
        return self.rng.choice(forms)

    def typo(self, number):
        """The number with one digit mistyped or two swapped, never another
        invoice's number: a slip onto a real number cites that invoice, and
        no reader could tell (drawn again, at most 20 times)."""
        head, year, seq = number.split("/")
        if len(self.numbers) != len(self.items):
            self.numbers = {i["number"] for i in self.items}
        numbers = self.numbers
        for _attempt in range(20):
            digits = list(seq)
            pos = self.rng.randrange(len(digits) - 1)
            if self.rng.random() < 0.5 and digits[pos] != digits[pos + 1]:
                digits[pos], digits[pos + 1] = digits[pos + 1], digits[pos]
            else:
                digits[pos + 1] = str((int(digits[pos + 1]) + 1) % 10)
            typed = f"{head}/{year}/{''.join(digits)}"
            if typed not in numbers:
                break
        return typed

    def ocr(self, text):
        """Scanned remittances: a digit read as the letter it looks like."""
        spots = [
            i
            for i in range(1, len(text) - 1)
            if text[i] in OCR and text[i - 1].isdigit() and text[i + 1].isdigit()
        ]
        if not spots:
            return text
        pos = self.rng.choice(spots)
        return text[:pos] + OCR[text[pos]] + text[pos + 1 :]

    def split(self, text):
        """A payer's bank breaks a reference into groups with spaces."""
        chars = list(text.replace("/", " ").replace("-", " "))
        for _ in range(self.rng.choice((1, 2))):
            pos = self.rng.randrange(1, len(chars))
            chars.insert(pos, " ")
        return " ".join("".join(chars).split())

    def payer_name(self, name):
        draw = self.rng.random()
        if draw < 0.4:
            return names.bank_render(name)  # folded, upper case, cut at 35
        if draw < 0.55:
            return names.fold(name)[:70].strip()  # cut at 70
        if draw < 0.7:
            return name.upper()  # upper case, accents kept
        if draw < 0.8:
            return names.fold(name).title()  # accents lost
        return name

    def payer(self, partner, known=True):
        iban = partner["ibans"].split(";")[0] if known else self.new_account(partner)
        return self.payer_name(partner["name"]), iban

    def new_account(self, partner):
        """The account a customer pays from that its master data lacks (the
        same one each time: confirmations can teach it)."""
        if "new_iban" not in partner:
            partner["new_iban"] = _iban(self.rng, "FR")
        return partner["new_iban"]

    def unseen(self):
        """About one payment in five comes from an account never seen before."""
        return self.rng.random() >= 0.2

    # -- truth ---------------------------------------------------------------
    def family(self, partner_ref):
        return [partner_ref, *self.children.get(partner_ref, ())]

    def family_items(self, partner_ref, exclude=()):
        pool = []
        for ref in self.family(partner_ref):
            pool.extend(
                i for i in self.by_partner.get(ref, ()) if i["id"] not in exclude
            )
        return pool

    def explanations(self, partner_ref, amount, line_date, exclude=(), limit=2):
        """How many sets of at most four open items of the payer's family pay
        ``amount`` exactly (each at its residual or discounted in its period);
        counting stops at ``limit``. ``None`` when the family has more than
        ``BIG_POOL`` items."""
        pool = self.family_items(partner_ref, exclude)
        if len(pool) > BIG_POOL:
            return None
        options = []
        for item in pool:
            values = {_cents(item["amount_residual"])}
            if item["discount_until"] and line_date <= item["discount_until"]:
                values.add(_cents(item["amount_residual"] - item["discount_amount"]))
            options.append(values)
        target = _cents(amount)
        found = set()
        pairs = defaultdict(list)
        singles = defaultdict(list)
        for first, values in enumerate(options):
            for value in values:
                singles[value].append(first)
            if target in values:
                found.add(frozenset((first,)))
            for second in range(first):
                for value in {a + b for a in values for b in options[second]}:
                    pairs[value].append((second, first))
        found.update(frozenset(p) for p in pairs.get(target, ()))
        if len(found) < limit:
            _three_and_four(pairs, singles, target, found, limit)
        return len(found)

    def unique(self, partner_ref, amount, line_date, exclude=()):
        return self.explanations(partner_ref, amount, line_date, exclude) == 1

    def name_is_unique(self, payer_name):
        key = names.name_key(payer_name)
        words = names.fold(payer_name).split()
        if len(names.fold(payer_name)) >= names.BANK_NAME_LENGTH - 1 and words:
            key = names.name_key(" ".join(words[:-1]))  # the last word may be cut
        if len(key) < 10:
            return False
        pos = bisect_left(self.name_keys, key)
        hits = 0
        while pos < len(self.name_keys) and self.name_keys[pos].startswith(key):
            hits += 1
            pos += 1
        return hits == 1

    # -- lines ---------------------------------------------------------------
    def pick_items(self, partner, count, credit=False):
        pool = [
            i
            for i in self.by_partner.get(partner["ref"], ())
            if i["id"] not in self.used and (i["amount_residual"] < 0) == credit
        ]
        if len(pool) < count:
            return None
        return self.rng.sample(pool, count)

    def fee_amount(self, total):
        fee = Decimal(self.rng.choice(("0.50", "1.20", "2.00", "3.75")))
        return fee, fee <= TOLERANCE and fee <= total * TOLERANCE_RATIO

    def mode_amount(self, items, line_date, modes=None):
        """Amount paid for ``items`` and its allocations, by a drawn mode:
        (amount, allocations, whole amount explained)."""
        total = sum((i["amount_residual"] for i in items), ZERO)
        if modes is None:
            modes = ["equal"] * 7 + ["fee", "deduction", "partial", "over"]
        if all(i["discount_until"] and line_date <= i["discount_until"] for i in items):
            modes = modes + ["discount"] * 4
        mode = self.rng.choice(modes)
        full = [(i, i["amount_residual"]) for i in items]
        if mode == "discount":
            allocations = [
                (i, i["amount_residual"] - i["discount_amount"]) for i in items
            ]
            return sum((a for _i, a in allocations), ZERO), allocations, True
        if mode == "fee":
            # the fee is written off on the item due last
            fee, within = self.fee_amount(total)
            last = max(items, key=lambda i: (i["due_date"], i["id"]))
            allocations = [
                (i, i["amount_residual"] - (fee if i is last else 0)) for i in items
            ]
            return total - fee, allocations, within
        if mode in ("deduction", "partial"):
            share = Decimal("0.85") if mode == "deduction" else Decimal("0.4")
            amount = (total * share).quantize(CENT)
            return amount, self._oldest_first(items, amount), False
        if mode == "over":
            return total + Decimal("50.00"), full, False
        return total, full, True

    @staticmethod
    def _oldest_first(items, amount):
        allocations = []
        for item in sorted(items, key=lambda i: (i["due_date"], i["id"])):
            applied = min(item["amount_residual"], amount)
            if applied > 0:
                allocations.append((item, applied))
            amount -= applied
        return allocations

    def make_line(self, index):
        scenario = self.rng.choices(
            [s for s, _w in SCENARIOS], [w for _s, w in SCENARIOS]
        )[0]
        line_date = self.today + timedelta(days=self.rng.randrange(0, 5))
        second_half = self.repeat_payers and index >= self.n_lines // 2
        for _attempt in range(30):  # a customer the pattern can happen to
            if second_half:  # next month: last month's payers, paying alike
                partner, scenario = self.rng.choice(self.payers)
            elif self.big_customers and self.rng.random() < 0.05:
                partner = self.partners[self.rng.randrange(self.big_customers)]
            else:
                partner = self.partners[self.rng.randrange(len(self.partners))]
            built = getattr(self, f"line_{scenario}")(partner, line_date)
            if built is not None:
                break
        if built is None:
            built = self.line_nothing(partner, line_date)
            scenario = "nothing"
        elif not second_half:
            self.payers.append((partner, scenario))
        if isinstance(built, dict):
            built = [built]
        for offset, line in enumerate(built):
            suffix = f"-{offset}" if offset else ""
            self.add_line(f"B{index:06d}{suffix}", line, line_date)
            for allocation in line["allocations"]:
                self.used.add(allocation[0]["id"])
        return scenario

    def add_line(self, line_id, line, line_date):
        scenario = line["scenario"]
        self.lines.append(
            {
                "id": line_id,
                "date": line_date.isoformat(),
                "amount": line["amount"],
                "currency": "EUR",
                "payer_name": line["payer"][0],
                "payer_iban": line["payer"][1],
                "remittance": line["text"][:140],
                "end_to_end_id": "NOTPROVIDED",
            }
        )
        if not line["allocations"]:
            self.truth.append([line_id, "", "", 0, scenario])
        for item, applied in line["allocations"]:
            matchable = int(line["matchable"])
            self.truth.append([line_id, item["id"], applied, matchable, scenario])

    @staticmethod
    def _line(scenario, allocations, amount, text, payer, matchable):
        return {
            "scenario": scenario,
            "allocations": allocations,
            "amount": amount,
            "text": text,
            "payer": payer,
            "matchable": matchable,
        }

    def _referenced(self, scenario, partner, line_date, render, known=None):
        items = self.pick_items(partner, 1)
        if not items:
            return None
        amount, allocations, whole = self.mode_amount(items, line_date)
        known = self.unseen() if known is None else known
        payer = self.payer(partner, known)
        return self._line(scenario, allocations, amount, render(items[0]), payer, whole)

    def line_rf(self, partner, line_date):
        if not partner["rf"]:
            return None

        def render(item):
            ref = item["payment_reference"]
            return self.rng.choice(
                (ref, references.format_rf(ref), f"Payment {ref.lower()}")
            )

        return self._referenced("rf", partner, line_date, render)

    def line_number(self, partner, line_date):
        def render(item):
            prefix = self.rng.choice(("", "Inv ", "Payment ", "REF "))
            return prefix + self.render_number(item["number"])

        return self._referenced("number", partner, line_date, render)

    def line_order_number(self, partner, line_date):
        """A customer citing his own order number only (the invoice carries
        it as the customer's reference): decided by whoever reads it."""
        if not partner["orders"]:
            return None

        def render(item):
            digits = "".join(c for c in item["customer_reference"] if c.isdigit())
            return self.rng.choice(("Order ", "PO ", "Bestellung ", "")) + digits

        return self._referenced("order_number", partner, line_date, render)

    def line_typo(self, partner, line_date):
        def render(item):
            return self.render_number(self.typo(item["number"]))

        return self._referenced("typo", partner, line_date, render, known=True)

    def line_ocr(self, partner, line_date):
        def render(item):
            return self.ocr(item["number"].replace("/", self.rng.choice("/ -")))

        return self._referenced("ocr", partner, line_date, render)

    def line_split_reference(self, partner, line_date):
        def render(item):
            ref = item["payment_reference"]
            if ref.startswith("RF"):
                return self.split(references.format_rf(ref))
            return self.split(item["number"])

        return self._referenced("split_reference", partner, line_date, render)

    def line_multi_numbers(self, partner, line_date):
        items = self.pick_items(partner, self.rng.choice((2, 3, 4)))
        if not items:
            return None
        text = " ".join(self.render_number(i["number"]) for i in items)
        amount, allocations, whole = self.mode_amount(items, line_date)
        payer = self.payer(partner, self.unseen())
        return self._line("multi_numbers", allocations, amount, text, payer, whole)

    def line_partial_remittance(self, partner, line_date):
        """Pays several invoices, names only some of them."""
        count = self.rng.choice((2, 3, 3, 4))
        items = self.pick_items(partner, count)
        if not items:
            return None
        named = items[: self.rng.randrange(1, count)]
        text = ", ".join(self.render_number(i["number"]) for i in named)
        amount, allocations, whole = self.mode_amount(items, line_date, ["equal"])
        rest = amount - sum((i["amount_residual"] for i in named), ZERO)
        exclude = {i["id"] for i in named}
        whole = whole and self.unique(partner["ref"], rest, line_date, exclude)
        payer = self.payer(partner, self.unseen())
        return self._line("partial_remittance", allocations, amount, text, payer, whole)

    def line_credit_deducted(self, partner, line_date):
        """Invoices minus a credit note the remittance names."""
        invoices = self.pick_items(partner, self.rng.choice((1, 1, 2)))
        credits = self.pick_items(partner, 1, credit=True)
        if not invoices or not credits:
            return None
        credit = credits[0]
        total = sum((i["amount_residual"] for i in invoices), ZERO)
        if total + credit["amount_residual"] <= 0:
            return None
        words = self.rng.choice(MINUS)
        text = " ".join(self.render_number(i["number"]) for i in invoices)
        if self.rng.random() < 0.5:
            credit_text = self.render_number(credit["number"], prefix=False)
        else:
            credit_text = self.render_number(credit["number"])
        text = f"{text} {words} {credit_text}"
        allocations = [(i, i["amount_residual"]) for i in [*invoices, credit]]
        amount = total + credit["amount_residual"]
        payer = self.payer(partner, self.unseen())
        return self._line("credit_deducted", allocations, amount, text, payer, True)

    def line_credit_unnamed(self, partner, line_date):
        """An invoice named, paid less an open credit note the text omits."""
        invoices = self.pick_items(partner, 1)
        credits = self.pick_items(partner, 1, credit=True)
        if not invoices or not credits:
            return None
        invoice, credit = invoices[0], credits[0]
        amount = invoice["amount_residual"] + credit["amount_residual"]
        if amount <= 0:
            return None
        text = self.render_number(invoice["number"])
        whole = self.unique(
            partner["ref"], credit["amount_residual"], line_date, {invoice["id"]}
        )
        allocations = [
            (invoice, amount - credit["amount_residual"]),
            (credit, credit["amount_residual"]),
        ]
        payer = self.payer(partner, self.unseen())
        return self._line("credit_unnamed", allocations, amount, text, payer, whole)

    def _silent(self, scenario, partner, line_date, count, payer_partner=None):
        items = self.pick_items(partner, count)
        if not items:
            return None
        modes = ["equal"] * 8 + ["partial", "over"]
        amount, allocations, whole = self.mode_amount(items, line_date, modes)
        payer_partner = payer_partner or partner
        whole = whole and self.unique(payer_partner["ref"], amount, line_date)
        text = self.rng.choice(("", "Payment", "Invoices June", "Zahlung", "VIREMENT"))
        payer = self.payer(payer_partner)
        return self._line(scenario, allocations, amount, text, payer, whole)

    def line_multi_silent(self, partner, line_date):
        return self._silent("multi_silent", partner, line_date, self.rng.choice((2, 3)))

    def line_silent(self, partner, line_date):
        return self._silent("silent", partner, line_date, 1)

    def _twins(self, partner):
        if not partner["twin"]:
            return None
        open_twins = [
            i
            for i in self.by_partner.get(partner["ref"], ())
            if i["amount_residual"] == Decimal("199.00")
        ]
        if not 2 <= len(open_twins) <= 4 or any(
            i["id"] in self.used for i in open_twins
        ):
            return None
        return open_twins

    def line_twins(self, partner, line_date):
        """One of several invoices of the same amount, no reference."""
        twins = self._twins(partner)
        if not twins:
            return None
        item = self.rng.choice(twins)
        payer = self.payer(partner)
        whole = self.unique(partner["ref"], item["amount_residual"], line_date)
        allocations = [(item, item["amount_residual"])]
        return self._line(
            "twins", allocations, item["amount_residual"], "", payer, whole
        )

    def line_twins_eliminated(self, partner, line_date):
        """Identical amounts paid in one batch: all but one named by number."""
        twins = self._twins(partner)
        if not twins:
            return None
        self.rng.shuffle(twins)
        lines = []
        for item in twins[:-1]:
            text = self.render_number(item["number"])
            lines.append(
                self._line(
                    "twins_eliminated",
                    [(item, item["amount_residual"])],
                    item["amount_residual"],
                    text,
                    self.payer(partner),
                    True,
                )
            )
        last = twins[-1]
        named = {i["id"] for i in twins[:-1]}
        whole = self.unique(partner["ref"], last["amount_residual"], line_date, named)
        lines.append(
            self._line(
                "twins_eliminated",
                [(last, last["amount_residual"])],
                last["amount_residual"],
                "Abo",
                self.payer(partner),
                whole,
            )
        )
        return lines

    def line_parent(self, partner, line_date):
        if not partner["parent_ref"]:
            return None
        parent = self.partners[int(partner["parent_ref"][1:])]
        if self.rng.random() < 0.5:
            return self._silent("parent", partner, line_date, 1, payer_partner=parent)
        items = self.pick_items(partner, 1)
        if not items:
            return None
        text = self.render_number(items[0]["number"])
        amount, allocations, whole = self.mode_amount(items, line_date)
        payer = self.payer(parent)
        return self._line("parent", allocations, amount, text, payer, whole)

    def line_name_only(self, partner, line_date):
        """A payer account never seen before, no reference: the name decides."""
        items = self.pick_items(partner, 1)
        if not items:
            return None
        amount, allocations, whole = self.mode_amount(
            items, line_date, ["equal"] * 8 + ["partial"]
        )
        name = self.payer_name(partner["name"])
        whole = (
            whole
            and self.name_is_unique(name)
            and self.unique(partner["ref"], amount, line_date)
        )
        payer = (name, self.new_account(partner))
        return self._line("name_only", allocations, amount, "Payment", payer, whole)

    def line_short_number(self, partner, line_date):
        items = self.pick_items(partner, 1)
        if not items:
            return None
        amount, allocations, whole = self.mode_amount(items, line_date)
        seq = int(items[0]["number"].split("/")[2])
        digits = str(seq)
        clashes = sum(
            i["number"].split("/")[2].lstrip("0") == digits
            for i in self.family_items(partner["ref"])
        )
        payer = self.payer(partner)
        return self._line(
            "short_number",
            allocations,
            amount,
            f"Inv. {seq}",
            payer,
            whole and clashes == 1,
        )

    def line_blind(self, partner, line_date):
        """Unknown account, name the bank garbled, no reference: a guess at best."""
        items = self.pick_items(partner, 1)
        if not items:
            return None
        amount, allocations, _whole = self.mode_amount(items, line_date, ["equal"])
        name = self.rng.choice(("ONLINE BANKING TRANSFER", "SEPA CT", "PAYMENT"))
        payer = (name, self.new_account(partner))
        return self._line("blind", allocations, amount, "", payer, False)

    def line_nothing(self, partner, line_date):
        amount = Decimal(self.rng.randrange(100, 500_000)) / 100
        name = self.rng.choice(("TAX OFFICE", "INSURANCE AG", "STAFF", "CARD ACQUIRER"))
        payer = (name, _iban(self.rng, "NL"))
        return self._line("nothing", [], amount, self.rng.choice(NOISE), payer, False)

    def run(self):
        self.make_partners()
        self.make_items()
        for index in range(self.n_lines):
            self.make_line(index)
        return self

    def write(self, folder):
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        _write(
            folder / "partners.csv",
            ["ref", "name", "vat", "ibans", "parent_ref"],
            self.partners,
        )
        _write(
            folder / "open_items.csv",
            [
                "id",
                "partner_ref",
                "number",
                "payment_reference",
                "currency",
                "amount_residual",
                "invoice_date",
                "due_date",
                "discount_amount",
                "discount_until",
                "customer_reference",
            ],
            self.items,
        )
        _write(
            folder / "bank_lines.csv",
            [
                "id",
                "date",
                "amount",
                "currency",
                "payer_name",
                "payer_iban",
                "remittance",
                "end_to_end_id",
            ],
            self.lines,
        )
        with open(folder / "truth.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(
                ["bank_line_id", "open_item_id", "amount", "matchable", "scenario"]
            )
            writer.writerows(self.truth)


def _three_and_four(pairs, singles, target, found, limit):
    for value, value_pairs in pairs.items():
        for pair in value_pairs:
            for third in singles.get(target - value, ()):
                if third not in pair:
                    found.add(frozenset((*pair, third)))
            for other in pairs.get(target - value, ()):
                if not set(pair) & set(other):
                    found.add(frozenset((*pair, *other)))
            if len(found) >= limit:
                return


def _write(path, columns, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ("" if v is None else v) for k, v in row.items()})


def main(argv=None):
    parser = argparse.ArgumentParser(description="Generate a cash-application data set")
    parser.add_argument("--out", required=True)
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--items", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--big-customers", type=int, default=0, help="customers with 2,000 items"
    )
    args = parser.parse_args(argv)
    Generator(args.seed, args.lines, args.items, args.big_customers).run().write(
        args.out
    )


if __name__ == "__main__":
    main()
