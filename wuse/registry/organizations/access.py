"""The organization and social-worker rows in the role × action table.

An organization registered by a district bureau (or filed with a street) belongs to that unit's
subtree like any record. The reach beyond the table (an organization is also seen by the units it
serves, and its own members see and edit it) is added by the functions of this module.
"""

from wuse.access.policy import GOVERNMENT, Scope, register
from wuse.accounts.roles import Role

_REGISTRARS = {Role.CITY_ADMIN: Scope.SUBTREE, Role.DISTRICT_REVIEWER: Scope.SUBTREE,
               Role.STREET_OFFICER: Scope.SUBTREE}
_LOCAL = {Role.DISTRICT_REVIEWER: Scope.SUBTREE, Role.STREET_OFFICER: Scope.SUBTREE,
          Role.COMMUNITY_STAFF: Scope.SUBTREE}

register(
    {
        "organization.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
        "organization.create": _REGISTRARS,
        "organization.change": _REGISTRARS,
        "organization.set_status": _REGISTRARS,
        "organization.members": _REGISTRARS,
        "organization.reveal_pii": _REGISTRARS,
        "social_worker.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
        "social_worker.create": _LOCAL,
        "social_worker.change": _LOCAL,
    },
)
