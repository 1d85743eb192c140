from . import ar_credit_hold_wizard
