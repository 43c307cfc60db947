"""The meetings' rows in the role × action table."""

from wuse.access.policy import GOVERNMENT, Scope, register
from wuse.accounts.roles import Role

_STAFF = {Role.COMMUNITY_STAFF: Scope.SUBTREE}

register(
    {
        "meeting.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
        "meeting.create": _STAFF,
        "meeting.change": _STAFF,
        "meeting.delete": _STAFF,
        "meeting.link_need": _STAFF,
    },
)
