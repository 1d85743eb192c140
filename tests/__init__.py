from . import test_foundation
from . import test_credit_posting
from . import test_credit_risk
from . import test_dunning_cycle
from . import test_disputes_ledger
from . import test_disputes_portal
from . import test_cashapp_reconcile
from . import test_cashapp_wizards
