"""The assessment plans' rows in the role × action table.

- ``plan.view``: the government roles, over their unit and below; and, through a reach, the plans of the units
  above their own (the city's and their district's plan assess them: a street officer reads both).
- ``plan.edit``: the city admin and the district reviewers. The table says where they hold it; ``selectors.
  may_edit`` adds that a plan is edited only by the role sitting at its own unit (the city admin the city's plan,
  a district reviewer their district's), not by an admin above it.
- ``plan.score``: the roles that sit above a level (city admin, district reviewer, street officer); a manual score
  is given by the role sitting at the scored unit's parent (``selectors.may_score``).
"""

from django.db.models import Q

from wuse.access.api import memberships
from wuse.access.policy import GOVERNMENT, Scope, register, register_reach
from wuse.accounts.roles import Role

register({
    "plan.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
    "plan.edit": dict.fromkeys((Role.CITY_ADMIN, Role.DISTRICT_REVIEWER), Scope.SUBTREE),
    "plan.score": dict.fromkeys((Role.CITY_ADMIN, Role.DISTRICT_REVIEWER, Role.STREET_OFFICER), Scope.SUBTREE),
})


def _ancestor_codes(user) -> set[str]:
    """The codes of the units above each of the user's government units (from the codes: no query)."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return set()
    codes = set()
    for grant in memberships(user):
        if grant.role in GOVERNMENT:
            codes.update(grant.prefix[:n].ljust(12, "0") for n in (2, 4, 6, 9) if n < len(grant.prefix))
    return codes


def _plans_above(user, action: str) -> Q | None:
    codes = _ancestor_codes(user)
    return Q(region_id__in=sorted(codes)) if codes else None


def _register_reach() -> None:
    from .models import Plan

    register_reach(Plan, actions={"plan.view"}, condition=_plans_above,
                   holds=lambda user, action: bool(_ancestor_codes(user)))


_register_reach()
