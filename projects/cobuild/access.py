"""The co-building list's rows in the role × action table: government sees its unit and below; the community's
staff and its street build the list, record deliveries, publish and close it."""

from wuse.access.policy import GOVERNMENT, Scope, register
from wuse.accounts.roles import Role

_BUILDERS = {Role.COMMUNITY_STAFF: Scope.SUBTREE, Role.STREET_OFFICER: Scope.SUBTREE}

register({
    "cobuild.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
    "cobuild.change": _BUILDERS,  # the list, its pledges, matches, deliveries, co-building projects
    "cobuild.publish": _BUILDERS,  # publish and close
})
