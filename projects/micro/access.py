"""Who does what in 民生微实事: community staff and street officers run rounds (the council's shortlist, the vote,
the confirmation); the district sets the caps and the negative list; the district and the city look on. Residents
need no account: they propose and vote on the public pages."""

from wuse.access.policy import Scope, register
from wuse.accounts.roles import Role

_RUNNERS = {Role.COMMUNITY_STAFF: Scope.SUBTREE, Role.STREET_OFFICER: Scope.SUBTREE}
_LOOKERS = {**_RUNNERS, Role.DISTRICT_REVIEWER: Scope.SUBTREE, Role.CITY_ADMIN: Scope.SUBTREE}

register({
    "micro_round.view": _LOOKERS,
    "micro.run": _RUNNERS,
    "micro.deliberate": _RUNNERS,
    "micro.confirm": _RUNNERS,
    "micro_caps.view": {Role.DISTRICT_REVIEWER: Scope.SUBTREE, Role.CITY_ADMIN: Scope.SUBTREE},
    "micro_caps.edit": {Role.DISTRICT_REVIEWER: Scope.SUBTREE},
})
