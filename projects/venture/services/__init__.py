"""Every write of the venture rounds: one function per action, guard → change → audit, in one transaction."""

from .applications import application_check, application_submit
from .funding import (
                      application_sign,
                      closed_midterm,
                      debar,
                      debarred_until,
                      midterm_record,
                      tranche_pay,
                      tranche_recover,
)
from .rounds import RoundData, panel_close, round_create, round_transition
from .scoring import score_submit

__all__ = ["RoundData", "application_check", "application_sign", "application_submit", "closed_midterm", "debar",
           "debarred_until", "midterm_record", "panel_close", "round_create", "round_transition", "score_submit",
           "tranche_pay", "tranche_recover"]
