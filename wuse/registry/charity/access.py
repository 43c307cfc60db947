"""The charitable-resource rows in the role × action table."""

from wuse.access.policy import GOVERNMENT, Scope, register
from wuse.accounts.roles import Role

_STAFF_AND_STREET = {Role.COMMUNITY_STAFF: Scope.SUBTREE, Role.STREET_OFFICER: Scope.SUBTREE}

register(
    {
        "donor.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
        "donor.create": _STAFF_AND_STREET,
        "donor.change": _STAFF_AND_STREET,
        "donor.reveal_pii": _STAFF_AND_STREET,
        "donation.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
        "donation.create": _STAFF_AND_STREET,
        "donation.allocate": _STAFF_AND_STREET,
        "allocation.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
        "allocation.use": _STAFF_AND_STREET,
        "allocation.release": _STAFF_AND_STREET,
        "resource_list.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
        "resource_list.publish": {Role.COMMUNITY_STAFF: Scope.SUBTREE},
    },
)
