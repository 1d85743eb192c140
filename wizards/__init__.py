from . import ar_dispute_resolve_wizard
from . import ar_deduction_wizard
