"""Every write to the volunteer registry, one function per action: guard → change → audit.

- ``volunteers``: register a volunteer (with their person), change them, add record notes; the numbering
  of a unit's records (also used by ``..certificate``);
- ``teams``: volunteer teams, their members and leader;
- ``entries``: the service record — record services and team activities, verify and reject them (the
  transitions of ``..workflow``).

Certificates are in ``..certificate``. The names below are the public ones (``services.team_create``…).
"""

from ..errors import ServiceEntryError, VolunteerError
from .entries import (
    MAX_HOURS_PER_DAY,
    MAX_VERIFY_AT_ONCE,
    MAX_VOLUNTEERS_PER_ACTIVITY,
    BulkResult,
    ServiceData,
    entries_record,
    entries_verify,
    entry_reject,
    entry_verify,
)
from .teams import TEAM_UNIT_LEVELS, team_create, team_member_add, team_member_remove, team_set_leader
from .volunteers import (
    NUMBER_DIGITS,
    lock_unit,
    next_number,
    record_note_add,
    volunteer_register,
    volunteer_update,
)

__all__ = [
    "MAX_HOURS_PER_DAY", "MAX_VERIFY_AT_ONCE", "MAX_VOLUNTEERS_PER_ACTIVITY", "NUMBER_DIGITS", "TEAM_UNIT_LEVELS",
    "BulkResult", "ServiceData", "ServiceEntryError", "VolunteerError", "entries_record", "entries_verify",
    "entry_reject", "entry_verify", "lock_unit", "next_number", "record_note_add", "team_create",
    "team_member_add", "team_member_remove", "team_set_leader", "volunteer_register", "volunteer_update",
]
