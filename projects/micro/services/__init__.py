"""Micro-project services: caps and the negative list (district), rounds and the council (community), proposals
(residents, public), the vote (one per verified phone) and confirmation into a project."""

from .proposals import MAX_COST, confirm, deliberate, negative_match, proposal_submit
from .setup import caps_set, round_create, round_link_meeting, round_transition, rule_add, rule_remove
from .voting import request_code, vote_cast, voter_index

__all__ = ["MAX_COST", "caps_set", "confirm", "deliberate", "negative_match", "proposal_submit", "request_code",
           "round_create", "round_link_meeting", "round_transition", "rule_add", "rule_remove", "vote_cast",
           "voter_index"]
