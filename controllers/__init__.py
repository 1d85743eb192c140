from . import ar_aging_xlsx
