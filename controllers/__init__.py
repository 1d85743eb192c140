from . import portal_pages
from . import portal_disputes
from . import ar_aging_xlsx
from . import portal_payment_plans
