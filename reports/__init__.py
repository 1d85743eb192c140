from . import ar_dispute_share_report
