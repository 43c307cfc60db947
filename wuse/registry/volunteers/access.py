"""The volunteer rows in the role × action table."""

from wuse.access.policy import GOVERNMENT, Scope, register
from wuse.accounts.roles import Role

_STAFF_AND_STREET = {Role.COMMUNITY_STAFF: Scope.SUBTREE, Role.STREET_OFFICER: Scope.SUBTREE}

register(
    {
        "volunteer.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
        "volunteer.create": _STAFF_AND_STREET,
        "volunteer.change": _STAFF_AND_STREET,
        "volunteer_team.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
        "volunteer_team.create": _STAFF_AND_STREET,
        "volunteer_team.change": _STAFF_AND_STREET,
        "service_entry.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
        "service_entry.create": _STAFF_AND_STREET,
        # Verified by the unit where the service was given, never by the entry's own recorder.
        "service_entry.verify": _STAFF_AND_STREET,
        "volunteer_certificate.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
        # 谁记录谁证明: the community keeping the record issues the certificate.
        "volunteer_certificate.issue": {Role.COMMUNITY_STAFF: Scope.SUBTREE},
        # A volunteer's own record ("My volunteer record"): only the volunteer linked through Person.user.
        "volunteer.self": {Role.VOLUNTEER: Scope.SUBTREE},
    },
)
