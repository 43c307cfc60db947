"""The annual assessment's rows in the role × action table.

- ``assessment.view``: the government roles, each over its unit and the units below (as needs and projects).
- ``assessment.rollup``: the city admin only, installation-wide (a roll-up computes every unit of the year).
- ``assessment.approve``: the supervising level of each unit — street officer (its communities), district
  reviewer (its streets), city admin (its districts). Held over the subtree so that a level may *unlock* below
  it (the approving level or any level above); *approving* itself also needs a membership at the parent unit
  (``assessment.approvals.may_approve``): each level signs only for the units it supervises directly. Community
  staff have no units below them to approve.
"""

from wuse.access.policy import GOVERNMENT, Scope, register
from wuse.accounts.roles import Role

register({
    "assessment.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
    "assessment.rollup": {Role.CITY_ADMIN: Scope.GLOBAL},
    "assessment.approve": dict.fromkeys((Role.CITY_ADMIN, Role.DISTRICT_REVIEWER, Role.STREET_OFFICER),
                                        Scope.SUBTREE),
})
