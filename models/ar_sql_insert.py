"""The one way to write many rows of an addon model with a raw ``INSERT``."""

import json

from odoo.tools import SQL


def insert_rows(model, rows):
    """Insert ``rows`` (dicts of column values) into ``model``'s table in one
    statement; the creator and dates are filled in.

    Only for rows the addon computes itself in bulk and never edits (today the
    aging lines: one per customer, 10,000 at a time, already rounded sums of a
    query), where ``create()`` would cost seconds in per-record defaults,
    computes and monetary rounding. It bypasses the ORM on purpose, so the
    caller answers for what ``create()`` would do: every required column
    given, values already valid, no computed stored field depending on them.
    Create access is still checked; the model's cache is invalidated.
    """
    if not rows:
        return
    model.check_access("create")
    model.flush_model()
    now = model.env.cr.now().isoformat()
    uid = model.env.uid
    rows = [
        {
            **row,
            "create_uid": uid,
            "write_uid": uid,
            "create_date": now,
            "write_date": now,
        }
        for row in rows
    ]
    table = SQL.identifier(model._table)
    columns = SQL(", ").join(SQL.identifier(name) for name in rows[0])
    model.env.execute_query(
        SQL(
            """
            INSERT INTO %(table)s (%(columns)s)
            SELECT %(columns)s
              FROM jsonb_populate_recordset(NULL::%(table)s, %(rows)s::jsonb)
            """,
            table=table,
            columns=columns,
            rows=json.dumps(rows),
        )
    )
    model.invalidate_model()
