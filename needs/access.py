"""The needs step's rows in the role × action table."""

from wuse.access.policy import GOVERNMENT, Scope, register
from wuse.accounts.roles import Role

_STAFF = {Role.COMMUNITY_STAFF: Scope.SUBTREE}

register(
    {
        "need.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
        "need.create": _STAFF,
        "need.change": _STAFF,
        "need.verify": _STAFF,
        "need.list": _STAFF,
        "need.reject": {Role.COMMUNITY_STAFF: Scope.SUBTREE, Role.STREET_OFFICER: Scope.SUBTREE},
    },
    # An evaluator or organization may be shown a single need (e.g. one their project answers).
    object_perms={"need.view": "needs.view_need"},
)
