from . import ar_credit_hold_wizard
from . import ar_dispute_resolve_wizard
from . import ar_deduction_wizard
from . import ar_mass_reconcile
from . import ar_receivable_check
from . import ar_aging_report_wizard
from . import ar_kpi_snapshot_wizard
from . import ar_cash_compute_wizard
