from . import res_company
from . import res_config_settings
from . import res_partner
from . import account_move_line
from . import res_company_cashapp
from . import ar_payer_mapping
from . import ar_cash_proposal
from . import res_config_settings_cashapp
