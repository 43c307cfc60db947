"""The person rows in the role × action table."""

from wuse.access.policy import GOVERNMENT, Scope, register
from wuse.accounts.roles import Role

register(
    {
        "person.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
        # Full phone and ID number: only the community that serves the resident (audited).
        "person.reveal_pii": {Role.COMMUNITY_STAFF: Scope.SUBTREE},
    },
)
