from . import models
from . import wizards
from . import reports
from . import controllers


def uninstall_hook(env):
    """Drop the credit balances and their triggers (kept by PostgreSQL, not the ORM)."""
    from .models.account_move_line_credit import DROP_BALANCES

    env.cr.execute(DROP_BALANCES)
