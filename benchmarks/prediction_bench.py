"""How well the payment-date prediction does, measured on the generator's history.

Runs inside an Odoo shell on a database filled by ``scripts/generate`` (e.g.
300 customers x 18 months; the engine's constants were tuned on seed 1 and
are reported on seed 2)::

    ar_odoo shell -d DB --no-http < benchmarks/prediction_bench.py

The history is cut after its 12th month. The engine learns every customer's
profile (and the population's) from the invoices paid by then, and predicts,
for each invoice issued in months 13-18 and paid by the end, its payment date
as seen on the invoice date. The mean absolute error in days is printed next
to two naive predictors: "paid on the due date" and "the customer's average
delay" (plain mean of its training delays, the population's when it has
none). Invoices still unpaid at the end are counted, not scored. The
probability of > 30 days late is scored with the Brier score against the
training base rate. Nothing is written.
"""

import os
import re
import subprocess
from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo.tools import SQL

from odoo.addons.account_receivable_management.engine import payment_prediction

env = env  # noqa: F821, PLW0127 (given by odoo shell)
# months of history learnt from (AR_TRAIN_MONTHS=24 on a 30-month book: trends)
TRAIN_MONTHS = int(os.environ.get("AR_TRAIN_MONTHS", "12"))
company = env.company
Worklist = env["ar.collection.customer"]

first, last = env.execute_query(
    SQL(
        """
        SELECT MIN(invoice_date), MAX(invoice_date) FROM account_move
         WHERE move_type = 'out_invoice' AND state = 'posted' AND company_id = %s
        """,
        company.id,
    )
)[0]
cutoff = first + relativedelta(months=TRAIN_MONTHS)
history = Worklist._ar_payment_history(company, first - timedelta(days=400), cutoff)
population = payment_prediction.population(history, cutoff)
profiles = {
    pid: payment_prediction.profile(rows, cutoff) for pid, rows in history.items()
}
plain_mean = {
    pid: sum(p.delay for p in rows) / len(rows) for pid, rows in history.items() if rows
}
population_plain = sum(plain_mean.values()) / len(plain_mean) if plain_mean else 0.0
base_rate = population.late_share

tests = env.execute_query(
    SQL(
        """
        SELECT p.commercial_partner_id, m.invoice_date, aml.date_maturity,
               aml.balance, aml.reconciled,
               (SELECT MAX(apr.max_date) FROM account_partial_reconcile apr
                 WHERE apr.debit_move_id = aml.id)
          FROM account_move_line aml
          JOIN account_move m ON m.id = aml.move_id
          JOIN account_account acc ON acc.id = aml.account_id
          JOIN res_partner p ON p.id = aml.partner_id
         WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
           AND m.company_id = %(company)s
           AND acc.account_type = 'asset_receivable' AND aml.balance > 0
           AND m.invoice_date > %(cutoff)s
        """,
        company=company.id,
        cutoff=cutoff,
    )
)
# the generator writes each customer's behaviour, trend and season in its note
notes = dict(
    env.execute_query(
        SQL("SELECT id, comment FROM res_partner WHERE comment IS NOT NULL")
    )
)


def segment(partner_id):
    """The customer's trend and season as the generator made it."""
    words = re.sub("<[^>]+>", "", str(notes.get(partner_id) or "")).split(", ")
    trend = words[1] if len(words) > 1 else "unknown"
    return trend + (" + seasonal" if "seasonal" in words else "")


errors = defaultdict(list)
by_segment = defaultdict(lambda: defaultdict(list))
brier = defaultdict(list)
unpaid = 0
for partner_id, invoice_date, due, _amount, reconciled, paid_date in tests:
    if not reconciled or not paid_date:
        unpaid += 1
        continue
    actual = (paid_date - due).days
    own = profiles.get(partner_id, payment_prediction.Profile())
    prediction = payment_prediction.predict(due, own, population, invoice_date)
    predicted = (prediction.date - due).days
    row = {
        "engine": abs(predicted - actual),
        "due date": abs(actual),
        "customer's average delay": abs(
            plain_mean.get(partner_id, population_plain) - actual
        ),
    }
    for name, error in row.items():
        errors[name].append(error)
        by_segment[segment(partner_id)][name].append(error)
    late = 1.0 if actual > payment_prediction.LATE_THRESHOLD else 0.0
    brier["engine"].append((prediction.probability_late - late) ** 2)
    brier["base rate"].append((base_rate - late) ** 2)

print(
    subprocess.run(
        ["uptime"], check=False, capture_output=True, text=True
    ).stdout.strip()
)
print(
    f"database {env.cr.dbname}: invoices {first} to {last}; trained on those paid by "
    f"{cutoff} ({sum(len(r) for r in history.values())} invoices, "
    f"{len(history)} customers); scored {len(errors['engine'])} invoices issued after, "
    f"{unpaid} still unpaid left out"
)
print("mean absolute error of the payment date, days (lower is better):")
for name, values in errors.items():
    print(f"  {name:<28} {sum(values) / max(len(values), 1):7.2f}")
print("per segment (the generator's trend and season), MAE in days:")
short = {"customer's average delay": "cust. average"}
print(
    f"  {'segment':<24} {'invoices':>8} "
    + " ".join(f"{short.get(n, n):>13}" for n in errors)
)
for name, values in sorted(by_segment.items()):
    print(
        f"  {name:<24} {len(values['engine']):8d} "
        + " ".join(f"{sum(v) / len(v):13.2f}" for v in values.values())
    )
print("P(> 30 days late), Brier score (lower is better):")
for name, values in brier.items():
    print(f"  {name:<28} {sum(values) / max(len(values), 1):7.4f}")
env.cr.rollback()
