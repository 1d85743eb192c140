"""What the credit check reads: open receivable totals kept by the database.

The credit check at posting must cost the same for a customer with one open
item or ten thousand. Summing the items each time does not (11,533 items
took 15 ms even as an index-only scan), so PostgreSQL keeps the sums in
``ar_credit_balance``, one row per (partner of the item, company of the
item, due date) plus one total row per (partner, company) whose due date is
``-infinity``; an item without due date counts under ``infinity``.

An item counts while it is open: posted, on a receivable account, not
reconciled, with a residual and a partner. Each row holds, in company
currency, the number of such items, the sum of their positive residuals
(``open_amount``), of their negative residuals (``unapplied_amount``), of
their disputed amounts, and of what is not covered by a dispute
(``unsettled_amount``, with ``unsettled_count`` items) for the overdue
figures: overdue = total row minus the rows due today or later (a few
dates: payment terms), oldest late item = first row of the partner in due
date order with an unsettled item.

Statement-level triggers with transition tables on ``account_move_line``
apply the difference between the rows a statement removed and the rows it
wrote, set-wise, whatever wrote them: posting, reconciliation and partials,
unreconciliation, reversal, cancel, reset to draft, disputes, partner
merges, SQL. A row-level trigger on ``account_account`` follows an account
that becomes receivable or stops being one. Partners are kept as on the
item, so a contact moving to another company needs nothing: the reader
groups by commercial partner. ``init`` (install and every upgrade) rebuilds
the table from the items; the uninstall hook drops it all.
"""

from odoo import api, models
from odoo.tools import SQL

BALANCE_TABLE = "ar_credit_balance"
ALL_DATES = "-infinity"

# An open receivable item, as the credit check counts it (``l`` the item).
_OPEN_ITEM = """
        l.parent_state = 'posted' AND l.reconciled IS NOT TRUE
    AND l.amount_residual <> 0 AND l.partner_id IS NOT NULL
"""
_RECEIVABLE = """
    AND l.account_id IN (SELECT id FROM account_account
                          WHERE account_type = 'asset_receivable')
"""


def _items(source, sign, where=_RECEIVABLE):
    """The signed contributions of the open receivable items of ``source``."""
    return f"""
    SELECT l.partner_id, l.company_id,
           COALESCE(l.date_maturity, 'infinity'::date) AS due, {sign} AS sign,
           l.amount_residual AS residual,
           COALESCE(l.ar_disputed_amount, 0) AS disputed
      FROM {source} l
     WHERE {_OPEN_ITEM} {where}
    """


def _apply(changes):
    """Add the signed contributions ``changes`` to the balances (two statements)."""
    return f"""
    INSERT INTO {BALANCE_TABLE} AS b (
           partner_id, company_id, date_maturity, item_count, open_amount,
           unapplied_amount, disputed_amount, unsettled_amount, unsettled_count)
    SELECT * FROM (
        SELECT partner_id, company_id,
               CASE WHEN GROUPING(due) = 1 THEN '{ALL_DATES}'::date ELSE due END,
               SUM(sign), SUM(sign * GREATEST(residual, 0)),
               SUM(sign * LEAST(residual, 0)), SUM(sign * disputed),
               SUM(sign * GREATEST(residual - disputed, 0)),
               SUM(sign * (residual - disputed > 0)::int)
          FROM ({changes}) AS changes
         GROUP BY GROUPING SETS ((partner_id, company_id, due),
                                 (partner_id, company_id))
    ) AS delta (partner_id, company_id, date_maturity, item_count, open_amount,
                unapplied_amount, disputed_amount, unsettled_amount,
                unsettled_count)
     WHERE item_count <> 0 OR open_amount <> 0 OR unapplied_amount <> 0
        OR disputed_amount <> 0 OR unsettled_amount <> 0 OR unsettled_count <> 0
     ORDER BY partner_id, company_id, date_maturity
    ON CONFLICT (partner_id, company_id, date_maturity) DO UPDATE SET
           item_count = b.item_count + EXCLUDED.item_count,
           open_amount = b.open_amount + EXCLUDED.open_amount,
           unapplied_amount = b.unapplied_amount + EXCLUDED.unapplied_amount,
           disputed_amount = b.disputed_amount + EXCLUDED.disputed_amount,
           unsettled_amount = b.unsettled_amount + EXCLUDED.unsettled_amount,
           unsettled_count = b.unsettled_count + EXCLUDED.unsettled_count;
    DELETE FROM {BALANCE_TABLE} WHERE item_count = 0;
    """


def _apply_if_any(changes):
    """``_apply`` in a trigger: nothing at all when no open receivable changed."""
    return f"""
    IF EXISTS ({changes}) THEN
        {_apply(changes)}
    END IF;
    """


_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS {BALANCE_TABLE} (
    partner_id integer NOT NULL,
    company_id integer NOT NULL,
    date_maturity date NOT NULL,
    item_count integer NOT NULL,
    open_amount numeric NOT NULL,
    unapplied_amount numeric NOT NULL,
    disputed_amount numeric NOT NULL,
    unsettled_amount numeric NOT NULL,
    unsettled_count integer NOT NULL,
    PRIMARY KEY (partner_id, company_id, date_maturity)
);
COMMENT ON TABLE {BALANCE_TABLE} IS
    'account_receivable_management: open receivable totals for the credit '
    'check, kept by triggers on account_move_line (see account_move_line_credit.py)';
CREATE INDEX IF NOT EXISTS {BALANCE_TABLE}_late_idx
    ON {BALANCE_TABLE} (partner_id, date_maturity) WHERE unsettled_count > 0;
CREATE INDEX IF NOT EXISTS {BALANCE_TABLE}_emptied_idx
    ON {BALANCE_TABLE} (partner_id) WHERE item_count = 0;

CREATE OR REPLACE FUNCTION ar_credit_balance_from_lines() RETURNS trigger
LANGUAGE plpgsql AS $body$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_apply_if_any(_items("ar_new_lines", 1))}
    ELSIF TG_OP = 'DELETE' THEN
        {_apply_if_any(_items("ar_old_lines", -1))}
    ELSE
        {
    _apply_if_any(
        _items("ar_new_lines", 1) + " UNION ALL " + _items("ar_old_lines", -1)
    )
}
    END IF;
    RETURN NULL;
END
$body$;

CREATE OR REPLACE FUNCTION ar_credit_balance_from_account() RETURNS trigger
LANGUAGE plpgsql AS $body$
BEGIN
    {
    _apply_if_any(
        _items(
            "account_move_line",
            "CASE WHEN NEW.account_type = 'asset_receivable' THEN 1 ELSE -1 END",
            "AND l.account_id = NEW.id",
        )
    )
}
    RETURN NULL;
END
$body$;

CREATE OR REPLACE TRIGGER ar_credit_balance_insert AFTER INSERT ON account_move_line
    REFERENCING NEW TABLE AS ar_new_lines
    FOR EACH STATEMENT EXECUTE FUNCTION ar_credit_balance_from_lines();
CREATE OR REPLACE TRIGGER ar_credit_balance_update AFTER UPDATE ON account_move_line
    REFERENCING OLD TABLE AS ar_old_lines NEW TABLE AS ar_new_lines
    FOR EACH STATEMENT EXECUTE FUNCTION ar_credit_balance_from_lines();
CREATE OR REPLACE TRIGGER ar_credit_balance_delete AFTER DELETE ON account_move_line
    REFERENCING OLD TABLE AS ar_old_lines
    FOR EACH STATEMENT EXECUTE FUNCTION ar_credit_balance_from_lines();
CREATE OR REPLACE TRIGGER ar_credit_balance_account
    AFTER UPDATE OF account_type ON account_account FOR EACH ROW
    WHEN ((OLD.account_type = 'asset_receivable')
          IS DISTINCT FROM (NEW.account_type = 'asset_receivable'))
    EXECUTE FUNCTION ar_credit_balance_from_account();
"""

DROP_BALANCES = f"""
DROP TRIGGER IF EXISTS ar_credit_balance_insert ON account_move_line;
DROP TRIGGER IF EXISTS ar_credit_balance_update ON account_move_line;
DROP TRIGGER IF EXISTS ar_credit_balance_delete ON account_move_line;
DROP TRIGGER IF EXISTS ar_credit_balance_account ON account_account;
DROP FUNCTION IF EXISTS ar_credit_balance_from_lines();
DROP FUNCTION IF EXISTS ar_credit_balance_from_account();
DROP TABLE IF EXISTS {BALANCE_TABLE};
"""


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # Open items only (a small part of the table), by customer, with every
    # column the item queries of credit read.
    _ar_credit_open_items_idx = models.Index(
        "(partner_id, account_id) INCLUDE (company_id, parent_state, move_id, "
        "amount_residual, balance, date_maturity, ar_disputed_amount) "
        "WHERE reconciled IS NOT TRUE AND amount_residual <> 0"
    )
    # Draft items by customer: the draft invoices counted in an exposure.
    _ar_credit_draft_items_idx = models.Index(
        "(partner_id) INCLUDE (account_id, company_id, move_id, balance) "
        "WHERE parent_state = 'draft' AND amount_residual <> 0"
    )

    def init(self):
        super().init()
        self.env.cr.execute(_SCHEMA)
        self._ar_credit_rebuild_balances()

    @api.model
    def _ar_credit_rebuild_balances(self):
        """Recompute every balance from the items (install, upgrade, repair)."""
        self.flush_model()
        self.env.cr.execute(
            SQL(f"TRUNCATE {BALANCE_TABLE}; {_apply(_items('account_move_line', 1))}")
        )
