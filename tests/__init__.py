from . import test_foundation
from . import test_disputes_ledger
from . import test_disputes_portal
