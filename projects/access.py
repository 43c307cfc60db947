"""The projects step's rows in the role × action table, and the undertaker's reach beyond it.

The community (and its street) plans, the street reviews, the district reviews what lies above its threshold.
The members of the undertaking organization see the project and deliver it (``project.deliver``: activities,
expenses, reports in the delivery increment) but never change the plan: a **reach** on the project's
``undertaker`` column (``IN`` the organizations they are members of), so it follows a change of undertaker at
once — nothing to grant or revoke.
"""

from django.db.models import Q

from wuse.access.policy import GOVERNMENT, Scope, register, register_reach
from wuse.accounts.roles import Role
from wuse.registry.organizations.access import member_organization_ids

from .models import Project

_PLANNERS = {Role.COMMUNITY_STAFF: Scope.SUBTREE, Role.STREET_OFFICER: Scope.SUBTREE}
_STREET = {Role.STREET_OFFICER: Scope.SUBTREE}
_OVERSIGHT = {Role.STREET_OFFICER: Scope.SUBTREE, Role.DISTRICT_REVIEWER: Scope.SUBTREE}

register(
    {
        "project.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
        "project.create": _PLANNERS,
        "project.change": _PLANNERS,  # the plan, its needs, co-design and participants, while editable
        "project.submit": _PLANNERS,
        "project.withdraw": _PLANNERS,
        "project.review_street": _STREET,
        "project.review_district": {Role.DISTRICT_REVIEWER: Scope.SUBTREE},
        "project.publish": _PLANNERS,
        "project.undertake": _PLANNERS,
        "project.start": _PLANNERS,
        "project.deliver": _PLANNERS,  # activities, expenses, reports (the delivery increment)
        "project.submit_acceptance": _PLANNERS,
        "project.accept": _PLANNERS,
        "project.await_evaluation": _PLANNERS,
        "project.close": _OVERSIGHT,  # fired by the evaluation step
        "project.suspend": _OVERSIGHT,
        "project.terminate": _OVERSIGHT,
        "project.change_request": _PLANNERS,
        "project.change_approve": _STREET,
        "project.set_threshold": {Role.DISTRICT_REVIEWER: Scope.SUBTREE},
        # "My projects": the organization members' list (their projects come from the undertaker, not the unit).
        "project.own": {Role.ORG_MEMBER: Scope.SUBTREE},
    },
)

# What the undertaking organization's members may do on its projects.
UNDERTAKER_ACTIONS = frozenset({"project.view", "project.deliver", "project.start", "project.submit_acceptance"})


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def undertaker_condition(user, action: str) -> Q | None:
    """``undertaker IN (the user's organizations)``: an index serves it beside the unit ranges (an ``EXISTS``
    there made PostgreSQL read every project); nothing for the users who are members of none."""
    if action not in UNDERTAKER_ACTIONS or not _active(user):
        return None
    organizations = member_organization_ids(user)
    return Q(undertaker_id__in=organizations) if organizations else None


def holds_as_undertaker(user, action: str) -> bool:
    """Whether the reach may give ``action`` somewhere (menus, coarse checks): a member of some organization — the
    rows themselves are always filtered by ``undertaker_condition`` (an organization with no project yet: an
    empty list, no query per menu entry)."""
    return action in UNDERTAKER_ACTIONS and _active(user) and bool(member_organization_ids(user))


register_reach(Project, actions=UNDERTAKER_ACTIONS, condition=undertaker_condition, holds=holds_as_undertaker)
