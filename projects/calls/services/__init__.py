from .bids import bid_decide, bid_record_team, bid_submit
from .calls import call_create, call_select, call_transition

__all__ = ["bid_decide", "bid_record_team", "bid_submit", "call_create", "call_select", "call_transition"]
