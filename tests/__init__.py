from . import test_foundation
from . import test_cashapp_reconcile
from . import test_cashapp_wizards
