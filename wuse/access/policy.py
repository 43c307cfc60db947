"""The role × action table: the one place that says who may do what, and over which units.

A step plugs its actions in with ``register`` (see ``needs/access.py``); the
access layer, the UI and the permission-matrix tests all read this table.

Scopes:
- SUBTREE: at the membership's unit and every unit below it.
- GLOBAL: installation-wide, not tied to a unit (only the installation duties).
Object-level exceptions (django-guardian) are declared per action in ``OBJECT_PERMS``; rules the table
cannot say (reach by membership, by the unit served, upwards to a street's records) are declared per
model with ``register_reach``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from django.db.models import Q

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


# --------------------------------------------------------------------------------------------- reach

@dataclass(frozen=True)
class Reach:
    """Rows of one model that some users reach beyond the role table, for some actions.

    ``condition(user, action)`` returns a condition on the model's rows (a ``Q``, ``Exists`` subqueries
    welcome: never a join that repeats rows), or None when nothing reaches that user. ``holds(user,
    action)``, when given, says whether the user reaches any row at all (menus and create buttons).
    """

    model: type
    actions: frozenset[str]
    condition: Callable[[object, str], Q | None]
    holds: Callable[[object, str], bool] | None = None


# model label ("needs.need") → the reaches registered for it.
REACHES: dict[str, list[Reach]] = {}


def register_reach(model, *, actions, condition, holds=None) -> Reach:
    """Declare a rule beyond the table (a street's survey reaching its communities, an organization's
    members…): ``scoped``, ``can``, ``get_for_user``, ``has_action`` and the workflow kernel all read it."""
    unknown = set(actions) - set(POLICY)
    if unknown:
        raise KeyError(f"reach for unknown access action(s) {sorted(unknown)}; register them first")
    reach = Reach(model, frozenset(actions), condition, holds)
    REACHES.setdefault(model._meta.label_lower, []).append(reach)
    return reach


def reaches(model, action: str) -> list[Reach]:
    return [r for r in REACHES.get(model._meta.label_lower, ()) if action in r.actions]
