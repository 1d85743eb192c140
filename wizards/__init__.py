from . import ar_aging_report_wizard
from . import ar_kpi_snapshot_wizard
