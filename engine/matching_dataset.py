"""Seeded generator of cash-application data sets with ground truth.

Writes partners.csv, open_items.csv, bank_lines.csv (the engine's inputs) and
truth.csv (``bank_line_id,open_item_id,amount,distinguishable,scenario``).
Messiness: numbers written any which way, typos, RF references in groups,
bank-rendered payer names, unknown IBANs, grouped payments with credit notes,
discounts, bank fees, deductions, partial and over-payments, parents paying for
subsidiaries, lines that cannot be told apart and lines that belong to nothing.

    python -m engine.matching_dataset --out DIR --lines 10000 --items 100000
"""

import argparse
import csv
import random
from datetime import date, timedelta
from decimal import Decimal
from itertools import combinations, product
from pathlib import Path

from . import names, references

ZERO = Decimal(0)
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
SCENARIOS = (
    ("rf", 14),
    ("number", 22),
    ("typo", 6),
    ("multi_numbers", 8),
    ("multi_silent", 5),
    ("silent", 10),
    ("parent", 4),
    ("name_only", 8),
    ("short_number", 4),
    ("blind", 8),
    ("twins", 4),
    ("nothing", 7),
)


def _iban(rng, country="DE"):
    bban = "".join(rng.choice("0123456789") for _ in range(18))
    digits = "".join(str(int(c, 36)) for c in bban + country) + "00"
    return f"{country}{98 - int(digits) % 97:02d}{bban}"


class Generator:
    def __init__(self, seed=1, n_lines=1000, n_items=10000):
        self.rng = random.Random(seed)
        self.n_lines = n_lines
        self.n_items = n_items
        self.today = date(2026, 6, 30)
        self.partners, self.items, self.lines, self.truth = [], [], [], []
        self.by_partner = {}
        self.children = {}
        self.used = set()
        self.sequence = {"INV": 0, "RINV": 0}

    # -- master data ---------------------------------------------------------
    def make_partners(self):
        count = max(20, self.n_items // 20)
        for index in range(count):
            name = " ".join(
                [
                    self.rng.choice(WORDS),
                    self.rng.choice(TRADES),
                    self.rng.choice(TRADES),
                    self.rng.choice(FORMS),
                ]
            ).strip()
            if self.rng.random() < 0.3:
                name = f"{name} {index}"
            parent = ""
            if index > 10 and self.rng.random() < 0.08:
                parent = self.partners[self.rng.randrange(index // 2)]["ref"]
            if parent:
                self.children.setdefault(parent, []).append(f"P{index:06d}")
            self.partners.append(
                {
                    "ref": f"P{index:06d}",
                    "name": name,
                    "vat": "",
                    "ibans": ";".join(
                        _iban(self.rng) for _ in range(self.rng.choice((1, 1, 2)))
                    ),
                    "parent_ref": parent,
                    "rf": self.rng.random() < 0.3,
                    "twin": self.rng.random() < 0.1,
                }
            )

    def _number(self, prefix, year):
        self.sequence[prefix] += 1
        return f"{prefix}/{year}/{self.sequence[prefix]:05d}"

    def make_items(self):
        self.name_keys = [names.name_key(p["name"]) for p in self.partners]
        partners = self.partners
        for index in range(self.n_items):
            partner = partners[self.rng.randrange(len(partners))]
            credit_note = self.rng.random() < 0.05
            year = self.rng.choice((2025, 2026, 2026))
            number = self._number("RINV" if credit_note else "INV", year)
            amount = Decimal(self.rng.randrange(2000, 2_000_000)) / 100
            if partner["twin"] and self.rng.random() < 0.6:
                amount = Decimal("199.00")  # subscriptions: same amount every month
            if credit_note:
                amount = -(amount / 10).quantize(Decimal("0.01"))
            invoice_date = self.today - timedelta(days=self.rng.randrange(5, 300))
            discount, until = ZERO, None
            if not credit_note and self.rng.random() < 0.2:
                discount = (amount * Decimal("0.02")).quantize(Decimal("0.01"))
                until = invoice_date + timedelta(days=10)
            reference = number
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
            }
            self.items.append(item)
            self.by_partner.setdefault(partner["ref"], []).append(item)

    # -- rendering -----------------------------------------------------------
    def render_number(self, number):
        prefix, year, seq = number.split("/")
        forms = (
            f"{prefix}/{year}/{seq}",
            f"{prefix.lower()} {year} {int(seq)}",
            f"{prefix}{year}-{seq}",
            f"{prefix}{year}{seq}",
            f"Rechnung {year}/{int(seq)}",
            f"Facture n° {prefix}-{year}-{seq}",
            f"{prefix} {year}/{seq}",
        )
        return self.rng.choice(forms)

    def typo(self, number):
        prefix, year, seq = number.split("/")
        digits = list(seq)
        pos = self.rng.randrange(len(digits) - 1)
        if self.rng.random() < 0.5 and digits[pos] != digits[pos + 1]:
            digits[pos], digits[pos + 1] = digits[pos + 1], digits[pos]
        else:
            digits[pos + 1] = str((int(digits[pos + 1]) + 1) % 10)
        return f"{prefix}/{year}/{''.join(digits)}"

    def payer(self, partner, known=True):
        iban = partner["ibans"].split(";")[0] if known else _iban(self.rng, "FR")
        name = (
            names.bank_render(partner["name"])
            if self.rng.random() < 0.7
            else partner["name"]
        )
        return name, iban

    # -- lines ---------------------------------------------------------------
    def pick_items(self, partner, count, allow_credit=False):
        pool = [
            i
            for i in self.by_partner.get(partner["ref"], ())
            if i["id"] not in self.used and (allow_credit or i["amount_residual"] > 0)
        ]
        if len(pool) < count:
            return None
        chosen = self.rng.sample(pool, count)
        if not allow_credit and any(i["amount_residual"] < 0 for i in chosen):
            return None
        return chosen

    def amount_for(self, items, line_date, mode):
        total = sum((i["amount_residual"] for i in items), ZERO)
        if mode == "discount":
            return total - sum((i["discount_amount"] for i in items), ZERO)
        if mode == "fee":
            return total - Decimal(self.rng.choice(("0.50", "1.20", "2.00", "3.75")))
        if mode == "deduction":
            return (total * Decimal("0.85")).quantize(Decimal("0.01"))
        if mode == "partial":
            return (total * Decimal("0.4")).quantize(Decimal("0.01"))
        if mode == "over":
            return total + Decimal("50.00")
        return total

    def allocations(self, items, amount, mode):
        if mode == "over":
            return [(i, i["amount_residual"]) for i in items]
        if mode == "discount":
            return [(i, i["amount_residual"] - i["discount_amount"]) for i in items]
        if mode == "fee":
            head = [(i, i["amount_residual"]) for i in items[:-1]]
            rest = amount - sum((a for _i, a in head), ZERO)
            return [*head, (items[-1], rest)]
        if mode in ("deduction", "partial"):
            return [(items[0], amount)]
        return [(i, i["amount_residual"]) for i in items]

    def combos(self, partner_refs, amount, line_date):
        """How many subsets (up to 3 items) of these partners' open items pay
        ``amount`` exactly, each at its residual or discounted amount."""
        pool = []
        for ref in partner_refs:
            pool.extend(self.by_partner.get(ref, ()))
        values = []
        for item in pool[:40]:
            options = {int(item["amount_residual"] * 100)}
            if item["discount_until"] and line_date <= item["discount_until"]:
                options.add(
                    int((item["amount_residual"] - item["discount_amount"]) * 100)
                )
            values.append(tuple(options))
        target = int(amount * 100)
        count = 0
        for size in range(1, 4):
            for combo in combinations(values, size):
                count += any(sum(c) == target for c in product(*combo))
                if count > 1:
                    return count
        return count

    def family(self, partner):
        return [partner["ref"], *self.children.get(partner["ref"], ())]

    def make_line(self, index):
        scenario = self.rng.choices(
            [s for s, _w in SCENARIOS], [w for _s, w in SCENARIOS]
        )[0]
        partner = self.partners[self.rng.randrange(len(self.partners))]
        line_date = self.today + timedelta(days=self.rng.randrange(0, 5))
        builder = getattr(self, f"line_{scenario}")
        built = builder(partner, line_date)
        if built is None:
            built = self.line_nothing(partner, line_date)
            scenario = "nothing"
        items, amount, remittance, payer, mode, distinct = built
        line_id = f"B{index:06d}"
        self.lines.append(
            {
                "id": line_id,
                "date": line_date.isoformat(),
                "amount": amount,
                "currency": "EUR",
                "payer_name": payer[0],
                "payer_iban": payer[1],
                "remittance": remittance[:140],
                "end_to_end_id": "NOTPROVIDED",
            }
        )
        if not items:
            self.truth.append([line_id, "", "", 0, scenario])
            return
        for item, applied in self.allocations(items, amount, mode):
            self.used.add(item["id"])
            self.truth.append([line_id, item["id"], applied, int(distinct), scenario])

    def _mode(self, items, line_date):
        modes = ["equal"] * 6 + ["fee", "deduction", "partial", "over"]
        if all(i["discount_until"] and line_date <= i["discount_until"] for i in items):
            modes += ["discount"] * 4
        return self.rng.choice(modes)

    def _line_single(self, partner, line_date, render, known=True, distinct=True):
        items = self.pick_items(partner, 1)
        if not items:
            return None
        mode = self._mode(items, line_date)
        amount = self.amount_for(items, line_date, mode)
        return (
            items,
            amount,
            render(items[0]),
            self.payer(partner, known),
            mode,
            distinct,
        )

    def line_rf(self, partner, line_date):
        if not partner["rf"]:
            return None

        def render(item):
            ref = item["payment_reference"]
            return self.rng.choice(
                (ref, references.format_rf(ref), f"Payment {ref.lower()}")
            )

        return self._line_single(partner, line_date, render, self.rng.random() < 0.5)

    def line_number(self, partner, line_date):
        return self._line_single(
            partner,
            line_date,
            lambda item: (
                self.rng.choice(("", "Inv ", "Payment "))
                + self.render_number(item["number"])
            ),
            self.rng.random() < 0.7,
        )

    def line_typo(self, partner, line_date):
        items = self.pick_items(partner, 1)
        if not items:
            return None
        mode = self.rng.choice(("equal", "equal", "fee"))
        amount = self.amount_for(items, line_date, mode)
        text = self.render_number(self.typo(items[0]["number"]))
        return items, amount, text, self.payer(partner), mode, True

    def line_multi_numbers(self, partner, line_date):
        items = self.pick_items(partner, self.rng.choice((2, 3, 4)), allow_credit=True)
        if not items or sum(i["amount_residual"] for i in items) <= 0:
            return None
        items.sort(key=lambda i: i["amount_residual"] < 0)
        text = " ".join(self.render_number(i["number"]) for i in items)
        amount = self.amount_for(items, line_date, "equal")
        return (
            items,
            amount,
            text,
            self.payer(partner, self.rng.random() < 0.6),
            "equal",
            True,
        )

    def _line_silent(self, partner, line_date, count, payer_partner=None):
        items = self.pick_items(partner, count)
        if not items:
            return None
        amount = self.amount_for(items, line_date, "equal")
        payer_partner = payer_partner or partner
        distinct = self.combos(self.family(payer_partner), amount, line_date) == 1
        text = self.rng.choice(("", "Payment", "Invoices June", "Zahlung"))
        return items, amount, text, self.payer(payer_partner), "equal", distinct

    def line_multi_silent(self, partner, line_date):
        return self._line_silent(partner, line_date, self.rng.choice((2, 3)))

    def line_silent(self, partner, line_date):
        return self._line_silent(partner, line_date, 1)

    def line_twins(self, partner, line_date):
        if not partner["twin"]:
            return None
        return self._line_silent(partner, line_date, 1)

    def line_parent(self, partner, line_date):
        if not partner["parent_ref"]:
            return None
        parent = self.partners[int(partner["parent_ref"][1:])]
        if self.rng.random() < 0.5:
            return self._line_silent(partner, line_date, 1, payer_partner=parent)
        items = self.pick_items(partner, 1)
        if not items:
            return None
        text = self.render_number(items[0]["number"])
        amount = self.amount_for(items, line_date, "equal")
        return items, amount, text, self.payer(parent), "equal", True

    def line_name_only(self, partner, line_date):
        items = self.pick_items(partner, 1)
        if not items:
            return None
        amount = self.amount_for(items, line_date, "equal")
        name = names.bank_render(partner["name"])
        key = names.name_key(name)
        same_name = sum(k.startswith(key) for k in self.name_keys)
        distinct = (
            same_name == 1 and self.combos(self.family(partner), amount, line_date) == 1
        )
        return (
            items,
            amount,
            "Payment",
            (name, _iban(self.rng, "IT")),
            "equal",
            distinct,
        )

    def line_short_number(self, partner, line_date):
        items = self.pick_items(partner, 1)
        if not items:
            return None
        amount = self.amount_for(items, line_date, "equal")
        seq = int(items[0]["number"].split("/")[2])
        return items, amount, f"Inv. {seq}", self.payer(partner), "equal", True

    def line_blind(self, partner, line_date):
        """Unknown account, name the bank garbled, no reference: a guess at best."""
        items = self.pick_items(partner, 1)
        if not items:
            return None
        amount = self.amount_for(items, line_date, "equal")
        name = self.rng.choice(("ONLINE BANKING TRANSFER", "SEPA CT", "PAYMENT"))
        return items, amount, "", (name, _iban(self.rng, "ES")), "equal", False

    def line_nothing(self, partner, line_date):
        amount = Decimal(self.rng.randrange(100, 500_000)) / 100
        name = self.rng.choice(("TAX OFFICE", "INSURANCE AG", "STAFF", "CARD ACQUIRER"))
        return (
            [],
            amount,
            self.rng.choice(NOISE),
            (name, _iban(self.rng, "NL")),
            "",
            False,
        )

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
                [
                    "bank_line_id",
                    "open_item_id",
                    "amount",
                    "distinguishable",
                    "scenario",
                ]
            )
            writer.writerows(self.truth)


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
    args = parser.parse_args(argv)
    Generator(args.seed, args.lines, args.items).run().write(args.out)


if __name__ == "__main__":
    main()
