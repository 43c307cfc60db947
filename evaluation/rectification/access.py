"""The rectifications' rows in the role × action table, and the owner organization's reach beyond it.

- Every government level sees the rectifications of its units (``rectification.view``, like ``evaluation.view``).
- The district's reviewer and the street's officer set rectifications up from the findings of a submitted or
  closed evaluation (``rectification.create``); the street verifies or returns what was submitted
  (``rectification.verify``); the district cancels (``rectification.cancel``).
- The owner organization's members see their rectifications and submit what was done (``rectification.view``,
  ``rectification.submit``): a **reach** on ``owner_organization`` (``IN`` the organizations they are members of,
  read once per request), so a change of owner takes effect at once with nothing to grant or revoke.
- ``rectification.own`` is what puts "rectifications due" on an organization member's home page (like
  ``project.own``): it opens no row; the rows always come from the reach.
"""

from django.db.models import Q

from wuse.access.policy import GOVERNMENT, Scope, register, register_reach
from wuse.accounts.roles import Role
from wuse.registry.organizations.access import member_organization_ids

from .models import Rectification

register(
    {
        "rectification.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
        "rectification.create": {Role.DISTRICT_REVIEWER: Scope.SUBTREE, Role.STREET_OFFICER: Scope.SUBTREE},
        "rectification.submit": {},  # the owner organization's members only (the reach below)
        "rectification.verify": {Role.STREET_OFFICER: Scope.SUBTREE},
        "rectification.cancel": {Role.DISTRICT_REVIEWER: Scope.SUBTREE},
        "rectification.own": {Role.ORG_MEMBER: Scope.SUBTREE},
    },
)

OWNER_ACTIONS = frozenset({"rectification.view", "rectification.submit"})


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def owner_condition(user, action: str) -> Q | None:
    """``owner_organization IN (the user's organizations)``; nothing for users who are members of none."""
    if action not in OWNER_ACTIONS or not _active(user):
        return None
    organizations = member_organization_ids(user)
    return Q(owner_organization_id__in=organizations) if organizations else None


def holds_as_owner(user, action: str) -> bool:
    """A member of some organization may hold the action on its rectifications (the rows are filtered by
    ``owner_condition``)."""
    return action in OWNER_ACTIONS and _active(user) and bool(member_organization_ids(user))


register_reach(Rectification, actions=OWNER_ACTIONS, condition=owner_condition, holds=holds_as_owner)
