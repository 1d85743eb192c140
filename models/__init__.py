from . import res_company
from . import res_config_settings
from . import res_partner
from . import account_move_line
from . import ar_aging_query
from . import ar_kpi_snapshot
from . import ar_reporting_dashboard
from . import ar_allowance_policy
