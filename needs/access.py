"""The needs step's rows in the role × action table."""

from wuse.access.policy import GOVERNMENT, Scope, register
from wuse.accounts.roles import Role

_STAFF = {Role.COMMUNITY_STAFF: Scope.SUBTREE}
_STAFF_AND_STREET = {Role.COMMUNITY_STAFF: Scope.SUBTREE, Role.STREET_OFFICER: Scope.SUBTREE}

register(
    {
        "need.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
        "need.create": _STAFF,
        "need.change": _STAFF,
        "need.support": _STAFF,
        "need.verify": _STAFF,
        "need.list": _STAFF,
        "need.merge": _STAFF,
        "need.refer": _STAFF_AND_STREET,
        "need.resolve": _STAFF,
        "need.reject": _STAFF_AND_STREET,
        "need.to_project": _STAFF_AND_STREET,
        # A project's reviewers return its needs to the list when they do not approve it or end it early.
        "need.from_project": {Role.COMMUNITY_STAFF: Scope.SUBTREE, Role.STREET_OFFICER: Scope.SUBTREE,
                              Role.DISTRICT_REVIEWER: Scope.SUBTREE},
        "need.close": _STAFF,
        "need.follow_up": _STAFF,
        # Personal data: only the community that serves the resident sees it in full (audited).
        "need.reveal_pii": _STAFF,
        "need.view_sensitive": _STAFF,
        # The published needs list: the community assembles it, the street reviews it.
        "needs_list.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
        "needs_list.create": _STAFF,
        "needs_list.change": _STAFF,
        "needs_list.submit": _STAFF,
        "needs_list.revise": _STAFF,
        "needs_list.approve": {Role.STREET_OFFICER: Scope.SUBTREE},
        "needs_list.return": {Role.STREET_OFFICER: Scope.SUBTREE},
    },
    # An evaluator or organization may be shown a single need (e.g. one their project answers).
    object_perms={"need.view": "needs.view_need"},
)
