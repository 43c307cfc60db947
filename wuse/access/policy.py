"""The role × action table: the one place that says who may do what, and over which units.

A step plugs its actions in with ``register`` (see ``needs/access.py``); the
access layer, the UI and the permission-matrix tests all read this table.

Scopes:
- SUBTREE: at the membership's unit and every unit below it.
- GLOBAL: installation-wide, not tied to a unit (only the installation duties).
Object-level exceptions (django-guardian) are declared per action in ``OBJECT_PERMS``.
"""

from enum import Enum

from wuse.accounts.roles import Role


class Scope(Enum):
    SUBTREE = "subtree"
    GLOBAL = "global"


GOVERNMENT = (Role.CITY_ADMIN, Role.DISTRICT_REVIEWER, Role.STREET_OFFICER, Role.COMMUNITY_STAFF)

POLICY: dict[str, dict[Role, Scope]] = {
    "region.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
    "audit.view": {Role.AUDIT_ADMIN: Scope.GLOBAL},
    "accounts.manage": {Role.SYSTEM_ADMIN: Scope.GLOBAL},
}

# action → django-guardian permission granting it on single objects (exceptions, never the hierarchy).
OBJECT_PERMS: dict[str, str] = {}


def register(actions: dict[str, dict[Role, Scope]], object_perms: dict[str, str] | None = None) -> None:
    for action, grants in actions.items():
        if action in POLICY:
            raise ValueError(f"access action {action!r} is declared twice")
        POLICY[action] = dict(grants)
    OBJECT_PERMS.update(object_perms or {})


def grants(action: str) -> dict[Role, Scope]:
    try:
        return POLICY[action]
    except KeyError:
        raise KeyError(f"unknown access action {action!r}; declare it in the policy table") from None
