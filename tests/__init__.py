from . import test_foundation
from . import test_reporting_aging
from . import test_reporting_kpi
from . import test_reporting_dashboard
from . import test_reporting_allowance
