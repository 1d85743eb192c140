from . import ar_mass_reconcile
from . import ar_receivable_check
