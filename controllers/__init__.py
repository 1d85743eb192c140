from . import portal_disputes
from . import ar_aging_xlsx
