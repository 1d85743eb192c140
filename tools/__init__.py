from . import receivables_generator
from . import actions
