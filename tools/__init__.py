from . import receivables_generator
