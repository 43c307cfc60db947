"""The annual assessment's rows in the role × action table.

- ``assessment.view``: the government roles, each over its unit and the units below (as needs and projects).
- ``assessment.rollup``: the city admin only, installation-wide (a roll-up computes every unit of the year).
"""

from wuse.access.policy import GOVERNMENT, Scope, register
from wuse.accounts.roles import Role

register({
    "assessment.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
    "assessment.rollup": {Role.CITY_ADMIN: Scope.GLOBAL},
})
