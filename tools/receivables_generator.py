# Copyright 2026 Accounts Receivable Management contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Realistic receivables generator, through Odoo's own accounting.

Fills a company with customers (groups, contacts, valid VAT numbers and IBANs),
posted customer invoices and credit notes over a history of months, posted
payments reconciled according to each customer's payment behaviour (a few
recent ones left on account, unapplied), and bank statement lines left
unreconciled with messy remittance text.

Used by the demo, the Odoo tests (small scale) and the benchmarks::

    stats = ReceivablesGenerator(env, seed=1).run(customers=300, months=18)

Deterministic: the same seed, sizes and end date give the same figures.
Everything is created in batches; ``commit=True`` (scripts only, never in
tests) commits after each batch so that a long run keeps its progress.
"""

import logging
import random
import time
import unicodedata
from collections import defaultdict
from datetime import date, timedelta

from stdnum.iso7064 import mod_11_10, mod_97_10

from odoo import Command, fields
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

PREFIX = "ARG"  # marks the records the generator owns (refs, product codes)
PROFILES = (  # payment behaviour, weight
    ("on_time", 38),
    ("late", 25),
    ("partial", 12),
    ("dispute", 10),
    ("discount", 10),
    ("stopper", 5),
)
# How a customer's delays move over time, on top of its behaviour, drawn from
# a stream of its own (the rest of the data does not move). Assumed shares,
# in line with payment-practice surveys of European B2B trade: most payers
# are steady, a minority slips (cash under strain) or improves, and a share
# of small firms pays late around the August closure and the year end.
TRENDS = (  # trend, weight, days of delay gained per month (range)
    ("steady", 80, (0.0, 0.0)),
    ("worsening", 12, (0.8, 2.0)),
    ("improving", 8, (-1.2, -0.5)),
)
SEASONAL_SHARE = 0.2  # customers paying later in August and December
SEASON_DAYS = {8: (12, 25), 12: (6, 15)}  # month of the due date -> extra days
NAME_FIRST = (
    "Alpine",
    "Atlantique",
    "Bâtiments",
    "Boulangerie",
    "Bureau",
    "Café",
    "Chaussures",
    "Délices",
    "Électricité",
    "Éléments",
    "Fleurs",
    "Garage",
    "Hôtel",
    "Imprimerie",
    "Jardins",
    "Küchen",
    "Laiterie",
    "Lumière",
    "Maison",
    "Métal",
    "Müller",
    "Nordic",
    "Optique",
    "Papeterie",
    "Pharmacie",
    "Plastiques",
    "Rhein",
    "Saveurs",
    "Schäfer",
    "Sécurité",
    "Textiles",
    "Transports",
    "Verrerie",
    "Vignobles",
    "Wagner",
    "Zéphyr",
    "Brasserie",
    "Côte",
    "Forêt",
    "Ateliers",
)
NAME_SECOND = (
    "Dupont",
    "Lefèvre",
    "Moreau",
    "Hélène",
    "Girard",
    "Fischer",
    "Becker",
    "Hoffmann",
    "Van Damme",
    "Peeters",
    "Janssens",
    "Dubois",
    "Lambert",
    "Mercier",
    "François",
    "Krüger",
    "Weiß",
    "Bonnet",
    "Rousseau",
    "Garnier",
    "du Nord",
    "de l'Ouest",
    "Européenne",
    "Industrie",
    "Services",
    "Logistique",
    "Distribution",
    "Négoce",
    "Solutions",
    "Technik",
)
LEGAL_FORM = {
    "FR": ("SARL", "SAS", "SA", "EURL"),
    "DE": ("GmbH", "AG", "KG", "GmbH & Co. KG"),
    "BE": ("SRL", "SA", "BV", "NV"),
}
CITIES = {
    "FR": ("Paris", "Lyon", "Lille", "Nantes", "Bordeaux", "Strasbourg"),
    "DE": ("Berlin", "Köln", "München", "Hamburg", "Düsseldorf"),
    "BE": ("Bruxelles", "Liège", "Gent", "Namur", "Antwerpen"),
}
PRODUCTS = (  # code, name, list price
    ("SRV-CONS", "Consulting day", 850.0),
    ("SRV-MAINT", "Maintenance contract (month)", 320.0),
    ("GDS-PALLET", "Pallet of supplies", 1240.0),
    ("GDS-PART", "Spare part kit", 96.5),
    ("SRV-TRAIN", "Training session", 1500.0),
    ("SRV-DELIV", "Delivery and installation", 180.0),
)
TERMS = (  # key, name, lines, early discount (percent, days)
    ("net30", "30 Days", [(100.0, "days_after", 30)], None),
    ("eom45", "45 Days End of Month", [(100.0, "days_after_end_of_month", 45)], None),
    (
        "inst3060",
        "30/60 Days",
        [(50.0, "days_after", 30), (50.0, "days_after", 60)],
        None,
    ),
    ("immediate", "Immediate Payment", [(100.0, "days_after", 0)], None),
    ("disc2_10", "2/10 Net 30", [(100.0, "days_after", 30)], (2.0, 10)),
)
MEMO_WORDS = ("VIR SEPA", "VIREMENT", "UEBERWEISUNG", "PAYMENT", "REGLEMENT", "")


def strip_accents(text):
    """ASCII text as banks send it: no accents, no special letters."""
    text = text.replace("ß", "ss")
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    )


def fr_vat(rng):
    siren = "%08d" % rng.randrange(10**8)
    # SIREN check digit: Luhn
    total = 0
    for i, digit in enumerate(reversed(siren)):
        d = int(digit) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    siren += str((10 - total % 10) % 10)
    return "FR%02d%s" % ((12 + 3 * (int(siren) % 97)) % 97, siren)


def de_vat(rng):
    number = str(rng.randrange(1, 10)) + "%07d" % rng.randrange(10**7)
    return "DE" + number + mod_11_10.calc_check_digit(number)


def be_vat(rng):
    number = "0%07d" % rng.randrange(10**6, 10**7)
    return "BE%s%02d" % (number, 97 - int(number) % 97)


def make_iban(rng, country):
    if country == "FR":
        bank, branch = rng.randrange(10**4, 10**5), rng.randrange(10**5)
        account = rng.randrange(10**10, 10**11)
        key = 97 - (89 * bank + 15 * branch + 3 * account) % 97
        bban = "%05d%05d%011d%02d" % (bank, branch, account, key)
    elif country == "DE":
        bban = "%08d%010d" % (rng.randrange(10**7, 10**8), rng.randrange(10**10))
    else:
        first = rng.randrange(10**9)
        bban = "%010d%02d" % (first, first % 97 or 97)
    return country + mod_97_10.calc_check_digits(bban + country) + bban


def rf_reference(invoice_name):
    """ISO 11649 creditor reference built from the invoice number's digits."""
    body = "".join(c for c in invoice_name if c.isalnum()).upper()[-21:]
    return "RF" + mod_97_10.calc_check_digits(body + "RF") + body


def mangle_invoice_number(rng, name):
    """An invoice number written any which way, as customers do."""
    parts = name.split("/")
    digits = "".join(c for c in name if c.isdigit())
    variants = [
        name,
        name.lower(),
        name.replace("/", ""),
        name.replace("/", " "),
        name.replace("/", "-").lower(),
        parts[-1].lstrip("0") if len(parts) > 1 else name,
        "/".join(parts[1:]) if len(parts) > 2 else name,
        "FACT " + digits,
        "INVOICE NR " + digits[-5:],
        rf_reference(name),
    ]
    text = rng.choice(variants)
    if rng.random() < 0.12:  # a typo: O for 0, swapped digits, dropped char
        pos = rng.randrange(len(text))
        typo = rng.choice(("o", "swap", "drop"))
        if typo == "o" and "0" in text:
            text = text.replace("0", "O", 1)
        elif typo == "swap" and pos < len(text) - 1:
            text = text[:pos] + text[pos + 1] + text[pos] + text[pos + 2 :]
        else:
            text = text[:pos] + text[pos + 1 :]
    return text


class ReceivablesGenerator:
    """Fills a company's receivables; see the module docstring."""

    ANALYZE_AFTER = (
        "customers",
        "invoices first batch",
        "invoices",
        "credit notes",
        "first payments",
    )
    ANALYZED_TABLES = (
        "res_partner",
        "account_move",
        "account_move_line",
        "account_partial_reconcile",
        "account_payment",
        "account_full_reconcile",
    )

    def __init__(self, env, seed=1, company=None, batch_size=500):
        self.seed = seed
        self.rng = random.Random(seed)
        company = company or env.company
        self.company = company
        self.env = env(
            context=dict(
                env.context,
                tracking_disable=True,
                mail_create_nolog=True,
                mail_notrack=True,
                mail_auto_subscribe_no_notify=True,
                allowed_company_ids=[company.id],
                lang="en_US",
            )
        )
        self.batch_size = batch_size
        self.profiles = dict(PROFILES)
        self.commit = False
        self.stats = defaultdict(int)

    # ------------------------------------------------------------------ run
    def run(
        self,
        customers=300,
        invoices=None,
        months=18,
        end_date=None,
        commit=False,
        profiles=None,
    ):
        """Generate everything; return a dict of counts, amounts and timings.

        ``profiles`` overrides the weights of the payment behaviours, e.g.
        ``{"stopper": 85, "partial": 15}`` for a book of collections.
        """
        unknown = set(profiles or ()) - {name for name, _w in PROFILES}
        if unknown:
            raise ValueError(
                "unknown payment behaviour(s) %s; known: %s"
                % (", ".join(sorted(unknown)), ", ".join(p for p, _w in PROFILES))
            )
        self.profiles = dict(PROFILES) if profiles is None else dict(profiles)
        started = time.monotonic()
        self.commit = commit
        self.end_date = fields.Date.to_date(end_date) if end_date else date.today()
        self.start_date = self.end_date - timedelta(days=int(months * 30.4))
        if invoices is None:
            invoices = max(customers, customers * months // 2)
        self._ensure_company()
        self._ensure_products_and_terms()
        self._create_customers(customers)
        self._commit("customers")
        self._create_invoices(invoices)
        self._create_credit_notes()
        plans = self._plan_payments()
        self._create_payments([p for p in plans if not p["statement"]])
        self._documents_done()
        self._create_statement_lines([p for p in plans if p["statement"]])
        self._commit("payments")
        seconds = max(time.monotonic() - started, 1e-3)  # frozen clocks in tests
        stats = dict(self.stats)
        stats.update(self._open_figures())
        stats["seconds"] = round(seconds, 1)
        stats["invoices_per_second"] = round(stats.get("invoices", 0) / seconds, 1)
        _logger.info("receivables generator done: %s", stats)
        return stats

    def _documents_done(self):
        """Hook: invoices, credit notes and payments are all planned."""

    def _commit(self, what):
        self.env.flush_all()
        if what in self.ANALYZE_AFTER:
            # fresh tables have no statistics: Odoo's reconciliation queries
            # (OR joins on account_partial_reconcile) then take minutes
            for table in self.ANALYZED_TABLES:
                self.env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
        if self.commit:
            self.env.cr.commit()
            self.env.invalidate_all()
        _logger.info("receivables generator: %s done", what)

    def _progress(self, what, done, total, since):
        elapsed = max(time.monotonic() - since, 1e-6)
        _logger.info(
            "receivables generator: %s %d/%d (%.1f/s)",
            what,
            done,
            total,
            done / elapsed,
        )

    # ---------------------------------------------------------------- setup
    def _ensure_company(self):
        env, company = self.env, self.company
        no_moves = not env["account.move"].search_count(
            [("company_id", "=", company.id)], limit=1
        )
        if no_moves and company.currency_id.name != "EUR":
            eur = env.ref("base.EUR")
            eur.active = True
            company.currency_id = eur
        if not company.chart_template:
            env["account.chart.template"].try_loading(
                "generic_coa", company, install_demo=False
            )
        self.sale_journal = env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
        )
        self.bank_journal = env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
        )
        self.sale_tax = company.account_sale_tax_id
        self.discount_account = (
            company.account_journal_early_pay_discount_loss_account_id
            or company.default_cash_difference_expense_account_id
        )
        self.currency = company.currency_id
        for code in ("fr_FR",):
            env["res.lang"]._activate_lang(code)
        self.countries = {
            code: env.ref("base.%s" % code.lower()).id for code in ("FR", "DE", "BE")
        }

    def _ensure_products_and_terms(self):
        env = self.env
        Product = env["product.product"]
        codes = ["%s-%s" % (PREFIX, code) for code, _name, _price in PRODUCTS]
        existing = {
            p.default_code: p for p in Product.search([("default_code", "in", codes)])
        }
        missing = [
            {
                "name": name,
                "default_code": "%s-%s" % (PREFIX, code),
                "type": "service",
                "list_price": price,
                "taxes_id": [Command.set(self.sale_tax.ids)],
            }
            for code, name, price in PRODUCTS
            if "%s-%s" % (PREFIX, code) not in existing
        ]
        for product in Product.create(missing):
            existing[product.default_code] = product
        self.products = [
            (existing["%s-%s" % (PREFIX, code)].id, price)
            for code, _n, price in PRODUCTS
        ]
        Term = env["account.payment.term"]
        self.terms = {}
        for key, name, lines, discount in TERMS:
            label = "%s (generated)" % name
            term = Term.search(
                [("name", "=", label), ("company_id", "in", [self.company.id, False])],
                limit=1,
            )
            if not term:
                term = Term.create(
                    {
                        "name": label,
                        "company_id": self.company.id,
                        "early_discount": bool(discount),
                        "discount_percentage": discount[0] if discount else 2.0,
                        "discount_days": discount[1] if discount else 10,
                        "line_ids": [Command.clear()]
                        + [
                            Command.create(
                                {
                                    "value": "percent",
                                    "value_amount": pct,
                                    "delay_type": delay,
                                    "nb_days": days,
                                }
                            )
                            for pct, delay, days in lines
                        ],
                    }
                )
            self.terms[key] = term.id

    # ------------------------------------------------------------ customers
    def _customer_name(self, rng, country, used):
        for _attempt in range(5):
            name = "%s %s %s" % (
                rng.choice(NAME_FIRST),
                rng.choice(NAME_SECOND),
                rng.choice(LEGAL_FORM[country]),
            )
            if name not in used:
                break
        else:
            name = "%s (%s)" % (name, rng.choice(CITIES[country]))
        if name in used:
            name = "%s %d" % (name, len(used))
        used.add(name)
        return name

    def _create_customers(self, count):
        rng, env = self.rng, self.env
        Partner = env["res.partner"]
        run_tag = "%s-%d-%d" % (PREFIX, self.seed, rng.randrange(10**6))
        used = set()
        groups = []
        group_count = max(1, count // 25)
        group_vals = []
        for g in range(group_count):
            country = rng.choice(("FR", "FR", "DE", "BE"))
            group_vals.append(
                {
                    "name": "Groupe " + self._customer_name(rng, country, used),
                    "is_company": True,
                    "country_id": self.countries[country],
                    "ref": "%s-G%04d" % (run_tag, g),
                }
            )
        groups = Partner.create(group_vals).ids
        self.customers = []
        vals_list = []
        profile_names = [p for p, _w in PROFILES]
        profile_weights = [self.profiles.get(p, 0) for p in profile_names]
        drift_rng = random.Random(self.seed * 7919 + 2)
        for i in range(count):
            country = rng.choices(("FR", "DE", "BE"), (5, 3, 2))[0]
            profile = rng.choices(profile_names, profile_weights)[0]
            if i < len(profile_names):  # every behaviour, even at small scale
                profile = profile_names[i]
            if profile == "discount":
                term = "disc2_10"
            else:
                term = rng.choices(
                    ("net30", "eom45", "inst3060", "immediate"), (55, 15, 15, 15)
                )[0]
            lang = (
                "fr_FR" if country == "FR" or (country == "BE" and i % 2) else "en_US"
            )
            if country == "FR":
                vat = fr_vat(rng)
            elif country == "DE":
                vat = de_vat(rng)
            else:
                vat = be_vat(rng)
            name = self._customer_name(rng, country, used)
            trend, _weight, (low, high) = drift_rng.choices(
                TRENDS, [weight for _t, weight, _r in TRENDS]
            )[0]
            seasonal = drift_rng.random() < SEASONAL_SHARE
            if 1 <= i <= 3:  # every trend and a season, even at small scale
                trend, _weight, (low, high) = TRENDS[i % 3]
                seasonal = i == 3
            customer = {
                "profile": profile,
                "trend": trend,
                "drift": drift_rng.uniform(low, high),
                "season": {
                    month: drift_rng.randint(*days)
                    for month, days in SEASON_DAYS.items()
                }
                if seasonal
                else {},
                "weight": min(rng.paretovariate(1.3), 30.0),
                "grouped": profile in ("on_time", "late") and rng.random() < 0.3,
                "stop_date": self.end_date - timedelta(days=rng.randint(60, 200)),
                "name": name,
                "iban": make_iban(rng, country),
            }
            self.customers.append(customer)
            self.stats["customers_" + trend] += 1
            self.stats["customers_seasonal"] += seasonal
            vals_list.append(
                {
                    "name": name,
                    "is_company": True,
                    "vat": vat,
                    "lang": lang,
                    "country_id": self.countries[country],
                    "city": rng.choice(CITIES[country]),
                    "street": "%d rue %s"
                    % (rng.randint(1, 180), rng.choice(NAME_SECOND)),
                    "zip": "%05d" % rng.randrange(1000, 99999),
                    "email": "ap@%s.example.com"
                    % strip_accents(name.split()[0]).lower(),
                    "ref": "%s-C%06d" % (run_tag, i),
                    "parent_id": rng.choice(groups) if rng.random() < 0.15 else False,
                    "property_payment_term_id": self.terms[term],
                    "customer_rank": 1,
                    "comment": "Generated payment behaviour: %s, %s%s"
                    % (profile, trend, ", seasonal" if seasonal else ""),
                    "bank_ids": [Command.create({"acc_number": customer["iban"]})],
                }
            )
        started = time.monotonic()
        for start in range(0, count, self.batch_size):
            chunk = vals_list[start : start + self.batch_size]
            partners = Partner.create(chunk)
            contacts = []
            for partner, vals in zip(partners, chunk, strict=True):
                for _c in range(rng.choice((0, 0, 1, 2))):
                    first = rng.choice(
                        ("Marie", "Jean", "Anna", "Lukas", "Sophie", "Luc")
                    )
                    contacts.append(
                        {
                            "name": "%s %s" % (first, rng.choice(NAME_SECOND)),
                            "parent_id": partner.id,
                            "type": rng.choice(("invoice", "contact")),
                            "email": "%s@example.com" % first.lower(),
                            "lang": vals["lang"],
                        }
                    )
            Partner.create(contacts)
            for offset, partner in enumerate(partners):
                self.customers[start + offset]["id"] = partner.id
            self.stats["contacts"] += len(contacts)
            self._progress("customers", start + len(chunk), count, started)
        self.stats["customers"] = count
        self.stats["customer_groups"] = len(groups)

    # ------------------------------------------------------------- invoices
    def _invoice_specs(self, count):
        rng = self.rng
        weights = [c["weight"] for c in self.customers]
        owners = rng.choices(range(len(self.customers)), weights, k=count)
        days = (self.end_date - self.start_date).days
        specs = []
        for owner in owners:
            lines = []
            for _l in range(rng.choice((1, 1, 2, 3))):
                product_id, price = rng.choice(self.products)
                lines.append(
                    (
                        product_id,
                        rng.randint(1, 12),
                        round(price * rng.uniform(0.85, 1.15), 2),
                    )
                )
            specs.append(
                {
                    "customer": owner,
                    "date": self.start_date + timedelta(days=rng.randint(0, days)),
                    "lines": lines,
                    "ref": "PO-%06d" % rng.randrange(10**6)
                    if rng.random() < 0.6
                    else False,
                }
            )
        specs.sort(key=lambda s: s["date"])
        return specs

    def _move_vals(self, spec, move_type="out_invoice"):
        customer = self.customers[spec["customer"]]
        return {
            "move_type": move_type,
            "partner_id": customer["id"],
            "invoice_date": spec["date"],
            "journal_id": self.sale_journal.id,
            "currency_id": self.currency.id,
            "ref": spec.get("ref") or False,
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": product_id,
                        "quantity": qty,
                        "price_unit": price,
                        "tax_ids": [Command.set(self.sale_tax.ids)],
                    }
                )
                for product_id, qty, price in spec["lines"]
            ],
        }

    def _create_moves(self, specs, move_type, what):
        """Create and post moves in batches; return one record per move."""
        Move = self.env["account.move"]
        records = []
        started = time.monotonic()
        for start in range(0, len(specs), self.batch_size):
            chunk = specs[start : start + self.batch_size]
            moves = Move.create([self._move_vals(s, move_type) for s in chunk])
            moves.action_post()
            lines = self._receivable_lines(moves.ids)
            for spec, move in zip(chunk, moves, strict=True):
                records.append(
                    {
                        "id": move.id,
                        "name": move.name,
                        "customer": spec["customer"],
                        "date": spec["date"],
                        "total": move.amount_total,
                        "lines": lines[move.id],
                        "spec_lines": spec["lines"],
                    }
                )
            self._commit("%s %s" % (what, "first batch" if not start else "batch"))
            self._progress(what, start + len(chunk), len(specs), started)
        self._commit(what)
        return records

    def _receivable_lines(self, move_ids):
        """Receivable lines per move id, as dicts, by maturity."""
        result = defaultdict(list)
        lines = self.env["account.move.line"].search_fetch(
            [
                ("move_id", "in", move_ids),
                ("account_id.account_type", "=", "asset_receivable"),
            ],
            [
                "move_id",
                "date_maturity",
                "balance",
                "discount_date",
                "discount_balance",
            ],
            order="date_maturity, id",
        )
        for line in lines:
            result[line.move_id.id].append(
                {
                    "id": line.id,
                    "maturity": line.date_maturity,
                    "balance": line.balance,
                    "discount_date": line.discount_date,
                    "discount_balance": line.discount_balance,
                }
            )
        return result

    def _create_invoices(self, count):
        started = time.monotonic()
        self.invoices = self._create_moves(
            self._invoice_specs(count), "out_invoice", "invoices"
        )
        for invoice in self.invoices:
            invoice["open"] = invoice["total"]
        self.stats["invoices"] = len(self.invoices)
        self.stats["amount_invoiced"] = round(sum(i["total"] for i in self.invoices), 2)
        self.stats["invoice_seconds"] = round(time.monotonic() - started, 1)

    def _create_credit_notes(self):
        """Some invoices get a (partial) credit note, reconciled with them."""
        rng = self.rng
        specs, targets = [], []
        for invoice in self.invoices:
            profile = self.customers[invoice["customer"]]["profile"]
            if rng.random() >= (0.15 if profile == "dispute" else 0.04):
                continue
            when = invoice["date"] + timedelta(days=rng.randint(2, 40))
            if when > self.end_date:
                continue
            product_id, qty, price = invoice["spec_lines"][0]
            share = 1.0 if rng.random() < 0.3 else rng.uniform(0.05, 0.5)
            specs.append(
                {
                    "customer": invoice["customer"],
                    "date": when,
                    "lines": [(product_id, qty, round(price * share, 2))],
                    "ref": "Credit for %s" % invoice["name"],
                }
            )
            targets.append(invoice)
        order = sorted(range(len(specs)), key=lambda i: specs[i]["date"])
        specs = [specs[i] for i in order]
        targets = [targets[i] for i in order]
        refunds = self._create_moves(specs, "out_refund", "credit notes")
        self._reconcile_credit_notes(list(zip(refunds, targets, strict=True)))
        for refund, invoice in zip(refunds, targets, strict=True):
            invoice["open"] = round(max(invoice["open"] - refund["total"], 0.0), 2)
        self._commit("credit notes")
        self.stats["credit_notes"] = len(refunds)
        self.stats["amount_credited"] = round(sum(r["total"] for r in refunds), 2)

    def _reconcile_credit_notes(self, pairs):
        """Reconcile each (credit note, invoice) pair, in batches."""
        Line = self.env["account.move.line"]
        plan = [
            Line.browse([line["id"] for line in refund["lines"] + invoice["lines"]])
            for refund, invoice in pairs
        ]
        for start in range(0, len(plan), self.batch_size):
            Line._reconcile_plan(plan[start : start + self.batch_size])
            self._commit("credit note reconciliation")

    # ------------------------------------------------------------- payments
    def _pay_schedule(self, customer, invoice):
        """[(date, amount, write_off)] this customer pays for this invoice:
        its behaviour's dates, moved by its trend and season (never before the
        invoice; an early-payment discount is taken on time)."""
        schedule = self._behaviour_schedule(customer, invoice)
        due = invoice["lines"][-1]["maturity"]
        months = (due - self.start_date).days / 30.4
        shift = round(customer.get("drift", 0.0) * months) + customer.get(
            "season", {}
        ).get(due.month, 0)
        if not shift:
            return schedule
        return [
            (when if write_off else max(invoice["date"], when + timedelta(shift)),)
            + (amount, write_off)
            for when, amount, write_off in schedule
        ]

    def _behaviour_schedule(self, customer, invoice):
        """[(date, amount, write_off)] of the customer's payment behaviour."""
        rng = self.rng
        due = invoice["lines"][-1]["maturity"]
        start = invoice["date"]
        open_amount = invoice["open"]
        profile = customer["profile"]
        if profile == "on_time":
            return [
                (max(start, due - timedelta(days=rng.randint(0, 10))), open_amount, 0.0)
            ]
        if profile == "late":
            return [(due + timedelta(days=rng.randint(10, 40)), open_amount, 0.0)]
        if profile == "partial":
            if rng.random() < 0.4:
                return [(due + timedelta(days=rng.randint(0, 20)), open_amount, 0.0)]
            first = round(open_amount * rng.uniform(0.3, 0.7), 2)
            schedule = [(due + timedelta(days=rng.randint(0, 15)), first, 0.0)]
            if rng.random() < 0.5:
                later = due + timedelta(days=rng.randint(30, 75))
                schedule.append((later, round(open_amount - first, 2), 0.0))
            return schedule
        if profile == "dispute":
            when = due + timedelta(days=rng.randint(0, 30))
            if rng.random() < 0.65:
                return [(when, open_amount, 0.0)]
            short = round(open_amount * rng.uniform(0.03, 0.15), 2)
            return [(when, round(open_amount - short, 2), 0.0)]
        if profile == "stopper":
            if start >= customer["stop_date"]:
                return []
            return [(due + timedelta(days=rng.randint(0, 20)), open_amount, 0.0)]
        # discount taker
        line = invoice["lines"][0]
        if (
            line["discount_date"]
            and open_amount == invoice["total"]
            and len(invoice["lines"]) == 1
            and rng.random() < 0.8
        ):
            when = start + timedelta(days=rng.randint(1, 9))
            paid = round(line["discount_balance"], 2)
            return [
                (min(when, line["discount_date"]), paid, round(open_amount - paid, 2))
            ]
        return [(due + timedelta(days=rng.randint(0, 5)), open_amount, 0.0)]

    def _plan_payments(self):
        """One plan per payment: customer, date, amount, invoices, write-off."""
        rng = self.rng
        plans = []
        grouped = {}
        for invoice in self.invoices:
            if invoice["open"] <= 0:
                continue
            customer = self.customers[invoice["customer"]]
            for due_pay, amount, write_off in self._pay_schedule(customer, invoice):
                when = due_pay
                if customer["grouped"] and not write_off:
                    # pays in monthly runs, on the 10th, several invoices at once
                    when = (when.replace(day=1) + timedelta(days=40)).replace(day=10)
                if when > self.end_date or amount <= 0:
                    continue
                key = (invoice["customer"], when) if customer["grouped"] else None
                if key and key in grouped:
                    plan = grouped[key]
                    plan["amount"] = round(plan["amount"] + amount, 2)
                    plan["invoices"].append(invoice)
                    continue
                plan = {
                    "customer": invoice["customer"],
                    "date": when,
                    "amount": amount,
                    "write_off": write_off,
                    "invoices": [invoice],
                }
                if key:
                    grouped[key] = plan
                plans.append(plan)
        recent = self.end_date - timedelta(days=45)
        for plan in plans:
            share = 0.35 if plan["date"] >= recent else 0.01
            plan["statement"] = not plan["write_off"] and rng.random() < share
        # a few recent payments arrive without a usable reference and stay on
        # account, unapplied (own random stream: the rest of the data is unchanged)
        on_account_rng = random.Random(self.seed * 7919 + 1)
        for plan in plans:
            plan["on_account"] = (
                not plan["statement"]
                and not plan["write_off"]
                and len(plan["invoices"]) == 1
                and plan["date"] >= self.end_date - timedelta(days=60)
                and on_account_rng.random() < 0.04
            )
        plans.sort(key=lambda p: (p["date"], p["customer"]))
        return plans

    def _create_payments(self, plans):
        env = self.env
        Payment = env["account.payment"]
        Line = env["account.move.line"]
        started = time.monotonic()
        method_line = self._method_line()
        for start in range(0, len(plans), self.batch_size):
            chunk = plans[start : start + self.batch_size]
            vals_list = []
            for plan in chunk:
                customer = self.customers[plan["customer"]]
                vals = {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": customer["id"],
                    "amount": plan["amount"],
                    "date": plan["date"],
                    "journal_id": self.bank_journal.id,
                    "payment_method_line_id": method_line.id,
                    "currency_id": self.currency.id,
                    "memo": self._memo(plan),
                }
                if plan["write_off"]:
                    vals["write_off_line_vals"] = [
                        {
                            "name": "Early payment discount",
                            "account_id": self.discount_account.id,
                            "partner_id": customer["id"],
                            "amount_currency": plan["write_off"],
                            "balance": plan["write_off"],
                        }
                    ]
                vals_list.append(vals)
            payments = Payment.create(vals_list)
            payments.action_post()
            pay_lines = self._receivable_lines(payments.move_id.ids)
            reconcile_plan = []
            for plan, payment in zip(chunk, payments, strict=True):
                if plan["on_account"]:
                    continue
                ids = [line["id"] for line in pay_lines[payment.move_id.id]]
                for invoice in plan["invoices"]:
                    ids += [line["id"] for line in invoice["lines"]]
                reconcile_plan.append(Line.browse(ids))
            Line._reconcile_plan(reconcile_plan)
            self._count_payments(chunk)
            self._commit("first payments" if not start else "payments batch")
            self._progress("payments", start + len(chunk), len(plans), started)

    def _method_line(self):
        return self.bank_journal.inbound_payment_method_line_ids[:1]

    @staticmethod
    def _memo(plan):
        """The payment's memo: the invoices it pays, as customers write it."""
        if plan["on_account"]:
            return "Payment on account"
        return " ".join(i["name"] for i in plan["invoices"])

    def _count_payments(self, plans):
        """Add these payment plans to the generator's figures."""
        stats = self.stats
        applied = [p for p in plans if not p["on_account"]]
        stats["payments"] += len(plans)
        stats["grouped_payments"] += sum(len(p["invoices"]) > 1 for p in plans)
        stats["discount_payments"] += sum(bool(p["write_off"]) for p in plans)
        stats["amount_discounts"] = round(
            stats["amount_discounts"] + sum(p["write_off"] for p in plans), 2
        )
        stats["amount_paid"] = round(
            stats["amount_paid"] + sum(p["amount"] for p in applied), 2
        )
        stats["payments_on_account"] += len(plans) - len(applied)
        stats["amount_on_account"] = round(
            stats["amount_on_account"]
            + sum(p["amount"] for p in plans if p["on_account"]),
            2,
        )

    # ------------------------------------------------------ statement lines
    def _remittance_text(self, plan, customer):
        rng = self.rng
        payer = strip_accents(customer["name"]).upper()[:35]
        numbers = " ".join(
            mangle_invoice_number(rng, i["name"]) for i in plan["invoices"]
        )
        if len(plan["invoices"]) == 1 and rng.random() < 0.25:
            # several numbers, one of them being someone else's or a typo
            numbers += rng.choice((" + ", ", ", " ET ", " / ")) + mangle_invoice_number(
                rng, plan["invoices"][0]["name"]
            )
        pieces = [rng.choice(MEMO_WORDS), payer if rng.random() < 0.7 else "", numbers]
        if rng.random() < 0.2:
            pieces.append(rng.choice(("MERCI", "ACOMPTE", "SOLDE", "REF CLIENT")))
        text = " ".join(p for p in pieces if p)
        return text.lower() if rng.random() < 0.2 else text

    def _create_statement_lines(self, plans):
        rng = self.rng
        StatementLine = self.env["account.bank.statement.line"]
        vals_list = []
        for plan in plans:
            customer = self.customers[plan["customer"]]
            known = rng.random() < 0.5
            vals_list.append(
                {
                    "journal_id": self.bank_journal.id,
                    "date": plan["date"],
                    "amount": plan["amount"],
                    "payment_ref": self._remittance_text(plan, customer),
                    "partner_id": customer["id"] if known else False,
                    "partner_name": strip_accents(customer["name"]).upper()[:35],
                    "account_number": customer["iban"] if rng.random() < 0.6 else False,
                }
            )
        started = time.monotonic()
        for start in range(0, len(vals_list), self.batch_size):
            chunk = vals_list[start : start + self.batch_size]
            StatementLine.create(chunk)
            self._commit("statement lines batch")
            self._progress(
                "statement lines", start + len(chunk), len(vals_list), started
            )
        self.stats["statement_lines"] = len(vals_list)
        self.stats["amount_on_statements"] = round(
            sum(v["amount"] for v in vals_list), 2
        )

    # ------------------------------------------------------------- figures
    def _open_figures(self):
        """Open amounts of the generated invoices, read back from the ledger."""
        ids = [i["id"] for i in self.invoices]
        Move = self.env["account.move"]
        counts = {}
        for start in range(0, len(ids), 50000):
            groups = Move._read_group(
                [("id", "in", ids[start : start + 50000])],
                ["payment_state"],
                ["__count", "amount_residual:sum"],
            )
            for state, count, residual in groups:
                total = counts.setdefault(state, [0, 0.0])
                total[0] += count
                total[1] += residual
        overdue = Move.search_count(
            [
                ("id", "in", ids),
                ("payment_state", "in", ("not_paid", "partial")),
                ("invoice_date_due", "<", self.end_date),
            ]
        )
        return {
            "invoices_paid": counts.get("paid", [0])[0],
            "invoices_partial": counts.get("partial", [0])[0],
            "invoices_not_paid": counts.get("not_paid", [0])[0],
            "invoices_overdue": overdue,
            "amount_open": round(sum(v[1] for v in counts.values()), 2),
        }
